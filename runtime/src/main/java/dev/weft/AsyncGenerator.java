package dev.weft;

/**
 * An asynchronous generator (PEP 525): a body that both awaits and yields.
 *
 * <p>Each operation returns a coroutine to await; the coroutine completes with the next yielded value,
 * or fails with {@link StopAsyncIteration} when the body ends.
 *
 * @param <Y> the type of the values it yields
 * @param <S> the type of the values sent in
 */
public interface AsyncGenerator<Y, S> {
    /** A coroutine that resumes the body with {@code value} and completes with the next yielded value. */
    Coroutine<Y> asend(S value);

    /** A coroutine that raises {@code error} in the body and completes with the next yielded value. */
    Coroutine<Y> athrow(Throwable error);

    /** A coroutine that raises {@link GeneratorExit} in the body and completes when it has finished. */
    Coroutine<Void> aclose();

    /** Same as {@code asend(null)}: Python's {@code __anext__}. */
    default Coroutine<Y> anext() {
        return asend(null);
    }

    /** Where the generator is in its life cycle. */
    CoroutineState state();
}
