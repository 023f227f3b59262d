package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How {@link Asyncio#openConnection} and {@link Asyncio#startServer} get their sockets: name resolution
 * off the loop thread, connecting to each resolved address in turn, binding.
 */
final class Streams {
    private Streams() {
    }

    /** Makes an accepted or connected socket ready for a stream: non-blocking, no Nagle delay on TCP (as asyncio). */
    static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /** A new unconnected socket for {@code address}'s family: TCP, or Unix-domain. */
    static SocketChannel openFor(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
    }

    /**
     * Removes a Unix-domain socket file, as asyncio does when its server closes, and before binding one
     * left behind by a server that did not close: only if it is a socket, never another file.
     */
    static void deleteSocketFile(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer && ((Integer) mode & S_IFMT) == S_IFSOCK) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no such file, or no way to tell a socket here: leave it; binding then reports it if in the way
        }
    }

    /** The file-type bits of a Unix mode, and the type of a socket (stat.h). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** Closes {@code channel}, ignoring a failure: used where a failure is already being reported. */
    /**
     * Closes {@code channel}, which {@code loop} may watch, so that its socket closes now rather than at
     * the loop's next select (see {@link IoSelector#release}); quietly, as {@link #closeQuietly}.
     */
    static void closeNow(EventLoop loop, SelectableChannel channel) {
        try {
            if (loop instanceof SelectorEventLoop) {
                ((SelectorEventLoop) loop).closeChannel(channel);
            } else {
                channel.close();
            }
        } catch (IOException ignored) {
            // the caller reports what went wrong before
        }
    }

    static void closeQuietly(NetworkChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the caller reports what went wrong before
        }
    }

    /**
     * True if {@code host} is written as an IP address, which {@link InetAddress#getAllByName} parses
     * without a lookup: it may then be called on the loop thread.
     */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** The addresses of {@code host}, wrapping the checked failure. */
    static InetAddress[] lookUp(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw SocketOps.unchecked(e);
        }
    }

    /** A client engine checking that the server's certificate is for {@code host} (and naming it, SNI). */
    static SSLEngine clientEngine(SSLContext ssl, String host, int port) {
        SSLEngine engine = host == null ? ssl.createSSLEngine() : ssl.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return engine;
    }

    /** A server engine for an accepted connection. */
    static SSLEngine serverEngine(SSLContext ssl) {
        SSLEngine engine = ssl.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    /** A coroutine resolving {@code host}: at once for an IP literal, else in the loop's default executor. */
    static final class Resolve extends LoopCoroutine<InetAddress[]> {
        private final String host;

        Resolve(String host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        @Override
        protected Object start() {
            if (isLiteral(host)) {
                return finish(lookUp(host));
            }
            return Asyncio.getRunningLoop().runInExecutor(null, () -> lookUp(host));
        }

        @Override
        protected String name() {
            return "resolve(" + host + ")";
        }
    }

    /**
     * {@link Asyncio#openConnection}, {@link EventLoop#createConnection} and their Unix-domain twins:
     * resolves the host (for TCP), then tries each address until one connects, and hands the connection
     * to a new {@link Receiver} (a stream's reader, or a protocol); returns once the connection is ready
     * (its TLS handshake done, its protocol told {@code connectionMade}).
     *
     * @param <R> what the user gets: a stream's {@link Connection}, or a protocol's {@link Endpoint}
     */
    static final class OpenConnection<R> extends LoopCoroutine<R> {
        private final String host;
        private final int port;
        private final StreamOptions options;
        private final Supplier<Receiver> receivers;
        private final BiFunction<SocketStream, Receiver, R> result;
        private final String name;
        private EventLoop loop;
        private SocketAddress[] addresses;
        /** The connected channel the caller gave, or null: the coroutine connects one itself. */
        private SocketChannel given;
        /** The connection is the server's side (TLS as the server; {@code startTls} too). */
        private boolean accepted;
        /** The addresses race (Happy Eyeballs) instead of being tried one after the other. */
        private boolean racing;
        private int next;
        private SocketChannel channel;
        private RuntimeException firstFailure;
        /** The connection, once it is waiting to be ready, and its receiver. */
        private SocketStream opening;
        private Receiver openingReceiver;

        private OpenConnection(String host, int port, SocketAddress[] addresses, StreamOptions options,
                               Supplier<Receiver> receivers, BiFunction<SocketStream, Receiver, R> result,
                               String name) {
            this.host = host;
            this.port = port;
            this.addresses = addresses;
            this.options = options;
            this.receivers = receivers;
            this.result = result;
            this.name = name;
        }

        /** A stream's reader and writer, to {@code host}:{@code port} over TCP. */
        static OpenConnection<Connection> streams(String host, int port, StreamOptions options) {
            return new OpenConnection<>(Objects.requireNonNull(host, "host"), port, null, options,
                    () -> new Receiver.OfReader(new StreamReader(options.limit())), OpenConnection::connection,
                    "Asyncio.openConnection(" + host + ", " + port + ")");
        }

        /** A stream's reader and writer, to the Unix-domain socket at {@code path}. */
        static OpenConnection<Connection> streams(Path path, StreamOptions options) {
            return new OpenConnection<>(null, -1, new SocketAddress[] {UnixDomainSocketAddress.of(path)}, options,
                    () -> new Receiver.OfReader(new StreamReader(options.limit())), OpenConnection::connection,
                    "Asyncio.openUnixConnection(" + path + ")");
        }

        /** A transport and the protocol {@code factory} makes for it, to {@code host}:{@code port} over TCP. */
        static <P extends Protocol> OpenConnection<Endpoint<Transport, P>> protocol(
                Supplier<P> factory, String host, int port, StreamOptions options) {
            Objects.requireNonNull(factory, "protocolFactory");
            return new OpenConnection<>(Objects.requireNonNull(host, "host"), port, null, options,
                    () -> new ProtocolReceiver(factory.get()), OpenConnection::endpoint,
                    "EventLoop.createConnection(" + host + ", " + port + ")");
        }

        /** A transport and the protocol {@code factory} makes for it, to the Unix-domain socket at {@code path}. */
        static <P extends Protocol> OpenConnection<Endpoint<Transport, P>> protocol(
                Supplier<P> factory, Path path, StreamOptions options) {
            Objects.requireNonNull(factory, "protocolFactory");
            return new OpenConnection<>(null, -1, new SocketAddress[] {UnixDomainSocketAddress.of(path)}, options,
                    () -> new ProtocolReceiver(factory.get()), OpenConnection::endpoint,
                    "EventLoop.createUnixConnection(" + path + ")");
        }

        /** A stream's reader and writer over {@code channel}, connected already (asyncio's {@code sock=}). */
        static OpenConnection<Connection> streams(SocketChannel channel, StreamOptions options) {
            return new OpenConnection<Connection>(null, -1, null, options,
                    () -> new Receiver.OfReader(new StreamReader(options.limit())), OpenConnection::connection,
                    "Asyncio.openConnection(" + channel + ")").over(channel, false);
        }

        /**
         * A transport and the protocol {@code factory} makes for it over {@code channel}, connected already:
         * the client's side ({@code create_connection(sock=)}) or, if {@code accepted}, the server's
         * ({@code connect_accepted_socket}), which matters for TLS.
         */
        static <P extends Protocol> OpenConnection<Endpoint<Transport, P>> protocol(
                Supplier<P> factory, SocketChannel channel, boolean accepted, StreamOptions options) {
            Objects.requireNonNull(factory, "protocolFactory");
            String name = (accepted ? "EventLoop.connectAcceptedSocket(" : "EventLoop.createConnection(")
                    + channel + ")";
            return new OpenConnection<Endpoint<Transport, P>>(null, -1, null, options,
                    () -> new ProtocolReceiver(factory.get()), OpenConnection::endpoint, name).over(channel, accepted);
        }

        /**
         * Makes this one take {@code channel} over instead of connecting one (for TLS: as the server if
         * {@code accepted}).
         */
        private OpenConnection<R> over(SocketChannel channel, boolean accepted) {
            Objects.requireNonNull(channel, "channel");
            if (!channel.isConnected()) {
                throw new IllegalArgumentException("the channel must be connected: " + channel);
            }
            this.given = channel;
            this.accepted = accepted;
            return this;
        }

        private static Connection connection(SocketStream stream, Receiver receiver) {
            return new Connection(receiver.reader(), new StreamWriter(stream));
        }

        @SuppressWarnings("unchecked") // the protocol is the one the factory of P made
        private static <P extends Protocol> Endpoint<Transport, P> endpoint(SocketStream stream, Receiver receiver) {
            return new Endpoint<>(stream, (P) ((ProtocolReceiver) receiver).created());
        }

        @Override
        protected Object start() {
            loop = Asyncio.getRunningLoop();
            if (given != null) {
                return opened(given);
            }
            return addresses != null ? connectNext() : delegate(new Resolve(host));
        }

        @Override
        protected Object innerReturned(Object value) {
            if (addresses == null) {
                InetAddress[] resolved = (InetAddress[]) value;
                addresses = new SocketAddress[resolved.length];
                for (int i = 0; i < resolved.length; i++) {
                    addresses[i] = new InetSocketAddress(resolved[i], port);
                }
                if (options.interleave() > 0 && addresses.length > 1) {
                    addresses = HappyEyeballs.interleave(addresses, options.interleave());
                }
                if (!Double.isNaN(options.happyEyeballsDelay())) {
                    racing = true;
                    return delegate(new HappyEyeballs.Race(addresses, options.happyEyeballsDelay(), host));
                }
                return connectNext();
            }
            if (racing) {
                return opened((SocketChannel) value); // the race's winner
            }
            SocketChannel connected = channel;
            channel = null;
            return opened(connected);
        }

        /**
         * Hands {@code connected} to a stream and its receiver (the channel is theirs from now on: closed if
         * this fails), and returns the result once the connection is ready.
         */
        private Object opened(SocketChannel connected) {
            Receiver receiver;
            try {
                configure(connected);
                receiver = receivers.get();
            } catch (IOException e) {
                closeQuietly(connected);
                throw SocketOps.unchecked(e);
            } catch (RuntimeException | Error e) {
                closeQuietly(connected); // the protocol factory failed
                throw e;
            }
            SocketStream stream = new SocketStream(loop, connected, receiver, null, accepted, engine(connected),
                    options.sslHandshakeTimeout(), options.sslShutdownTimeout());
            Future<Void> ready = stream.ready();
            if (ready == null) {
                return finish(result.apply(stream, receiver));
            }
            opening = stream;
            openingReceiver = receiver;
            return ready;
        }

        /**
         * The TLS engine for {@code connected}, or null without TLS: the server's for an accepted connection,
         * else a client's checking the certificate against the options' host name, or the host connected to.
         */
        private SSLEngine engine(SocketChannel connected) {
            SSLContext ssl = options.ssl();
            if (ssl == null) {
                return null;
            }
            if (accepted) {
                return serverEngine(ssl);
            }
            String checkedHost = options.serverHostname() != null ? options.serverHostname() : host;
            int peerPort = port;
            if (given != null) {
                SocketAddress peer = address(connected);
                peerPort = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : -1;
            }
            return clientEngine(ssl, checkedHost, peerPort);
        }

        private static SocketAddress address(SocketChannel connected) {
            try {
                return connected.getRemoteAddress();
            } catch (IOException e) {
                return null; // closed meanwhile: the stream reports it
            }
        }

        /** The connection is ready: its TLS handshake is done, or its protocol has been told connectionMade. */
        @Override
        protected Object resume(Object value) {
            return finish(result.apply(opening, openingReceiver));
        }

        /** The TLS handshake failed (the stream closes itself), or the wait for it was cancelled. */
        @Override
        protected Object fail(Throwable error) {
            opening.abort();
            throw Throwing.sneaky(error);
        }

        private Object connectNext() {
            if (next == addresses.length) {
                throw firstFailure != null ? firstFailure
                        : new UncheckedIOException(new UnknownHostException(host + ": no address"));
            }
            SocketAddress address = addresses[next++];
            try {
                channel = openFor(address);
            } catch (IOException e) {
                throw SocketOps.unchecked(e);
            }
            return delegate(loop.sockConnect(channel, address));
        }

        @Override
        protected Object innerFailed(Throwable error) {
            if (channel == null) {
                throw Throwing.sneaky(error); // resolving failed
            }
            closeQuietly(channel);
            channel = null;
            if (!(error instanceof UncheckedIOException)) {
                throw Throwing.sneaky(error); // cancelled, say
            }
            if (firstFailure == null) {
                firstFailure = (RuntimeException) error;
            } else {
                firstFailure.addSuppressed(error);
            }
            return connectNext();
        }

        @Override
        protected String name() {
            return name;
        }
    }

    /**
     * {@link Asyncio#startServer} and {@link Asyncio#startUnixServer}: resolves (unless listening on every
     * interface, or on a socket file), binds, starts.
     */
    static final class StartServer extends LoopCoroutine<Server> {
        /** What serves each connection's streams, or null if a protocol does. */
        private final ConnectionHandler handler;
        /** What makes each connection's protocol, or null if a handler serves its streams. */
        private final Supplier<? extends Protocol> protocols;
        private final String host;
        private final int port;
        private final Path path;
        /** The bound channel the caller gave, or null: the coroutine binds one itself. */
        private final ServerSocketChannel given;
        private final StreamOptions options;

        /** On {@code host}:{@code port} over TCP (a null or empty host: every interface), serving streams with {@code handler}. */
        StartServer(ConnectionHandler handler, String host, int port, StreamOptions options) {
            this(Objects.requireNonNull(handler, "handler"), null, host, port, null, null, options);
        }

        /** On the Unix-domain socket file {@code path}, serving streams with {@code handler}. */
        StartServer(ConnectionHandler handler, Path path, StreamOptions options) {
            this(Objects.requireNonNull(handler, "handler"), null, null, -1, Objects.requireNonNull(path, "path"),
                    null, options);
        }

        /**
         * On {@code host}:{@code port} over TCP, or on the socket file {@code path} if it is not null,
         * giving each connection a protocol from {@code protocols}.
         */
        StartServer(Supplier<? extends Protocol> protocols, String host, int port, Path path, StreamOptions options) {
            this(null, Objects.requireNonNull(protocols, "protocolFactory"), host, port, path, null, options);
        }

        /**
         * On {@code channel}, bound already (asyncio's {@code sock=}): serving streams with {@code handler},
         * or, if that is null, giving each connection a protocol from {@code protocols}.
         *
         * @throws IllegalArgumentException if the channel is not bound
         */
        StartServer(ConnectionHandler handler, Supplier<? extends Protocol> protocols, ServerSocketChannel channel,
                    StreamOptions options) {
            this(handler, handler == null ? Objects.requireNonNull(protocols, "protocolFactory") : null, null, -1,
                    null, bound(channel), options);
        }

        private StartServer(ConnectionHandler handler, Supplier<? extends Protocol> protocols, String host, int port,
                            Path path, ServerSocketChannel given, StreamOptions options) {
            this.handler = handler;
            this.protocols = protocols;
            this.host = host;
            this.port = port;
            this.path = path;
            this.given = given;
            this.options = options;
        }

        private static ServerSocketChannel bound(ServerSocketChannel channel) {
            Objects.requireNonNull(channel, "channel");
            SocketAddress address;
            try {
                address = channel.getLocalAddress();
            } catch (IOException e) {
                throw new IllegalArgumentException("the channel must be open and bound: " + channel, e);
            }
            if (address == null) {
                throw new IllegalArgumentException("the channel must be bound: " + channel);
            }
            return channel;
        }

        @Override
        protected Object start() {
            if (given != null) {
                return finish(serve(given));
            }
            if (path != null) {
                deleteSocketFile(path); // one left by a server that did not close
                return finish(bind(UnixDomainSocketAddress.of(path)));
            }
            // as asyncio's create_server: an empty host, as a null one, is every interface (the resolver
            // would answer the loopback address for it)
            return host == null || host.isEmpty() ? finish(bind(new InetSocketAddress(port)))
                    : delegate(new Resolve(host));
        }

        @Override
        protected Object innerReturned(Object value) {
            return finish(bind(new InetSocketAddress(((InetAddress[]) value)[0], port)));
        }

        private Server bind(SocketAddress address) {
            ServerSocketChannel channel = null;
            try {
                if (address instanceof UnixDomainSocketAddress) {
                    channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                } else {
                    channel = ServerSocketChannel.open();
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                }
                channel.bind(address, Server.BACKLOG);
            } catch (IOException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
            return serve(channel);
        }

        /** Starts a server on {@code channel}, bound: the server's from now on (closed if this fails). */
        private Server serve(ServerSocketChannel channel) {
            try {
                channel.configureBlocking(false);
                return new Server(Asyncio.getRunningLoop(), channel, handler, protocols, options);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UncheckedIOException("cannot serve on " + channel + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected String name() {
            String prefix = handler != null ? "Asyncio.start" : "EventLoop.create";
            if (given != null) {
                return prefix + "Server(" + given + ")";
            }
            return path != null ? prefix + "UnixServer(" + path + ")" : prefix + "Server(" + host + ", " + port + ")";
        }
    }
}
