package dev.weft.loop;

/**
 * What a transport tells its protocol, as asyncio's {@code BaseProtocol}: callbacks on the loop thread,
 * each of which does nothing unless overridden. They must not block; work that waits belongs in a task
 * the protocol starts ({@code loop.createTask(...)}). A callback that throws is reported to the loop's
 * exception handler; where asyncio closes the connection for it ({@link Protocol#dataReceived}, say),
 * so does the transport.
 *
 * @param <T> the kind of transport: {@link Transport} or {@link DatagramTransport}
 */
public interface BaseProtocol<T extends BaseTransport> {
    /** The connection is ready: the first call, before anything is received; keep {@code transport}. */
    default void connectionMade(T transport) {
    }

    /**
     * The connection has ended and its socket is closed: the last call. {@code error} is null for a
     * close or an end of the peer's, else what ended it (an {@link java.io.UncheckedIOException} for an
     * I/O failure, or what a callback of this protocol threw).
     */
    default void connectionLost(Throwable error) {
    }

    /**
     * The transport buffers more than its high-water mark: stop writing until {@link #resumeWriting()}
     * (writing meanwhile only buffers more).
     */
    default void pauseWriting() {
    }

    /** The transport's buffer has fallen to its low-water mark: write again. */
    default void resumeWriting() {
    }
}
