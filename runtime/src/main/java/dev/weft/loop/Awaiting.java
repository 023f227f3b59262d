package dev.weft.loop;

/**
 * A done callback through which a future waits for the one it is registered on: gather's future for
 * each child, a task group's parent task for each of its tasks. The call graph
 * ({@link Asyncio#captureCallGraph}) follows it, as asyncio's {@code awaited_by}.
 */
interface Awaiting {
    /** The future that waits. */
    Future<?> awaiter();
}
