package dev.weft;

import java.util.NoSuchElementException;

/**
 * Steps through an asynchronous source one element at a time: Python's {@code async for} written as a
 * Java loop. {@link #hasNext()} is awaited (it may suspend while the source produces), {@link #next()}
 * then takes the element it found:
 *
 * <pre>{@code
 * AsyncIterator<String> it = ticker(5).aiter();
 * while (Coroutines.await(it.hasNext())) {
 *     String tick = it.next();
 *     ...
 * }
 * }</pre>
 *
 * <p>Leaving such a loop early (a {@code break}, an exception) leaves the source as it is, as Python's
 * {@code async for} does: an async generator stays suspended until it is closed ({@code aclose()}, or the
 * loop's {@code shutdownAsyncgens()} when {@code Asyncio.run} ends). An error the source raises comes out
 * of the awaited {@code hasNext()}; cancelling the task that awaits it cancels the source's step.
 * Not thread-safe: one task iterates.
 *
 * @param <T> the type of the elements
 */
public interface AsyncIterator<T> {
    /**
     * A coroutine that completes with true once the source has produced a next element (which
     * {@link #next()} then returns), or with false when the source has ended (and on every call after).
     * If an element found earlier has not been taken yet, it completes with true at once.
     */
    Coroutine<Boolean> hasNext();

    /**
     * The element the last awaited {@link #hasNext()} found, which it takes: a second call without an
     * awaited {@code hasNext()} between them has nothing to take.
     *
     * @throws NoSuchElementException if no found element waits to be taken
     */
    T next();
}
