package dev.weft.loop;

import java.net.SocketAddress;

/**
 * A datagram socket's transport, as asyncio's {@code DatagramTransport}: what
 * {@link EventLoop#createDatagramEndpoint} gives a {@link DatagramProtocol}. It sends each datagram at
 * once if the socket takes it, else buffers it (telling the protocol to pause writing past 64 KiB
 * buffered), and hands each datagram that arrives to {@link DatagramProtocol#datagramReceived}. Loop
 * thread only.
 */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends {@code data} as one datagram to {@code address}; null for the address the endpoint is
     * connected to. Never waits. A failure to send (the network unreachable, say) goes to the protocol's
     * {@link DatagramProtocol#errorReceived}. Once the transport is closed, datagrams are dropped.
     *
     * @throws IllegalArgumentException if the endpoint is connected and {@code address} is another one,
     *         or it is not connected and {@code address} is null
     */
    void sendto(byte[] data, SocketAddress address);

    /** {@link #sendto(byte[], SocketAddress)} to the address the endpoint is connected to. */
    default void sendto(byte[] data) {
        sendto(data, null);
    }

    /** Closes at once, dropping the datagrams not sent yet; the protocol learns it as from {@link #close()}. */
    void abort();

    /** How many bytes of datagrams wait to be sent. */
    long getWriteBufferSize();
}
