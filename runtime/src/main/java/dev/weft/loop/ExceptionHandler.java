package dev.weft.loop;

import java.util.Map;

/**
 * Receives the errors an event loop cannot hand to anyone else: a callback that threw, a task whose
 * exception was never retrieved, an error while shutting down. Set with
 * {@link EventLoop#setExceptionHandler}; called on the loop's thread (or, for a failed future collected
 * after its loop closed, on the collector's thread).
 *
 * <p>The context holds asyncio's keys, each optional but {@code message}:
 * <ul>
 *   <li>{@code message} (String): what happened;
 *   <li>{@code exception} (Throwable): the failure;
 *   <li>{@code future} ({@link Future}, or its description if it was collected): the future or task
 *       concerned;
 *   <li>{@code task} ({@link Task}): the task concerned;
 *   <li>{@code handle} ({@link Handle}): the callback that threw;
 *   <li>{@code source_traceback} / {@code handle_traceback} ({@code List<StackTraceElement>}): in debug
 *       mode, where the future or the running handle was created;
 *   <li>{@code asyncgen}: the async generator that failed to close.
 * </ul>
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Handles one error; must not throw (if it does, the loop logs both with its default handler). */
    void handle(EventLoop loop, Map<String, Object> context);
}
