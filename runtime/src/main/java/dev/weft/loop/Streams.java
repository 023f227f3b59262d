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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
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
     * {@link Asyncio#openConnection} and {@link Asyncio#openUnixConnection}: resolves the host (for TCP),
     * then tries each address until one connects.
     */
    static final class OpenConnection extends LoopCoroutine<Connection> {
        private final String host;
        private final int port;
        private final StreamOptions options;
        private EventLoop loop;
        private SocketAddress[] addresses;
        private int next;
        private SocketChannel channel;
        private RuntimeException firstFailure;
        /** The connection whose TLS handshake is under way. */
        private Connection handshaking;

        /** To {@code host}:{@code port} over TCP. */
        OpenConnection(String host, int port, StreamOptions options) {
            this(Objects.requireNonNull(host, "host"), port, null, options);
        }

        /** To the Unix-domain socket at {@code path}. */
        OpenConnection(Path path, StreamOptions options) {
            this(null, -1, new SocketAddress[] {UnixDomainSocketAddress.of(path)}, options);
        }

        private OpenConnection(String host, int port, SocketAddress[] addresses, StreamOptions options) {
            this.host = host;
            this.port = port;
            this.addresses = addresses;
            this.options = options;
        }

        @Override
        protected Object start() {
            loop = Asyncio.getRunningLoop();
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
                return connectNext();
            }
            SocketChannel connected = channel;
            channel = null;
            try {
                configure(connected);
            } catch (IOException e) {
                closeQuietly(connected);
                throw SocketOps.unchecked(e);
            }
            StreamReader reader = new StreamReader(options.limit());
            SSLContext ssl = options.ssl();
            String checkedHost = options.serverHostname() != null ? options.serverHostname() : host;
            SocketStream stream = new SocketStream(loop, connected, reader, null,
                    ssl == null ? null : clientEngine(ssl, checkedHost, port), options.sslHandshakeTimeout(),
                    options.sslShutdownTimeout());
            Connection c = new Connection(reader, new StreamWriter(stream));
            if (ssl == null) {
                return finish(c);
            }
            handshaking = c;
            return stream.handshake();
        }


        /** The TLS handshake is done. */
        @Override
        protected Object resume(Object value) {
            return finish(handshaking);
        }

        /** The TLS handshake failed (the stream closes itself), or the wait for it was cancelled. */
        @Override
        protected Object fail(Throwable error) {
            handshaking.writer().abort();
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
            return host != null ? "Asyncio.openConnection(" + host + ", " + port + ")"
                    : "Asyncio.openUnixConnection(" + addresses[0] + ")";
        }
    }

    /**
     * {@link Asyncio#startServer} and {@link Asyncio#startUnixServer}: resolves (unless listening on every
     * interface, or on a socket file), binds, starts.
     */
    static final class StartServer extends LoopCoroutine<Server> {
        private final ConnectionHandler handler;
        private final String host;
        private final int port;
        private final Path path;
        private final StreamOptions options;

        /** On {@code host}:{@code port} over TCP (a null host: every interface). */
        StartServer(ConnectionHandler handler, String host, int port, StreamOptions options) {
            this(handler, host, port, null, options);
        }

        /** On the Unix-domain socket file {@code path}. */
        StartServer(ConnectionHandler handler, Path path, StreamOptions options) {
            this(handler, null, -1, Objects.requireNonNull(path, "path"), options);
        }

        private StartServer(ConnectionHandler handler, String host, int port, Path path, StreamOptions options) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.host = host;
            this.port = port;
            this.path = path;
            this.options = options;
        }

        @Override
        protected Object start() {
            if (path != null) {
                deleteSocketFile(path); // one left by a server that did not close
                return finish(bind(UnixDomainSocketAddress.of(path)));
            }
            return host == null ? finish(bind(new InetSocketAddress(port))) : delegate(new Resolve(host));
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
                channel.configureBlocking(false);
                return new Server(Asyncio.getRunningLoop(), channel, handler, options);
            } catch (IOException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected String name() {
            return path != null ? "Asyncio.startUnixServer(" + path + ")"
                    : "Asyncio.startServer(" + host + ", " + port + ")";
        }
    }
}
