package dev.weft.loop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link EventLoop#createDatagramEndpoint}: resolves the addresses given by host name (in the loop's
 * default executor, one after the other), opens and binds the socket, connects it if a remote address is
 * given (or takes the channel it is given as it is), and returns once the protocol has been told
 * {@code connectionMade}.
 *
 * @param <P> the protocol's class
 */
final class OpenDatagramEndpoint<P extends DatagramProtocol> extends LoopCoroutine<Endpoint<DatagramTransport, P>> {
    private final Supplier<P> factory;
    private SocketAddress local;
    private SocketAddress remote;
    /** The channel the caller gave, or null: the coroutine opens one itself. */
    private final DatagramChannel given;
    /** Which address a running {@link Streams.Resolve} resolves: true for the local one. */
    private boolean resolvingLocal;
    private DatagramSocketTransport opening;
    private P protocol;

    OpenDatagramEndpoint(Supplier<P> factory, SocketAddress local, SocketAddress remote) {
        this.factory = Objects.requireNonNull(factory, "protocolFactory");
        this.local = checked(local);
        this.remote = checked(remote);
        this.given = null;
    }

    /** Over {@code channel}, as it is (asyncio's {@code sock=}): bound, and connected, or not. */
    OpenDatagramEndpoint(Supplier<P> factory, DatagramChannel channel) {
        this.factory = Objects.requireNonNull(factory, "protocolFactory");
        this.given = Objects.requireNonNull(channel, "channel");
    }

    private static SocketAddress checked(SocketAddress address) {
        if (address != null && !(address instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("a datagram endpoint needs IP addresses (InetSocketAddress), not "
                    + address.getClass().getName());
        }
        return address;
    }

    @Override
    protected Object start() {
        return given != null ? take(given) : resolveOrOpen();
    }

    private Object resolveOrOpen() {
        if (isUnresolved(local)) {
            resolvingLocal = true;
            return delegate(new Streams.Resolve(((InetSocketAddress) local).getHostString()));
        }
        if (isUnresolved(remote)) {
            resolvingLocal = false;
            return delegate(new Streams.Resolve(((InetSocketAddress) remote).getHostString()));
        }
        return open();
    }

    private static boolean isUnresolved(SocketAddress address) {
        return address != null && ((InetSocketAddress) address).isUnresolved();
    }

    @Override
    protected Object innerReturned(Object value) {
        InetAddress first = ((InetAddress[]) value)[0];
        if (resolvingLocal) {
            local = new InetSocketAddress(first, ((InetSocketAddress) local).getPort());
        } else {
            remote = new InetSocketAddress(first, ((InetSocketAddress) remote).getPort());
        }
        return resolveOrOpen();
    }

    private Object open() {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open();
            channel.bind(local); // null: any address, a port the system chooses
            if (remote != null) {
                channel.connect(remote);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (channel != null) {
                Streams.closeQuietly(channel);
            }
            throw e instanceof IOException ? SocketOps.unchecked((IOException) e) : Throwing.sneaky(e);
        }
        return take(channel);
    }

    /**
     * Hands {@code channel} to a transport and a new protocol (the channel is theirs from now on: closed if
     * this fails), and waits until the protocol has been told {@code connectionMade}.
     */
    private Object take(DatagramChannel channel) {
        try {
            channel.configureBlocking(false);
            protocol = factory.get();
            opening = new DatagramSocketTransport(Asyncio.getRunningLoop(), channel, protocol);
        } catch (IOException | RuntimeException | Error e) {
            Streams.closeQuietly(channel);
            throw e instanceof IOException ? SocketOps.unchecked((IOException) e) : Throwing.sneaky(e);
        }
        return opening.made();
    }

    /** The protocol has been told {@code connectionMade}. */
    @Override
    protected Object resume(Object value) {
        return finish(new Endpoint<DatagramTransport, P>(opening, protocol));
    }

    /** The wait for {@code connectionMade} was cancelled. */
    @Override
    protected Object fail(Throwable error) {
        opening.abort();
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return "EventLoop.createDatagramEndpoint(" + (given != null ? given : local + ", " + remote) + ")";
    }
}
