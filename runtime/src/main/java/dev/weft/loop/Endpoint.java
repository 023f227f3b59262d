package dev.weft.loop;

/**
 * What {@link EventLoop#createConnection} and {@link EventLoop#createDatagramEndpoint} return, as
 * asyncio's {@code (transport, protocol)} pair.
 *
 * @param transport the transport of the new connection or socket
 * @param protocol the protocol the factory made for it, which the transport calls
 * @param <T> the kind of transport
 * @param <P> the protocol's class
 */
public record Endpoint<T extends BaseTransport, P extends BaseProtocol<T>>(T transport, P protocol) {}
