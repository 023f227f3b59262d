package dev.weft.internal;

/**
 * An awaitable that can say, without blocking, whether it has a result: lets {@code await} of a
 * completed awaitable return at once instead of suspending. Not API.
 */
public interface Pollable {
    /**
     * The result if complete (a failure is thrown as it is), or {@link Suspend#NOT_READY}.
     */
    Object poll();
}
