package dev.weft.internal;

import dev.weft.AsyncIterator;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * An {@link AsyncIterator} over a source that hands out each element as a coroutine (an async
 * generator's {@code anext()}, a stream's {@code readline()}): {@code hasNext()} runs that coroutine,
 * passing its suspensions through, and keeps the element it completes with. The source has ended when
 * the coroutine raises {@link StopAsyncIteration} or completes with a value the end test accepts (a
 * stream's empty line). Not API: public for the loop package.
 *
 * @param <T> the type of the elements
 */
public final class FetchingIterator<T> implements AsyncIterator<T> {
    private static final Coroutine<Boolean> FOUND = Coroutines.done(Boolean.TRUE);
    private static final Coroutine<Boolean> NONE = Coroutines.done(Boolean.FALSE);

    private final Supplier<? extends Coroutine<? extends T>> fetch;
    private final Predicate<? super T> isEnd;
    private T found;
    private boolean hasFound;
    private boolean ended;

    /**
     * An iterator that asks {@code fetch} for each element's coroutine and takes a value that
     * {@code isEnd} accepts as the end of the source.
     */
    public FetchingIterator(Supplier<? extends Coroutine<? extends T>> fetch, Predicate<? super T> isEnd) {
        this.fetch = fetch;
        this.isEnd = isEnd;
    }

    @Override
    public Coroutine<Boolean> hasNext() {
        if (hasFound) {
            return FOUND;
        }
        if (ended) {
            return NONE;
        }
        return new Advance(fetch.get());
    }

    @Override
    public T next() {
        if (!hasFound) {
            throw new NoSuchElementException(ended ? "the source has ended"
                    : "no element found: await hasNext() before each next()");
        }
        T element = found;
        found = null;
        hasFound = false;
        return element;
    }

    /** The outcome of a fetch that completed with {@code value}: keeps it, or marks the end. */
    private boolean accept(T value) {
        if (isEnd.test(value)) {
            ended = true;
            return false;
        }
        found = value;
        hasFound = true;
        return true;
    }

    /** One {@code hasNext()}: drives the source's coroutine for one element. */
    private final class Advance implements Coroutine<Boolean> {
        private final Coroutine<? extends T> source;
        private CoroutineState state = CoroutineState.CREATED;

        Advance(Coroutine<? extends T> source) {
            this.source = source;
        }

        @Override
        public Object send(Object value) {
            if (state == CoroutineState.CREATED && value != null) {
                throw new IllegalArgumentException("can't send non-null value to a just-started coroutine");
            }
            return step(value, null);
        }

        @Override
        public Object throwIn(Throwable error) {
            if (state == CoroutineState.CREATED) {
                // raised where it starts, before the source is asked for anything
                state = CoroutineState.CLOSED;
                throw Sneaky.raise(error);
            }
            return step(null, error);
        }

        @Override
        public void close() {
            if (state == CoroutineState.SUSPENDED) {
                source.close();
            }
            state = CoroutineState.CLOSED;
        }

        @Override
        public CoroutineState state() {
            return state;
        }

        /** Resumes the source: what it suspends on passes out, its end becomes this coroutine's. */
        @SuppressWarnings("unchecked") // the source is a Coroutine<? extends T>: it returns a T
        private Object step(Object value, Throwable error) {
            if (state == CoroutineState.CLOSED) {
                throw new StopIteration();
            }
            if (state == CoroutineState.RUNNING) {
                throw new IllegalStateException("coroutine already executing: " + this);
            }
            state = CoroutineState.RUNNING;
            Object out;
            try {
                out = error != null ? source.throwIn(error) : source.send(value);
            } catch (StopIteration end) {
                state = CoroutineState.CLOSED;
                throw new StopIteration(accept((T) end.value()));
            } catch (StopAsyncIteration end) {
                state = CoroutineState.CLOSED;
                ended = true;
                throw new StopIteration(Boolean.FALSE);
            } catch (Throwable t) {
                state = CoroutineState.CLOSED;
                throw Sneaky.raise(t);
            }
            state = CoroutineState.SUSPENDED;
            return out;
        }

        @Override
        public String toString() {
            return "AsyncIterator.hasNext() " + state.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
