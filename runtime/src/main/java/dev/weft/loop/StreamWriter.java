package dev.weft.loop;

import dev.weft.Coroutine;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;

/**
 * asyncio's {@code StreamWriter}: the sending side of a connection opened by
 * {@link Asyncio#openConnection} or accepted by a {@link Server}.
 *
 * <p>{@link #write} never waits: it sends what the socket takes at once and buffers the rest. A producer
 * that may outrun the peer awaits {@link #drain()} after writing, which waits while more than 64 KiB
 * are unsent and reports a lost connection:
 *
 * <pre>{@code
 * for (byte[] chunk : chunks) {
 *     writer.write(chunk);
 *     await(writer.drain());
 * }
 * writer.close();
 * await(writer.waitClosed());
 * }</pre>
 *
 * <p>Writes after the connection is lost are dropped, as asyncio's are; {@code drain()} then fails.
 * Closing is the writer's job, also in a {@link Server}'s handler: a connection stays open until
 * {@link #close()} (or until the handler fails or is cancelled). Loop thread only.
 */
public final class StreamWriter {
    private final WriteTransport stream;

    StreamWriter(WriteTransport stream) {
        this.stream = stream;
    }

    /**
     * Sends {@code data}, or buffers what the socket cannot take yet; never waits. The array may be
     * reused as soon as this returns.
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    public void write(byte[] data) {
        stream.write(ByteBuffer.wrap(data));
    }

    /**
     * Sends the remaining bytes of {@code data} (consuming them), or buffers what the socket cannot take
     * yet; never waits.
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    public void write(ByteBuffer data) {
        stream.write(data);
    }

    /** {@link #write(byte[])} of each array in turn. */
    public void writelines(Iterable<byte[]> lines) {
        for (byte[] line : lines) {
            write(line);
        }
    }

    /**
     * A coroutine that waits until the write buffer has drained to its low-water mark (16 KiB), if it
     * is above its high-water mark (64 KiB); at once otherwise.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the connection failed or was lost
     */
    public Coroutine<Void> drain() {
        return stream.drain();
    }

    /** How many written bytes the socket has not taken yet. */
    public long unsentBytes() {
        return stream.unsentBytes();
    }

    /**
     * Shuts down the sending direction once everything written has been sent, so the peer reads the end
     * of its stream; reading from it goes on (a half-close). For a subprocess's input, closes it.
     *
     * @throws UnsupportedOperationException over TLS, which cannot end one direction alone
     */
    public void writeEof() {
        stream.writeEof();
    }

    /** True if {@link #writeEof()} can shut the sending direction down alone: a plain socket or a pipe, not TLS. */
    public boolean canWriteEof() {
        return stream.canWriteEof();
    }

    /**
     * The TLS session of the connection (asyncio's {@code get_extra_info('ssl_object')}): the peer's
     * certificates, the protocol and cipher suite; null without TLS.
     */
    public javax.net.ssl.SSLSession sslSession() {
        return stream.sslSession();
    }

    /**
     * Closes the connection: stops reading now, and closes the socket once everything written has been
     * sent (with TLS: and once the peer has answered this side's close_notify, within the shutdown timeout
     * of {@link StreamOptions#withSslShutdownTimeout}). Idempotent. Await {@link #waitClosed()} to know
     * when it is closed.
     */
    public void close() {
        stream.close();
    }

    /** Closes the connection at once, dropping what is unsent. */
    public void abort() {
        stream.abort();
    }

    /** True once {@link #close()} or {@link #abort()} was called, or the connection failed. */
    public boolean isClosing() {
        return stream.isClosing();
    }

    /**
     * A coroutine that waits until the connection is closed.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the connection was lost by a failure
     */
    public Coroutine<Void> waitClosed() {
        return stream.waitClosed();
    }

    /**
     * A coroutine that upgrades the connection to TLS (asyncio's {@code start_tls}), as protocols with a
     * STARTTLS command do: it drains, then does the handshake, after which everything read and written
     * goes through TLS. On a connection a {@link Server} accepted, this side is the TLS server; on one
     * opened by {@link Asyncio#openConnection}, the client, checking the server's certificate against the
     * address it connected to (see {@link #startTls(SSLContext, String)} to check a host name).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the handshake fails (the connection is
     *      then closed)
     * @see IllegalStateException thrown by the coroutine if the connection uses TLS already, is closing,
     *      or is no socket
     */
    public Coroutine<Void> startTls(SSLContext ssl) {
        return startTls(ssl, null);
    }

    /**
     * {@link #startTls(SSLContext)}, for a client checking that the server's certificate is valid for
     * {@code serverHostname} (and naming it to the server, SNI); null: the address connected to.
     */
    public Coroutine<Void> startTls(SSLContext ssl, String serverHostname) {
        return startTls(ssl, serverHostname, StreamOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT);
    }

    /**
     * {@link #startTls(SSLContext, String)} with a handshake that must be done within
     * {@code sslHandshakeTimeout} seconds (asyncio's {@code ssl_handshake_timeout}), or the connection closes.
     *
     * @throws IllegalArgumentException if {@code sslHandshakeTimeout} is not a positive number
     */
    public Coroutine<Void> startTls(SSLContext ssl, String serverHostname, double sslHandshakeTimeout) {
        return startTls(ssl, serverHostname, sslHandshakeTimeout, StreamOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT);
    }

    /**
     * {@link #startTls(SSLContext, String, double)} with a close that must be done within
     * {@code sslShutdownTimeout} seconds (asyncio's {@code ssl_shutdown_timeout}), or the connection is
     * aborted (see {@link StreamOptions#withSslShutdownTimeout}).
     *
     * @throws IllegalArgumentException if a timeout is not a positive number
     */
    public Coroutine<Void> startTls(SSLContext ssl, String serverHostname, double sslHandshakeTimeout,
                                    double sslShutdownTimeout) {
        java.util.Objects.requireNonNull(ssl, "ssl");
        // the options' own checks, with asyncio's messages (EventLoop.startTls gets options checked already)
        StreamOptions.tls(ssl).withSslHandshakeTimeout(sslHandshakeTimeout).withSslShutdownTimeout(sslShutdownTimeout);
        return LoopCoroutine.typed(new StartTls<Void>(stream, ssl, serverHostname, sslHandshakeTimeout,
                sslShutdownTimeout, null, "StreamWriter.startTls()"));
    }

    /** The address of the peer (asyncio's {@code get_extra_info('peername')}), kept once closed; null for a pipe. */
    public SocketAddress remoteAddress() {
        return stream.remoteAddress();
    }

    /** The local address (asyncio's {@code get_extra_info('sockname')}), kept once closed; null for a pipe. */
    public SocketAddress localAddress() {
        return stream.localAddress();
    }

    /**
     * The connection's transport (asyncio's {@code StreamWriter.transport}): its extra information, its
     * reading paused and resumed, its write buffer's limits; null for a pipe. Its protocol is the
     * stream's own: {@link Transport#getProtocol()} is null.
     */
    public Transport transport() {
        return stream instanceof Transport ? (Transport) stream : null;
    }

    /** The reader of the same connection; null for a subprocess's stdin. */
    public StreamReader reader() {
        return stream.reader();
    }

    @Override
    public String toString() {
        return "StreamWriter[" + stream + "]";
    }
}
