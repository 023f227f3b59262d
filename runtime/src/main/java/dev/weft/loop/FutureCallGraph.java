package dev.weft.loop;

import java.util.List;

/**
 * Where a future stands in the program (Python 3.14's {@code asyncio.FutureCallGraph}, from
 * {@link Asyncio#captureCallGraph}): the future, the call stack of its coroutine chain if it is a task
 * (innermost frame first), and, for each future that waits for it (a task awaiting it, gather's future
 * for a child, a task group's parent for its tasks), that future's own graph.
 *
 * @param future the future or task
 * @param callStack where its coroutine chain is (a task that has not finished), innermost first; else empty
 * @param awaitedBy the graphs of the futures that wait for it
 */
public record FutureCallGraph(Future<?> future, List<StackTraceElement> callStack, List<FutureCallGraph> awaitedBy) {
    /** A graph, its lists copied. */
    public FutureCallGraph {
        java.util.Objects.requireNonNull(future, "future");
        callStack = List.copyOf(callStack);
        awaitedBy = List.copyOf(awaitedBy);
    }
}
