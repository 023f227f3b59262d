package dev.weft.loop;

import dev.weft.Coroutine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * asyncio's {@code Server}: a listening socket made by {@link Asyncio#startServer}, which runs its
 * {@link ConnectionHandler} as a new task for each connection it accepts, or by
 * {@link EventLoop#createServer}, which gives each connection a new {@link Protocol} and its
 * {@link Transport}.
 *
 * <pre>{@code
 * Server server = await(Asyncio.startServer(Echo::serve, "127.0.0.1", 8888));
 * await(server.serveForever());     // until cancelled; then it closes and waits for its connections
 * }</pre>
 *
 * <p>It accepts from the moment it is started until {@link #close()}. Closing stops the listening only;
 * {@link #closeClients()} and {@link #abortClients()} close the connections, and {@link #waitClosed()}
 * waits until the server is closed and every connection has ended. {@link #close()} is also its
 * {@link AutoCloseable#close()}. Loop thread only.
 */
public final class Server implements AutoCloseable {
    /** How many pending connections the socket queues, and accepts per readiness (asyncio's: 100). */
    static final int BACKLOG = 100;

    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private final SocketAddress address;
    /** The socket file a Unix-domain server removes when it closes, else null. */
    private final Path socketFile;
    /** What serves each connection's streams, or null if a protocol does. */
    private final ConnectionHandler handler;
    /** What makes each connection's protocol, or null if a handler serves its streams. */
    private final Supplier<? extends Protocol> protocols;
    /** The readers' limit and what each accepted connection does TLS with (none: plain). */
    private final StreamOptions options;
    private final Set<SocketStream> connections = new LinkedHashSet<>();
    private final Waiters closeWaiters = new Waiters();
    private boolean closed;
    /** What {@link #serveForever()} waits on while it runs, else null. */
    private Future<Void> servingForever;

    /**
     * Starts accepting on {@code channel} (bound, non-blocking) on {@code loop}, the current thread's,
     * serving each connection with {@code handler} or, if that is null, with a protocol from
     * {@code protocols}.
     */
    Server(EventLoop loop, ServerSocketChannel channel, ConnectionHandler handler,
           Supplier<? extends Protocol> protocols, StreamOptions options) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.address = channel.getLocalAddress();
        this.socketFile = address instanceof UnixDomainSocketAddress ? ((UnixDomainSocketAddress) address).getPath() : null;
        this.handler = handler;
        this.protocols = protocols;
        this.options = options;
        loop.addReader(channel, this::acceptReady);
    }

    /** The loop the server runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    /**
     * The address the server listens on: an {@link InetSocketAddress} (with the port the system chose if
     * 0 was asked for) or a {@link UnixDomainSocketAddress}.
     */
    public SocketAddress localAddress() {
        return address;
    }

    /** The TCP port the server listens on, or -1 for a Unix-domain server. */
    public int port() {
        return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
    }

    /** True from the start until {@link #close()}. */
    public boolean isServing() {
        return !closed;
    }

    /** How many accepted connections have not ended yet. */
    public int activeConnections() {
        return connections.size();
    }

    private void acceptReady() {
        for (int i = 0; i < BACKLOG && !closed; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                // out of file descriptors, say: the connection waits in the backlog until the next readiness
                report("Error accepting a connection on " + this, e, null);
                return;
            }
            if (accepted == null) {
                return;
            }
            serve(accepted);
        }
    }

    private void serve(SocketChannel accepted) {
        SocketStream stream;
        try {
            Streams.configure(accepted);
            SSLContext ssl = options.ssl();
            Receiver receiver = handler != null ? new Receiver.OfReader(new StreamReader(options.limit()))
                    : new ProtocolReceiver(protocols.get());
            stream = new SocketStream(loop, accepted, receiver, this::connectionLost, true,
                    ssl == null ? null : Streams.serverEngine(ssl), options.sslHandshakeTimeout(),
                    options.sslShutdownTimeout());
        } catch (IOException | RuntimeException e) {
            report("Error setting up an accepted connection on " + this, e, null);
            Streams.closeQuietly(accepted);
            return;
        }
        connections.add(stream);
        if (handler == null) {
            return; // the stream tells the protocol connectionMade itself (over TLS, once the handshake is done)
        }
        if (options.ssl() == null) {
            startHandler(stream);
            return;
        }
        // as asyncio: the handler runs once the TLS handshake is done; a failed handshake only closes
        // the connection (the stream closes itself), reported to nobody, like any client that goes away
        stream.ready().addDoneCallback(h -> {
            if (h.exception() == null) {
                startHandler(stream);
            }
        });
    }

    private void startHandler(SocketStream stream) {
        Coroutine<?> coro;
        try {
            coro = handler.connected(stream.reader(), new StreamWriter(stream));
        } catch (RuntimeException | Error e) {
            if (Throwing.isFatal(e)) {
                throw e;
            }
            report("Unhandled exception in the connection handler", e, stream);
            stream.close();
            return;
        }
        if (coro == null) {
            return; // the handler took the connection over without a coroutine of its own
        }
        Task<?> task = loop.createTask(coro);
        task.addDoneCallback(t -> {
            if (t.cancelled()) {
                stream.close();
                return;
            }
            Throwable e = t.exception();
            if (e != null) {
                report("Unhandled exception in the connection handler", e, stream);
                stream.close();
            }
        });
    }

    private void report(String message, Throwable e, SocketStream stream) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", message);
        context.put("exception", e);
        context.put("server", this);
        if (stream != null) {
            context.put("transport", stream);
        }
        loop.callExceptionHandler(context);
    }

    private void connectionLost(SocketStream stream) {
        connections.remove(stream);
        wakeUpIfClosed();
    }

    private void wakeUpIfClosed() {
        if (closed && connections.isEmpty()) {
            closeWaiters.wake(null);
        }
    }

    /**
     * Stops listening (the connections go on; see {@link #closeClients()}), and ends a running
     * {@link #serveForever()}. A Unix-domain server removes its socket file. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.removeReader(channel);
        Streams.closeNow(loop, channel); // refuses connections, and frees the port, from now on
        if (socketFile != null) {
            Streams.deleteSocketFile(socketFile);
        }
        if (servingForever != null && !servingForever.done()) {
            servingForever.cancel();
        }
        wakeUpIfClosed();
    }

    /** Closes every accepted connection, each once its unsent bytes are sent. */
    public void closeClients() {
        for (SocketStream s : new ArrayList<>(connections)) {
            s.close();
        }
    }

    /** Closes every accepted connection at once, dropping unsent bytes. */
    public void abortClients() {
        for (SocketStream s : new ArrayList<>(connections)) {
            s.abort();
        }
    }

    /** A coroutine that waits until the server is closed and every connection it accepted has ended. */
    public Coroutine<Void> waitClosed() {
        return closeWaiters.until(loop, "Server.waitClosed()", () -> closed && connections.isEmpty());
    }

    /**
     * A coroutine that serves until it is cancelled (or the server is closed by someone else, which
     * cancels it): it then closes the server, waits for {@link #waitClosed()}, and ends with the
     * {@link CancelledError}, as asyncio's {@code serve_forever}.
     *
     * @see IllegalStateException thrown by the coroutine if the server is closed, or another
     *      {@code serveForever} runs
     */
    public Coroutine<Void> serveForever() {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            private Throwable cancelled;

            @Override
            protected Object start() {
                if (servingForever != null) {
                    throw new IllegalStateException("server " + Server.this
                            + " is already being awaited on serveForever()");
                }
                if (closed) {
                    throw new IllegalStateException("server " + Server.this + " is closed");
                }
                servingForever = loop.createFuture();
                return servingForever;
            }

            @Override
            protected Object resume(Object value) {
                servingForever = null;
                return finish(null);
            }

            @Override
            protected Object fail(Throwable error) {
                servingForever = null;
                if (!(error instanceof CancelledError)) {
                    throw Throwing.sneaky(error);
                }
                cancelled = error;
                Server.this.close(); // not this coroutine's own close()
                return delegate(waitClosed());
            }

            @Override
            protected Object innerReturned(Object value) {
                throw Throwing.sneaky(cancelled);
            }

            @Override
            protected Object innerFailed(Throwable error) {
                cancelled.addSuppressed(error);
                throw Throwing.sneaky(cancelled);
            }

            @Override
            protected String name() {
                return "Server.serveForever()";
            }
        });
    }

    @Override
    public String toString() {
        return "Server[" + address + (closed ? ", closed" : "") + ", connections=" + connections.size() + "]";
    }
}
