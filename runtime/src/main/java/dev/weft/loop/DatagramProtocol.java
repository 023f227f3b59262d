package dev.weft.loop;

import java.net.SocketAddress;

/**
 * A datagram endpoint's protocol, as asyncio's {@code DatagramProtocol}: what
 * {@link EventLoop#createDatagramEndpoint} calls for each datagram that arrives and for each error the
 * socket reports.
 */
public interface DatagramProtocol extends BaseProtocol<DatagramTransport> {
    /** A datagram arrived from {@code sender}; the array is the protocol's to keep. */
    default void datagramReceived(byte[] data, SocketAddress sender) {
    }

    /**
     * A send or a receive failed, without ending the endpoint: a datagram sent to a port where nobody
     * listens, say, which a connected endpoint learns from the peer's host as a
     * {@link java.net.PortUnreachableException}.
     */
    default void errorReceived(Exception error) {
    }
}
