package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * What a {@link Server} runs for each connection it accepts, as asyncio's {@code client_connected_cb}:
 * usually an {@code @Async} method reference, {@code Echo::serve}. Each connection's coroutine runs as a
 * task of its own.
 */
@FunctionalInterface
public interface ConnectionHandler {
    /**
     * The coroutine serving one accepted connection. It closes {@code writer} when done (the connection
     * stays open otherwise); if it fails, the failure goes to the loop's exception handler and the
     * connection is closed.
     */
    Coroutine<?> connected(StreamReader reader, StreamWriter writer);
}
