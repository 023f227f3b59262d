package dev.weft.loop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link EventLoop#getaddrinfo} and {@link EventLoop#getnameinfo}: the system's resolver blocks, so, as
 * asyncio's, the look-ups run in the loop's default executor (an IP literal is parsed at once).
 */
final class AddressLookup {
    private AddressLookup() {
    }

    /** Every address of a host, with a port. */
    static final class Forward extends LoopCoroutine<List<InetSocketAddress>> {
        private final String host;
        private final int port;

        Forward(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
        }

        @Override
        protected Object start() {
            return delegate(new Streams.Resolve(host));
        }

        @Override
        protected Object innerReturned(Object value) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetAddress a : (InetAddress[]) value) {
                addresses.add(new InetSocketAddress(a, port));
            }
            return finish(List.copyOf(addresses));
        }

        @Override
        protected String name() {
            return "EventLoop.getaddrinfo(" + host + ", " + port + ")";
        }
    }

    /** The host name of an address: a reverse look-up, the address itself if it has no name. */
    static final class Reverse extends LoopCoroutine<String> {
        private final InetAddress address;

        Reverse(InetSocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("an unresolved address has no name to look up: " + address);
            }
            this.address = address.getAddress();
        }

        @Override
        protected Object start() {
            // a fresh copy: an address made from a host name would answer with that name, not the look-up's
            InetAddress bare = copy(address);
            return Asyncio.getRunningLoop().runInExecutor(null, bare::getHostName);
        }

        private static InetAddress copy(InetAddress a) {
            try {
                return InetAddress.getByAddress(a.getAddress());
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e); // a raw address of a valid length is never unknown
            }
        }

        @Override
        protected String name() {
            return "EventLoop.getnameinfo(" + address + ")";
        }
    }
}
