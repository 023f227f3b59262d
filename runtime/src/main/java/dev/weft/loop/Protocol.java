package dev.weft.loop;

/**
 * A connection's protocol, as asyncio's {@code Protocol}: the callback style of networking, beside the
 * streams of {@link Asyncio#openConnection}. {@link EventLoop#createConnection} and
 * {@link EventLoop#createServer} make one per connection from a factory and call it as things happen:
 * {@link #connectionMade} first, then {@link #dataReceived} for each chunk that arrives and
 * {@link #eofReceived} if the peer ends its output, and {@link #connectionLost} last.
 *
 * <pre>{@code
 * final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(byte[] data) { transport.write(data); }
 * }
 * Server server = await(loop.createServer(Echo::new, "127.0.0.1", 8888));
 * }</pre>
 */
public interface Protocol extends BaseProtocol<Transport> {
    /**
     * Bytes arrived (how they are cut into chunks says nothing about how they were sent); the array is
     * the protocol's to keep. If this throws, the connection is closed and {@link #connectionLost} gets
     * the exception.
     */
    default void dataReceived(byte[] data) {
    }

    /**
     * The peer has ended its output: nothing more will arrive. Returning false (as the default does)
     * closes the transport; returning true keeps it open, so that this end can still write and close it
     * later (a half-close). Over TLS the transport closes whatever this returns, as asyncio's does.
     */
    default boolean eofReceived() {
        return false;
    }
}
