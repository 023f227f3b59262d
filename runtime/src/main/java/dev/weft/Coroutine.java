package dev.weft;

/**
 * A suspended computation that produces a value of type {@code R}: what an {@code @Async} method
 * returning {@code Coroutine<R>} gives its caller, in state {@link CoroutineState#CREATED}.
 *
 * <p>Any driver can run a coroutine: call {@code send(null)} first, then resume it with
 * {@code send(result)} or {@code throwIn(failure)} for the leaf awaitable each call returns;
 * at the end {@code send} throws {@link StopIteration} whose {@link StopIteration#value()} is the result.
 * Not thread-safe: one driver at a time (the check of {@code RUNNING} catches re-entry, not races). A
 * driver that gives up on a suspended coroutine closes it ({@link #close()}): the JVM collects one that
 * nothing refers to without running its {@code finally} blocks, where CPython would close it. (A cancelled task raises {@code CancelledError} at its
 * coroutine's suspension point, which runs them.)
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
     * @throws IllegalStateException if the coroutine is already running, or, for a woven coroutine, if
     *     it has already finished ("cannot reuse already awaited coroutine", as in CPython)
     */
    Object send(Object value);

    /**
     * Raises {@code error} at the suspension point, as if the awaited operation had failed. Each body it
     * is raised in on its way out (the innermost awaited coroutine's, then each awaiter's up to this
     * one's) is added to the end of its stack trace, at the line of its await (see the README's "Stack
     * traces"; {@code -Ddev.weft.asyncStackTraces=false} turns that off).
     *
     * @return the leaf awaitable it now waits on, if the body handled the error and awaited again
     * @throws StopIteration when the body returns
     * @throws IllegalStateException for a woven coroutine that has already finished ("cannot reuse
     *     already awaited coroutine", as in CPython)
     */
    Object throwIn(Throwable error);

    /**
     * {@link #send} that reports the end by value instead of by exception, for drivers that would rather
     * not catch (CPython gives its C drivers the same, {@code PyIter_Send}): returns what {@code send}
     * returns while the coroutine runs on, and, when it returns, a {@link Done} holding its result instead
     * of throwing {@link StopIteration}. An await of a {@code Done} has its result at once, so a woven
     * coroutine never waits on one: the two outcomes cannot be confused.
     *
     * <pre>{@code
     * Object out = coroutine.sendOrDone(null);
     * if (out instanceof Done<?, ?, ?> done) { use(done.value()); } else { wait for out, then resume }
     * }</pre>
     *
     * @return the leaf awaitable it now waits on, or a {@code Done} with its result
     * @throws IllegalArgumentException if {@code value} is not null and the coroutine was never started
     * @throws IllegalStateException if the coroutine is already running
     */
    default Object sendOrDone(Object value) {
        try {
            return send(value);
        } catch (StopIteration stop) {
            return Coroutines.done(stop.value());
        }
    }

    /**
     * {@link #throwIn} that reports the end by value, as {@link #sendOrDone} does.
     *
     * @return the leaf awaitable it now waits on, if the body handled the error and awaited again, or a
     *     {@code Done} with its result if it returned
     */
    default Object throwInOrDone(Throwable error) {
        try {
            return throwIn(error);
        } catch (StopIteration stop) {
            return Coroutines.done(stop.value());
        }
    }

    /** Raises {@link GeneratorExit} at the suspension point and ends the coroutine. */
    void close();

    /** Where the coroutine is in its life cycle. */
    CoroutineState state();
}
