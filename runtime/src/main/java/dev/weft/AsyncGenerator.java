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
public interface AsyncGenerator<Y, S> extends AsyncIterable<Y> {
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

    /**
     * An iterator over the values still to come, for Python's {@code async for}: each awaited
     * {@code hasNext()} runs the body to its next {@code yield} ({@code anext()}); the body's end is the
     * iterator's. Leaving the loop early leaves the generator suspended, as in Python (see
     * {@link AsyncIterator}).
     */
    @Override
    default AsyncIterator<Y> aiter() {
        return new dev.weft.internal.FetchingIterator<Y>(this::anext, value -> false);
    }

    /** Where the generator is in its life cycle. */
    CoroutineState state();
}
