package dev.weft;

/**
 * A suspended computation that produces a value of type {@code R}: what an {@code @Async} method
 * returning {@code Coroutine<R>} gives its caller, in state {@link CoroutineState#CREATED}.
 *
 * <p>Any driver can run a coroutine: call {@code send(null)} first, then resume it with
 * {@code send(result)} or {@code throwIn(failure)} for the leaf awaitable each call returns;
 * at the end {@code send} throws {@link StopIteration} whose {@link StopIteration#value()} is the result.
 * Not thread-safe: one driver at a time.
 *
 * @param <R> the result type
 */
public interface Coroutine<R> extends Awaitable<R> {
    /**
     * Resumes the coroutine with {@code value} as the result of the await it is suspended at.
     *
     * @return the leaf awaitable it now waits on (never an inner coroutine: those run inline)
     * @throws StopIteration when the coroutine returns; its value is the result
     * @throws IllegalArgumentException if {@code value} is not null and the coroutine was never started
     * @throws IllegalStateException if the coroutine is already running
     */
    Object send(Object value);

    /**
     * Raises {@code error} at the suspension point, as if the awaited operation had failed.
     *
     * @return the leaf awaitable it now waits on, if the body handled the error and awaited again
     * @throws StopIteration when the body returns
     */
    Object throwIn(Throwable error);

    /** Raises {@link GeneratorExit} at the suspension point and ends the coroutine. */
    void close();

    /** Where the coroutine is in its life cycle. */
    CoroutineState state();
}
