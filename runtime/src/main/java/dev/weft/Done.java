package dev.weft;

import java.util.Objects;

/**
 * An already-finished coroutine, generator and async generator: what {@code return Coroutines.done(v)}
 * ends an {@code @Async} body with, and, outside one, a ready-made result.
 *
 * <p>Awaiting it returns its value without suspending; yielding from it yields nothing and returns the
 * value; {@code send} throws {@link StopIteration} carrying the value, every time.
 *
 * @param <Y> the yield type of the generator it stands for
 * @param <S> the send type
 * @param <R> the result type
 */
public final class Done<Y, S, R> implements Coroutine<R>, Generator<Y, S, R>, AsyncGenerator<Y, S> {
    static final Done<Object, Object, Object> NONE = new Done<>(null);

    private final R value;

    Done(R value) {
        this.value = value;
    }

    /** The result it finished with. */
    public R value() {
        return value;
    }

    /** Always throws {@link StopIteration} carrying the value: it has finished. */
    @Override
    public Y send(Object value) {
        throw new StopIteration(this.value);
    }

    /** Returns this: it has finished. */
    @Override
    public Object sendOrDone(Object value) {
        return this;
    }

    /** Throws {@code error} itself, as a finished generator does. */
    @Override
    public Y throwIn(Throwable error) {
        throw Done.<RuntimeException>sneaky(error);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) Objects.requireNonNull(t, "throwIn(null)");
    }

    /** Does nothing: it has finished. */
    @Override
    public void close() {}

    /** Always {@link CoroutineState#CLOSED}. */
    @Override
    public CoroutineState state() {
        return CoroutineState.CLOSED;
    }

    /** The value it finished with. */
    @Override
    public R returnValue() {
        return value;
    }

    /** Always throws {@link StopIteration}: nothing is left. */
    @Override
    public Y next() {
        throw new StopIteration(value);
    }

    /** Always false. */
    @Override
    public boolean hasNext() {
        return false;
    }

    /** A coroutine that fails with {@link StopAsyncIteration}: nothing is left. */
    @Override
    public Coroutine<Y> asend(S value) {
        return finishedAsync();
    }

    /** An already-finished coroutine with no value: as in Python, athrow of a finished generator does nothing. */
    @Override
    public Coroutine<Y> athrow(Throwable error) {
        return Coroutines.done();
    }

    /** An already-finished coroutine: closing a finished generator does nothing. */
    @Override
    public Coroutine<Void> aclose() {
        return Coroutines.done();
    }

    private Coroutine<Y> finishedAsync() {
        return new Coroutine<>() {
            @Override
            public Object send(Object v) {
                throw new StopAsyncIteration();
            }

            @Override
            public Object throwIn(Throwable e) {
                throw Done.<RuntimeException>sneaky(e);
            }

            @Override
            public void close() {}

            @Override
            public CoroutineState state() {
                return CoroutineState.CREATED;
            }
        };
    }

    @Override
    public String toString() {
        return "Done[" + value + "]";
    }
}
