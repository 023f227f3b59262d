package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * How {@link Asyncio#openConnection} and {@link Asyncio#startServer} get their sockets: name resolution
 * off the loop thread, connecting to each resolved address in turn, binding.
 */
final class Streams {
    private Streams() {
    }

    /** Makes an accepted or connected socket ready for a stream: non-blocking, no Nagle delay (as asyncio). */
    static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

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
            throw new UncheckedIOException(e.getMessage(), e);
        }
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

    /** {@link Asyncio#openConnection}: resolves, then tries each address until one connects. */
    static final class OpenConnection extends LoopCoroutine<Connection> {
        private final String host;
        private final int port;
        private final int limit;
        private EventLoop loop;
        private InetAddress[] addresses;
        private int next;
        private SocketChannel channel;
        private RuntimeException firstFailure;

        OpenConnection(String host, int port, int limit) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            this.limit = limit;
            if (limit <= 0) {
                throw new IllegalArgumentException("Limit cannot be <= 0");
            }
        }

        @Override
        protected Object start() {
            loop = Asyncio.getRunningLoop();
            return delegate(new Resolve(host));
        }

        @Override
        protected Object innerReturned(Object value) {
            if (addresses == null) {
                addresses = (InetAddress[]) value;
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
            StreamReader reader = new StreamReader(limit);
            return finish(new Connection(reader, new StreamWriter(new SocketStream(loop, connected, reader, null))));
        }

        private Object connectNext() {
            if (next == addresses.length) {
                throw firstFailure != null ? firstFailure
                        : new UncheckedIOException(new UnknownHostException(host + ": no address"));
            }
            try {
                channel = SocketChannel.open();
            } catch (IOException e) {
                throw SocketOps.unchecked(e);
            }
            return delegate(loop.sockConnect(channel, new InetSocketAddress(addresses[next++], port)));
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
            return "Asyncio.openConnection(" + host + ", " + port + ")";
        }
    }

    /** {@link Asyncio#startServer}: resolves (unless listening on every interface), binds, starts. */
    static final class StartServer extends LoopCoroutine<Server> {
        private final ConnectionHandler handler;
        private final String host;
        private final int port;
        private final int limit;

        StartServer(ConnectionHandler handler, String host, int port, int limit) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.host = host;
            this.port = port;
            this.limit = limit;
            if (limit <= 0) {
                throw new IllegalArgumentException("Limit cannot be <= 0");
            }
        }

        @Override
        protected Object start() {
            return host == null ? finish(bind(new InetSocketAddress(port))) : delegate(new Resolve(host));
        }

        @Override
        protected Object innerReturned(Object value) {
            return finish(bind(new InetSocketAddress(((InetAddress[]) value)[0], port)));
        }

        private Server bind(InetSocketAddress address) {
            ServerSocketChannel channel = null;
            try {
                channel = ServerSocketChannel.open();
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(address, Server.BACKLOG);
                channel.configureBlocking(false);
                return new Server(Asyncio.getRunningLoop(), channel, handler, limit);
            } catch (IOException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected String name() {
            return "Asyncio.startServer(" + host + ", " + port + ")";
        }
    }
}
