package dev.weft.loop;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLContext;

/**
 * {@link StreamWriter#startTls} and {@link EventLoop#startTls}: upgrades an open socket connection to TLS
 * in place (asyncio's {@code start_tls}). It drains what was written (which goes out in plain), then puts
 * TLS between the socket and its reader or protocol and waits for the handshake: as the TLS server on a
 * connection a {@link Server} accepted, else as the client, checking the server's certificate against
 * {@code serverHostname} (null: the address connected to). A failed handshake closes the connection.
 *
 * @param <T> what it returns: nothing for a stream, the transport for a protocol's
 */
final class StartTls<T> extends LoopCoroutine<T> {
    private final WriteTransport transport;
    /** What the coroutine returns once the handshake is done. */
    private final T result;
    private final SSLContext ssl;
    private final String serverHostname;
    private final double handshakeTimeout;
    private final double shutdownTimeout;
    private final String name;
    private SocketStream upgrading;

    /** Upgrades {@code transport} with {@code ssl} (not null) and timeouts the caller has checked. */
    StartTls(WriteTransport transport, SSLContext ssl, String serverHostname, double handshakeTimeout,
             double shutdownTimeout, T result, String name) {
        this.transport = transport;
        this.result = result;
        this.ssl = ssl;
        this.serverHostname = serverHostname;
        this.handshakeTimeout = handshakeTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.name = name;
    }

    @Override
    protected Object start() {
        if (!(transport instanceof SocketStream)) {
            throw new IllegalStateException("only a socket's connection can start TLS");
        }
        upgrading = (SocketStream) transport;
        return delegate(upgrading.drain());
    }

    @Override
    protected Object innerReturned(Object value) {
        SocketAddress peer = upgrading.remoteAddress();
        InetSocketAddress inet = peer instanceof InetSocketAddress ? (InetSocketAddress) peer : null;
        return upgrading.startTls(upgrading.accepted ? Streams.serverEngine(ssl)
                : Streams.clientEngine(ssl, serverHostname != null ? serverHostname
                        : inet == null ? null : inet.getHostString(), inet == null ? -1 : inet.getPort()),
                handshakeTimeout, shutdownTimeout);
    }

    /** The handshake is done. */
    @Override
    protected Object resume(Object value) {
        return finish(result);
    }

    /** The handshake failed, or the wait for it was cancelled: the connection is closed. */
    @Override
    protected Object fail(Throwable error) {
        upgrading.abort();
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return name;
    }
}
