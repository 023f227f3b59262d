package dev.weft.loop;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * An asyncio-style event loop: one thread runs callbacks, timers, I/O readiness callbacks and the steps
 * of {@link Task}s, one at a time. Made by {@link Asyncio#newEventLoop()} (a {@link SelectorEventLoop}).
 *
 * <p>Threading: every method must be called on the thread running the loop (or, while the loop is not
 * running, on the thread that owns it), except {@link #callSoonThreadsafe}, {@link #stop()},
 * {@link #isRunning()}, {@link #isClosed()}, {@link #time()} and
 * {@link Asyncio#runCoroutineThreadsafe}. In {@linkplain #setDebug debug mode} the scheduling methods
 * check this and refuse calls from another thread.
 */
public interface EventLoop extends AutoCloseable {
    // ------------------------------------------------------------------ scheduling

    /**
     * Schedules {@code callback} to run at the next iteration, after those already scheduled (FIFO).
     *
     * @throws IllegalStateException if the loop is closed
     */
    Handle callSoon(Runnable callback);

    /**
     * Like {@link #callSoon}, from any thread: wakes the loop if it is waiting. The only thread-safe way
     * (with {@link Asyncio#runCoroutineThreadsafe}) to hand work to a loop.
     *
     * @throws IllegalStateException if the loop is closed
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules {@code callback} to run {@code delaySeconds} from now ({@link #time()} based). Timers run
     * in deadline order, ties in the order they were scheduled.
     *
     * @throws IllegalArgumentException if the delay is not a number
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callLater(double delaySeconds, Runnable callback);

    /** Same as {@link #callLater(double, Runnable)} with a {@link Duration}. */
    default TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(Asyncio.seconds(delay), callback);
    }

    /**
     * Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}).
     *
     * @throws IllegalArgumentException if {@code when} is not a number
     * @throws IllegalStateException if the loop is closed
     */
    TimerHandle callAt(double when, Runnable callback);

    /** The loop's monotonic time in seconds, from its {@link LoopClock}. Thread-safe. */
    double time();

    // ------------------------------------------------------------------ running

    /**
     * Runs the loop on the calling thread until {@link #stop()}. A {@code stop()} called before (or by a
     * callback) lets the callbacks already scheduled run once, then returns. An interrupt of the thread
     * ({@link Thread#interrupt}) stops it as {@code stop()} does, and is set again on the thread as it
     * returns.
     *
     * @throws IllegalStateException if the loop is closed ({@code "Event loop is closed"}), already running
     *     ({@code "This event loop is already running"}), or another loop runs on this thread
     */
    void runForever();

    /**
     * Runs the loop until {@code awaitable} completes and returns its result, or throws its failure as it
     * is. A {@link Coroutine} is wrapped in a {@link Task}; a {@link Future} must belong to this loop.
     * An interrupt of the thread ({@link Thread#interrupt}: an executor's {@code shutdownNow}, say)
     * cancels it, so that a task's coroutine unwinds through its {@code finally} blocks and this throws
     * {@link CancelledError}, with the thread's interrupt status set again.
     *
     * @throws IllegalStateException as {@link #runForever()}, or if the loop was stopped before the
     *     awaitable completed ({@code "Event loop stopped before Future completed."})
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /** Asks the loop to stop after the callbacks of the current iteration. Thread-safe. */
    void stop();

    /** True while {@link #runForever()} (or {@code runUntilComplete}) runs. Thread-safe. */
    boolean isRunning();

    /** True once {@link #close()} has run. Thread-safe. */
    boolean isClosed();

    /**
     * Closes the loop: drops pending callbacks and timers, reports futures whose exception was never
     * retrieved, removes its {@linkplain #addSignalHandler signal handlers}, shuts down the default
     * executor without waiting, and releases the selector. Idempotent.
     *
     * @throws IllegalStateException if the loop is running ({@code "Cannot close a running event loop"})
     */
    @Override
    void close();

    // ------------------------------------------------------------------ futures and tasks

    /** A new task running {@code coro} on this loop, through the {@linkplain #setTaskFactory task factory}. */
    <T> Task<T> createTask(Coroutine<T> coro);

    /** A new task running {@code coro}, named {@code name} (null for {@code Task-N}). */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /** A new pending future attached to this loop. */
    <T> Future<T> createFuture();

    /** Sets the factory {@link #createTask} uses; null restores the default ({@code Task::new}). */
    void setTaskFactory(TaskFactory factory);

    /** The factory set by {@link #setTaskFactory}, or null for the default. */
    TaskFactory getTaskFactory();

    /** The tasks of this loop that are not done, the current one included, in creation order. */
    java.util.Set<Task<?>> allTasks();

    /** The task whose coroutine is running now, or null if the loop is running a plain callback. */
    Task<?> currentTask();

    // ------------------------------------------------------------------ executors

    /**
     * Runs {@code call} on {@code executor} (null: the default executor, a thread pool created on first
     * use) and returns a future of this loop completed with its outcome on the loop thread. Cancelling
     * the future cancels the call if it has not started.
     *
     * @throws IllegalStateException if the default executor was asked for after its shutdown
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> call);

    /** Replaces the default executor used by {@link #runInExecutor} with a null executor argument. */
    void setDefaultExecutor(ExecutorService executor);

    /**
     * Shuts the default executor down and completes when its threads have finished (at most 300
     * seconds; then it gives up waiting and logs a warning).
     */
    Coroutine<Void> shutdownDefaultExecutor();

    // ------------------------------------------------------------------ async generators

    /**
     * Remembers {@code agen} (weakly) so that {@link #shutdownAsyncgens()} closes it: the loop's
     * equivalent of Python's {@code firstiter} hook, for whoever starts iterating an async generator on
     * this loop.
     */
    void trackAsyncgen(AsyncGenerator<?, ?> agen);

    /**
     * Closes ({@code aclose}) every tracked async generator that is not finished, concurrently; failures
     * go to the exception handler. {@link Asyncio#run} awaits it before closing the loop.
     */
    Coroutine<Void> shutdownAsyncgens();

    // ------------------------------------------------------------------ errors

    /** Sets the handler of errors nobody else receives; null restores {@link #defaultExceptionHandler}. */
    void setExceptionHandler(ExceptionHandler handler);

    /** The handler set by {@link #setExceptionHandler}, or null for the default. */
    ExceptionHandler getExceptionHandler();

    /**
     * Reports an error to the exception handler (see {@link ExceptionHandler} for the context keys). If
     * the handler throws, both are logged by the default handler.
     */
    void callExceptionHandler(Map<String, Object> context);

    /** Logs the context at level ERROR on the {@code dev.weft.loop} {@link System.Logger}. */
    void defaultExceptionHandler(Map<String, Object> context);

    // ------------------------------------------------------------------ debug

    /**
     * Turns debug mode on or off: callbacks slower than {@link #setSlowCallbackDuration} are logged, and
     * handles and futures remember where they were created. (Calls of the non-thread-safe methods from a
     * foreign thread while the loop runs, which asyncio refuses in debug mode only, are always refused:
     * {@code "Non-thread-safe operation invoked on an event loop other than the current one; ..."}.)
     */
    void setDebug(boolean enabled);

    /** True in debug mode. */
    boolean getDebug();

    /** The duration over which a callback counts as slow in debug mode (default 0.1 seconds). */
    void setSlowCallbackDuration(double seconds);

    /** See {@link #setSlowCallbackDuration}. */
    double getSlowCallbackDuration();

    // ------------------------------------------------------------------ signals

    /**
     * Runs {@code callback} on the loop thread whenever the process receives {@code signal}, until
     * {@link #removeSignalHandler} or {@link #close()}: asyncio's {@code add_signal_handler}. The signal is
     * named as the JDK names it, with or without {@code SIG}: {@code "TERM"}, {@code "SIGINT"},
     * {@code "HUP"}, {@code "USR1"}. The callback runs between other callbacks, in a copy of the context
     * current now, never inside the signal's handler; a second handler for the same signal replaces the
     * first. While a loop handles {@code INT}, {@code TERM} or {@code HUP}, that signal no longer stops
     * the JVM: shutting down is the callback's to do.
     *
     * <p>A signal has one handler in the process, so one loop at a time may handle it. Thread-safe.
     *
     * @throws IllegalArgumentException if the JDK knows no such signal, or the JVM or the system keeps it
     *     for itself ({@code QUIT}, {@code KILL}, {@code STOP}, ...)
     * @throws IllegalStateException if the loop is closed, or another loop handles the signal, or the
     *     signal is {@code INT}, {@code TERM} or {@code HUP} and the process ignores it (as {@code nohup}
     *     and a shell's background jobs start processes): the JVM lets no handler replace that
     * @throws UnsupportedOperationException if the runtime lacks the JDK's module {@code jdk.unsupported}
     *     (a custom runtime image made without it)
     */
    default void addSignalHandler(String signal, Runnable callback) {
        SignalHandlers.add(this, signal, callback);
    }

    /**
     * Removes this loop's handler of {@code signal}, putting back the handler the signal had before it
     * (for {@code INT}, {@code TERM} and {@code HUP}, the JVM's, which runs the shutdown hooks and exits).
     * Returns false if this loop did not handle it. Thread-safe.
     *
     * @throws IllegalArgumentException if this system has no such signal (asyncio's {@code ValueError})
     */
    default boolean removeSignalHandler(String signal) {
        return SignalHandlers.remove(this, signal);
    }

    // ------------------------------------------------------------------ I/O readiness

    /**
     * Calls {@code callback} on the loop thread whenever {@code channel} is ready to read (or, for a
     * server channel, to accept), until {@link #removeReader}. Replaces a previous reader of the channel.
     * The channel is switched to non-blocking mode.
     */
    void addReader(SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for reading; returns false if it was not watched. */
    boolean removeReader(SelectableChannel channel);

    /**
     * Calls {@code callback} whenever {@code channel} is ready to write (or to finish connecting), until
     * {@link #removeWriter}. Replaces a previous writer of the channel.
     */
    void addWriter(SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for writing; returns false if it was not watched. */
    boolean removeWriter(SelectableChannel channel);

    // ------------------------------------------------------------------ sockets

    /**
     * A coroutine that reads up to {@code maxBytes} from {@code channel}, waiting until at least one byte
     * arrives; an empty array at the end of the stream (asyncio's {@code sock_recv}). The channel is
     * switched to non-blocking mode. An I/O failure is thrown as an {@link java.io.UncheckedIOException}.
     * For streams with buffering, lines and flow control, see {@link Asyncio#openConnection}.
     */
    default Coroutine<byte[]> sockRecv(SocketChannel channel, int maxBytes) {
        return LoopCoroutine.typed(new SocketOps.Recv(this, channel, maxBytes));
    }

    /**
     * A coroutine that reads from {@code channel} into {@code into}, waiting until at least one byte
     * arrives (unless {@code into} is full), and returns how many it read: -1 at the end of the stream
     * (asyncio's {@code sock_recv_into}). As {@link #sockRecv} otherwise.
     */
    default Coroutine<Integer> sockRecvInto(SocketChannel channel, ByteBuffer into) {
        return LoopCoroutine.typed(new SocketOps.RecvInto(this, channel, into));
    }

    /**
     * A coroutine that sends every remaining byte of {@code data} to {@code channel}, waiting whenever the
     * socket cannot take more (asyncio's {@code sock_sendall}). As {@link #sockRecv} otherwise; if it
     * fails or is cancelled, {@code data}'s position tells how much was sent.
     */
    default Coroutine<Void> sockSendall(SocketChannel channel, ByteBuffer data) {
        return LoopCoroutine.typed(new SocketOps.Sendall(this, channel, data));
    }

    /**
     * A coroutine that accepts a connection on {@code server}, waiting for one (asyncio's
     * {@code sock_accept}); the accepted channel is non-blocking, its peer is its remote address.
     * As {@link #sockRecv} otherwise.
     */
    default Coroutine<SocketChannel> sockAccept(ServerSocketChannel server) {
        return LoopCoroutine.typed(new SocketOps.Accept(this, server));
    }

    /**
     * A coroutine that connects {@code channel} to {@code address} (resolved), waiting until the
     * connection is established (asyncio's {@code sock_connect}); a refused connection is thrown as an
     * {@link java.io.UncheckedIOException} caused by a {@link java.net.ConnectException}. As
     * {@link #sockRecv} otherwise.
     */
    default Coroutine<Void> sockConnect(SocketChannel channel, SocketAddress address) {
        return LoopCoroutine.typed(new SocketOps.Connect(this, channel, address));
    }

    /**
     * A coroutine that receives one datagram of at most {@code maxBytes} on {@code channel} (longer ones
     * are cut, as the system does), waiting for one, and returns it with its sender (asyncio's
     * {@code sock_recvfrom}). The channel is switched to non-blocking mode. An I/O failure is thrown as an
     * {@link java.io.UncheckedIOException}.
     */
    default Coroutine<Datagram> sockRecvfrom(DatagramChannel channel, int maxBytes) {
        return LoopCoroutine.typed(new SocketOps.Recvfrom(this, channel, maxBytes));
    }

    /**
     * A coroutine that sends the remaining bytes of {@code data} as one datagram to {@code to}, waiting
     * while the socket's buffer is full, and returns how many bytes were sent (asyncio's
     * {@code sock_sendto}). As {@link #sockRecvfrom} otherwise.
     */
    default Coroutine<Integer> sockSendto(DatagramChannel channel, ByteBuffer data, SocketAddress to) {
        return LoopCoroutine.typed(new SocketOps.Sendto(this, channel, data, to));
    }

    /**
     * A coroutine that sends {@code file}, from its start to its end, to {@code channel} (asyncio's
     * {@code sock_sendfile}), as {@link #sockSendfile(SocketChannel, FileChannel, long, long)} does.
     */
    default Coroutine<Long> sockSendfile(SocketChannel channel, FileChannel file) {
        return sockSendfile(channel, file, 0, Long.MAX_VALUE);
    }

    /**
     * A coroutine that sends at most {@code count} bytes of {@code file} from {@code offset} (fewer if the
     * file ends first) to {@code channel}, waiting whenever the socket cannot take more, and returns how
     * many it sent (asyncio's {@code sock_sendfile}). The bytes go through
     * {@link FileChannel#transferTo}, the system's {@code sendfile} where it has one: straight from the
     * file to the socket. As asyncio's, the file's position is left just after what was sent, even if
     * sending fails. As {@link #sockRecv} otherwise. (asyncio's {@code fallback} argument has no
     * counterpart here: a {@code FileChannel} can always be sent this way, so there is nothing to fall
     * back from.)
     *
     * @throws IllegalArgumentException if {@code offset} is negative or {@code count} not positive
     */
    default Coroutine<Long> sockSendfile(SocketChannel channel, FileChannel file, long offset, long count) {
        return LoopCoroutine.typed(new SocketOps.Sendfile(this, channel, file, offset, count));
    }

    /**
     * A coroutine that returns every address of {@code host} (a name or an IP literal), each with
     * {@code port}, in the resolver's order (asyncio's {@code getaddrinfo}). The system's resolver blocks,
     * so the look-up runs in the default executor; a literal is parsed at once.
     *
     * @throws IllegalArgumentException if the port is not between 0 and 65535
     * @see java.io.UncheckedIOException thrown by the coroutine, caused by an
     *      {@link java.net.UnknownHostException}, if the host is unknown
     */
    default Coroutine<java.util.List<InetSocketAddress>> getaddrinfo(String host, int port) {
        return LoopCoroutine.typed(new AddressLookup.Forward(host, port));
    }

    /**
     * A coroutine that returns the host name of {@code address} by a reverse look-up in the default
     * executor (asyncio's {@code getnameinfo}), or its IP address as text if it has no name.
     *
     * @throws IllegalArgumentException if the address is unresolved
     */
    default Coroutine<String> getnameinfo(InetSocketAddress address) {
        return LoopCoroutine.typed(new AddressLookup.Reverse(address));
    }

    // ------------------------------------------------------------------ transports and protocols

    /**
     * A coroutine that sends {@code file}, from its start to its end, through {@code transport}
     * (asyncio's {@code loop.sendfile}), as {@link #sendfile(Transport, FileChannel, long, long)} does.
     */
    default Coroutine<Long> sendfile(Transport transport, FileChannel file) {
        return sendfile(transport, file, 0, Long.MAX_VALUE);
    }

    /**
     * A coroutine that sends at most {@code count} bytes of {@code file} from {@code offset} (fewer if the
     * file ends first) through {@code transport}, a connection's or a write pipe's (a stream's is
     * {@link StreamWriter#transport()}), and returns how many it sent (asyncio's {@code loop.sendfile}).
     * Over a plain TCP or Unix-domain connection the bytes go straight from the file to the socket
     * ({@link FileChannel#transferTo}, the system's {@code sendfile}) once what was written before has
     * been sent; the transport refuses writes meanwhile ({@link IllegalStateException}, asyncio's
     * {@code RuntimeError}). Over TLS or a pipe they are read in chunks in the default executor and
     * written through the transport, each once it is below its high-water mark (asyncio's fallback). As
     * asyncio's, the file's position is left just after what was sent.
     *
     * @throws IllegalArgumentException if {@code offset} is negative, {@code count} not positive, or the
     *         transport is not one of the loop's that writes
     * @see IllegalStateException thrown by the coroutine if the transport is closing
     */
    default Coroutine<Long> sendfile(Transport transport, FileChannel file, long offset, long count) {
        return sendfile(transport, file, offset, count, true);
    }

    /**
     * {@link #sendfile(Transport, FileChannel, long, long)}, with {@code fallback} false (asyncio's
     * {@code fallback=False}) for a send that must go straight from the file or not at all: over TLS or a
     * pipe, which cannot take it so, the coroutine fails with a {@link SendfileNotAvailableError} and
     * sends nothing.
     *
     * @throws IllegalArgumentException as {@link #sendfile(Transport, FileChannel, long, long)}
     * @see SendfileNotAvailableError thrown by the coroutine if {@code fallback} is false and the
     *      transport cannot send the file straight
     */
    default Coroutine<Long> sendfile(Transport transport, FileChannel file, long offset, long count,
            boolean fallback) {
        return LoopCoroutine.typed(new TransportSendfile(transport, file, offset, count, fallback));
    }

    /**
     * A coroutine that opens a TCP connection to {@code host}:{@code port}, as
     * {@link Asyncio#openConnection} does, and hands it to a new protocol from {@code protocolFactory}
     * (asyncio's {@code create_connection}): it returns the transport and the protocol once the protocol
     * has been told {@link BaseProtocol#connectionMade}.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the host is unknown or no address
     *      accepts the connection
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) {
        return createConnection(protocolFactory, host, port, StreamOptions.defaults());
    }

    /**
     * {@link #createConnection(Supplier, String, int)} with the given options: TLS (the protocol is told
     * {@code connectionMade} once the handshake is done, and the coroutine fails if it cannot be), the host
     * name the server's certificate is checked against, the TLS timeouts. (The options' reader limit does
     * not apply: a protocol gets what arrives as it arrives.)
     *
     * @throws IllegalArgumentException if the options ask for a host name or a TLS timeout without TLS
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.protocol(protocolFactory, host, port,
                options.checkFor(false, false)));
    }

    /**
     * A coroutine that hands {@code channel}, a connection made already (TCP or Unix-domain), to a new
     * protocol from {@code protocolFactory}, as the client's side (asyncio's {@code create_connection}
     * with {@code sock=}): it returns the transport and the protocol once the protocol has been told
     * {@link BaseProtocol#connectionMade}. The channel is the transport's from then on: it is switched to
     * non-blocking mode, closed with the transport, and closed if the coroutine fails (the protocol
     * factory throws, say).
     *
     * @throws IllegalArgumentException if the channel is not connected
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel channel) {
        return createConnection(protocolFactory, channel, StreamOptions.defaults());
    }

    /**
     * {@link #createConnection(Supplier, SocketChannel)} with the given options; over TLS, as the client,
     * the options must name the host the server's certificate is checked against.
     *
     * @throws IllegalArgumentException if the channel is not connected, if the options ask for TLS without
     *         a host name, or for a host name or a TLS timeout without TLS
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, SocketChannel channel, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.protocol(protocolFactory, channel, false,
                options.checkFor(false, true)));
    }

    /**
     * A coroutine that hands {@code channel}, a connection accepted outside the loop (by a blocking
     * {@link ServerSocketChannel#accept()}, say), to a new protocol from {@code protocolFactory}, as the
     * server's side (asyncio's {@code connect_accepted_socket}): as {@link #createConnection(Supplier,
     * SocketChannel)}, except that over TLS this side is the server.
     *
     * @throws IllegalArgumentException if the channel is not connected
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> connectAcceptedSocket(
            Supplier<P> protocolFactory, SocketChannel channel) {
        return connectAcceptedSocket(protocolFactory, channel, StreamOptions.defaults());
    }

    /**
     * {@link #connectAcceptedSocket(Supplier, SocketChannel)} with the given options: TLS, as the server
     * (the protocol is told {@code connectionMade} once the handshake is done, and the coroutine fails if
     * it cannot be), and its timeouts.
     *
     * @throws IllegalArgumentException if the channel is not connected, if the options name a server host
     *         name, or ask for a TLS timeout without TLS
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> connectAcceptedSocket(
            Supplier<P> protocolFactory, SocketChannel channel, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.protocol(protocolFactory, channel, true,
                options.checkFor(true, false)));
    }

    /**
     * A coroutine that connects to the Unix-domain socket at {@code path} and hands the connection to a
     * new protocol from {@code protocolFactory} (asyncio's {@code create_unix_connection}).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if nobody listens there
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createUnixConnection(
            Supplier<P> protocolFactory, Path path) {
        return createUnixConnection(protocolFactory, path, StreamOptions.defaults());
    }

    /**
     * {@link #createUnixConnection(Supplier, Path)} with the given options; over TLS, the options must name
     * the host the server's certificate is checked against.
     *
     * @throws IllegalArgumentException if the options ask for TLS without a host name, or for a host name
     *         or a TLS timeout without TLS
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> createUnixConnection(
            Supplier<P> protocolFactory, Path path, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.protocol(protocolFactory, path,
                options.checkFor(false, true)));
    }

    /**
     * A coroutine that starts a TCP server on {@code host}:{@code port} and returns it, accepting already
     * (asyncio's {@code create_server}): each connection it accepts gets a new protocol from
     * {@code protocolFactory}, told {@link BaseProtocol#connectionMade} with the connection's transport.
     * A null or empty host listens on every interface; port 0 lets the system choose one. A factory that throws is
     * reported to the loop's exception handler, and that connection closed.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the host is unknown or the address
     *      cannot be bound
     */
    default Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, String host, int port) {
        return createServer(protocolFactory, host, port, StreamOptions.defaults());
    }

    /**
     * {@link #createServer(Supplier, String, int)} with the given options: TLS (each protocol is told
     * {@code connectionMade} once its connection's handshake is done; a connection whose handshake fails
     * is closed and its protocol never called) and its timeouts.
     *
     * @throws IllegalArgumentException if the options name a server host name, or ask for a TLS timeout
     *         without TLS
     */
    default Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, String host, int port,
                                           StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(protocolFactory, host, port, null,
                options.checkFor(true, false)));
    }

    /**
     * A coroutine that starts a server accepting on {@code channel}, bound already (TCP or Unix-domain),
     * and returns it (asyncio's {@code create_server} with {@code sock=}), as
     * {@link #createServer(Supplier, String, int)} does: for options set on the socket before it listens
     * ({@code SO_REUSEPORT}, say), or a socket inherited. The channel is the server's from then on: it is
     * switched to non-blocking mode and closed when the server closes (a Unix-domain server's socket file
     * is removed then, as for {@link #createUnixServer}).
     *
     * @throws IllegalArgumentException if the channel is not bound
     */
    default Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, ServerSocketChannel channel) {
        return createServer(protocolFactory, channel, StreamOptions.defaults());
    }

    /**
     * {@link #createServer(Supplier, ServerSocketChannel)} with the given options: TLS and its timeouts.
     *
     * @throws IllegalArgumentException if the channel is not bound, if the options name a server host
     *         name, or ask for a TLS timeout without TLS
     */
    default Coroutine<Server> createServer(Supplier<? extends Protocol> protocolFactory, ServerSocketChannel channel,
                                           StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(null, protocolFactory, channel,
                options.checkFor(true, false)));
    }

    /**
     * A coroutine that starts a server on the Unix-domain socket file {@code path} (asyncio's
     * {@code create_unix_server}), as {@link #createServer(Supplier, String, int)} does over TCP; as
     * {@link Asyncio#startUnixServer} for the socket file.
     */
    default Coroutine<Server> createUnixServer(Supplier<? extends Protocol> protocolFactory, Path path) {
        return createUnixServer(protocolFactory, path, StreamOptions.defaults());
    }

    /** {@link #createUnixServer(Supplier, Path)} with the given options: TLS and its timeouts. */
    default Coroutine<Server> createUnixServer(Supplier<? extends Protocol> protocolFactory, Path path,
                                               StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(protocolFactory, null, -1,
                java.util.Objects.requireNonNull(path, "path"), options.checkFor(true, true)));
    }

    /**
     * A coroutine that upgrades {@code transport}'s connection to TLS as the options say (asyncio's
     * {@code start_tls}), for protocols with a STARTTLS command: what was written goes out first, in
     * plain; then the handshake, as the TLS server on a connection a {@link Server} accepted, else as the
     * client, checking the server's certificate against the options' host name (or the address connected
     * to). It returns once the handshake is done; from then on what the transport sends and hands to its
     * protocol goes through TLS. Unlike asyncio's, it returns the same transport, upgraded in place: the
     * protocol keeps it and is not told {@code connectionMade} again.
     *
     * @throws IllegalArgumentException if the options ask for no TLS
     * @see java.io.UncheckedIOException thrown by the coroutine if the handshake fails (the connection is
     *      then closed)
     * @see IllegalStateException thrown by the coroutine if the connection uses TLS already or is closing
     */
    default Coroutine<Transport> startTls(Transport transport, StreamOptions options) {
        java.util.Objects.requireNonNull(transport, "transport");
        if (options.ssl() == null) {
            throw new IllegalArgumentException("startTls needs options with TLS: StreamOptions.tls(sslContext)");
        }
        if (!(transport instanceof WriteTransport)) {
            throw new IllegalArgumentException("not a transport of this loop's: " + transport);
        }
        return LoopCoroutine.typed(new StartTls<>((WriteTransport) transport, options.ssl(),
                options.serverHostname(), options.sslHandshakeTimeout(), options.sslShutdownTimeout(), transport,
                "EventLoop.startTls()"));
    }

    /**
     * A coroutine that opens a UDP socket and hands it to a new protocol from {@code protocolFactory}
     * (asyncio's {@code create_datagram_endpoint}): bound to {@code localAddress} (null: any address, a
     * port the system chooses), connected to {@code remoteAddress} if it is not null (then it only
     * exchanges datagrams with that peer, and learns of a port nobody listens on through
     * {@link DatagramProtocol#errorReceived}). Addresses made with
     * {@link java.net.InetSocketAddress#createUnresolved} are resolved in the loop's default executor.
     * It returns the transport and the protocol once the protocol has been told
     * {@link BaseProtocol#connectionMade}.
     *
     * @throws IllegalArgumentException if an address is not an {@link java.net.InetSocketAddress}
     * @see java.io.UncheckedIOException thrown by the coroutine if the socket cannot be bound or connected
     */
    default <P extends DatagramProtocol> Coroutine<Endpoint<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, SocketAddress localAddress, SocketAddress remoteAddress) {
        return LoopCoroutine.typed(new OpenDatagramEndpoint<>(protocolFactory, localAddress, remoteAddress));
    }

    /**
     * A coroutine that hands {@code channel}, a UDP socket as the caller set it up (bound or not,
     * connected or not; with the options it needs: broadcast, multicast groups, {@code SO_REUSEPORT}), to
     * a new protocol from {@code protocolFactory} (asyncio's {@code create_datagram_endpoint} with
     * {@code sock=}), as {@link #createDatagramEndpoint(Supplier, SocketAddress, SocketAddress)} does for
     * the socket it opens. The channel is the transport's from then on: it is switched to non-blocking
     * mode, closed with the transport, and closed if the coroutine fails.
     */
    default <P extends DatagramProtocol> Coroutine<Endpoint<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, DatagramChannel channel) {
        return LoopCoroutine.typed(new OpenDatagramEndpoint<>(protocolFactory, channel));
    }

    // ------------------------------------------------------------------ pipes and subprocesses

    /**
     * A coroutine that hands what {@code pipe} delivers to a new protocol from {@code protocolFactory}
     * (asyncio's {@code connect_read_pipe}): {@link Protocol#dataReceived} for each chunk, at the pipe's
     * end {@link Protocol#eofReceived} (whose answer a pipe ignores) and {@link BaseProtocol#connectionLost}.
     * It returns the transport and the protocol once the protocol has been told
     * {@link BaseProtocol#connectionMade}; the transport only reads (its writing methods throw
     * {@link UnsupportedOperationException}). A daemon thread reads the stream, which is closed at the
     * pipe's end or once the read under way when the transport is closed returns (a blocked read of a
     * Java stream cannot be interrupted).
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> connectReadPipe(Supplier<P> protocolFactory,
                                                                                InputStream pipe) {
        java.util.Objects.requireNonNull(protocolFactory, "protocolFactory");
        java.util.Objects.requireNonNull(pipe, "pipe");
        return LoopCoroutine.typed(new OpenPipeEndpoint<Transport, P>(() -> {
            P protocol = protocolFactory.get();
            ReadPipeTransport t = new ReadPipeTransport(this, pipe, protocol, "weft-read-pipe");
            return new OpenPipeEndpoint.Opened<>(t, protocol, t.made());
        }, "EventLoop.connectReadPipe(" + pipe + ")"));
    }

    /**
     * A coroutine that gives a new protocol from {@code protocolFactory} a transport writing to
     * {@code pipe} (asyncio's {@code connect_write_pipe}): a daemon thread writes what the transport is
     * given, the protocol is told to {@link BaseProtocol#pauseWriting pause} while more than the transport's
     * high-water mark waits, and {@link BaseProtocol#connectionLost} once the stream is closed (by
     * {@link Transport#close()} after everything written, by {@link Transport#abort()}, or because a write
     * failed, with that failure). It returns the transport and the protocol once the protocol has been
     * told {@link BaseProtocol#connectionMade}; the transport only writes (its reading methods throw
     * {@link UnsupportedOperationException}), and {@link Transport#writeEof()} closes it.
     */
    default <P extends Protocol> Coroutine<Endpoint<Transport, P>> connectWritePipe(Supplier<P> protocolFactory,
                                                                                 OutputStream pipe) {
        java.util.Objects.requireNonNull(protocolFactory, "protocolFactory");
        java.util.Objects.requireNonNull(pipe, "pipe");
        return LoopCoroutine.typed(new OpenPipeEndpoint<Transport, P>(() -> {
            P protocol = protocolFactory.get();
            WritePipeTransport t = new WritePipeTransport(this, pipe, protocol, "weft-write-pipe");
            return new OpenPipeEndpoint.Opened<>(t, protocol, t.made());
        }, "EventLoop.connectWritePipe(" + pipe + ")"));
    }

    /**
     * A coroutine that starts {@code command} with its three standard streams piped and hands it to a new
     * protocol from {@code protocolFactory} (asyncio's {@code subprocess_exec}); see
     * {@link #subprocessExec(Supplier, ProcessBuilder)}.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the process cannot be started
     */
    default <P extends SubprocessProtocol> Coroutine<Endpoint<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, String... command) {
        return subprocessExec(protocolFactory, new ProcessBuilder(command));
    }

    /**
     * A coroutine that starts a process as {@code builder} describes it (its directory, environment, and
     * which streams are pipes: the builder's default) and hands it to a new protocol from
     * {@code protocolFactory}: what the process writes reaches {@link SubprocessProtocol#pipeDataReceived},
     * its exit {@link SubprocessProtocol#processExited}, and {@link BaseProtocol#connectionLost} comes once
     * it has exited and every pipe has closed. It returns the transport and the protocol once the protocol
     * has been told {@link BaseProtocol#connectionMade}; write to the process through
     * {@code transport.getPipeTransport(0)}.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the process cannot be started
     */
    default <P extends SubprocessProtocol> Coroutine<Endpoint<SubprocessTransport, P>> subprocessExec(
            Supplier<P> protocolFactory, ProcessBuilder builder) {
        java.util.Objects.requireNonNull(protocolFactory, "protocolFactory");
        java.util.Objects.requireNonNull(builder, "builder");
        return LoopCoroutine.typed(new OpenPipeEndpoint<SubprocessTransport, P>(() -> {
            P protocol = protocolFactory.get(); // first, as asyncio's: a failing factory starts no process
            ProcessTransport t = ProcessTransport.start(this, builder, protocol);
            return new OpenPipeEndpoint.Opened<>(t, protocol, t.made());
        }, "EventLoop.subprocessExec(" + builder.command() + ")"));
    }

    /**
     * {@link #subprocessExec(Supplier, ProcessBuilder)} of {@code command} run by the platform's shell
     * ({@code /bin/sh -c}, or {@code cmd.exe /c} on Windows), as asyncio's {@code subprocess_shell}. As
     * there, quoting what goes into the command is the caller's job.
     */
    default <P extends SubprocessProtocol> Coroutine<Endpoint<SubprocessTransport, P>> subprocessShell(
            Supplier<P> protocolFactory, String command) {
        return subprocessExec(protocolFactory, Subprocess.shell(command));
    }
}
