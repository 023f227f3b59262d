package dev.weft.loop;

import java.net.SocketAddress;

/**
 * What {@link EventLoop#sockRecvfrom} returns: one datagram and who sent it, as asyncio's
 * {@code (data, address)}.
 *
 * @param data the datagram's bytes
 * @param sender the address it came from
 */
public record Datagram(byte[] data, SocketAddress sender) {
}
