package dev.weft.loop;

import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.internal.FetchingIterator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Asyncio#asCompleted}: the futures go, as they finish, into a queue; each returned coroutine
 * takes the next one from it and completes with its outcome. A timeout puts a marker per unfinished
 * future instead, which fails the coroutine that takes it with {@link TimeoutError}.
 */
final class AsCompleted {
    private static final Object TIMED_OUT = new Object();

    private AsCompleted() {}

    static <T> List<Coroutine<T>> of(Collection<? extends Awaitable<? extends T>> aws, double timeout) {
        Started started = start(aws, timeout);
        List<Coroutine<T>> out = new ArrayList<>(started.count);
        for (int i = 0; i < started.count; i++) {
            out.add(LoopCoroutine.typed(new WaitForOne<>(started.done, true)));
        }
        return out;
    }

    /**
     * The futures of {@code aws} (each awaitable's own if it is a future or task, else the task made for
     * it) in the order they finish, for an {@code async for} (Python 3.13's {@code as_completed}): each
     * {@code hasNext()} waits for the next to finish, or fails with {@link TimeoutError} once the timeout
     * has passed, for each one still unfinished.
     */
    @SuppressWarnings("unchecked") // each future is one of the awaitables', whose results are Ts
    static <T> AsyncIterable<Future<? extends T>> futures(Collection<? extends Awaitable<? extends T>> aws,
                                                          double timeout) {
        Started started = start(aws, timeout);
        int[] left = {started.count};
        AsyncIterator<Future<? extends T>> iterator = new FetchingIterator<>(
                () -> left[0]-- > 0 ? LoopCoroutine.typed(new WaitForOne<Future<? extends T>>(started.done, false))
                        : NO_MORE, future -> future == null);
        return () -> iterator;
    }

    /** What the iterator's fetch gives once every future has been handed out: its end. */
    @SuppressWarnings("rawtypes")
    private static final Coroutine NO_MORE = dev.weft.Coroutines.done(null);

    /** The futures started, and the queue they go into as they finish. */
    private record Started(int count, Queue<Object> done) {}

    private static <T> Started start(Collection<? extends Awaitable<? extends T>> aws, double timeout) {
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must not be NaN");
        }
        EventLoop loop = null;
        for (Awaitable<?> a : aws) {
            if (a instanceof Future<?>) {
                loop = ((Future<?>) a).getLoop();
                break;
            }
        }
        if (loop == null) {
            loop = Asyncio.getRunningLoop();
        }
        Set<Awaitable<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Future<?>> todo = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Future<?>> order = new ArrayList<>();
        for (Awaitable<? extends T> a : aws) {
            if (seen.add(a)) {
                Future<?> f = Asyncio.ensureFuture(a, loop);
                if (todo.add(f)) {
                    order.add(f);
                }
            }
        }
        Queue<Object> done = new Queue<>();
        TimerHandle[] timer = new TimerHandle[1];
        Consumer<Future<?>> onCompletion = f -> {
            if (todo.isEmpty()) {
                return; // the timeout came first
            }
            todo.remove(f);
            done.putNowait(f);
            if (todo.isEmpty() && timer[0] != null) {
                timer[0].cancel();
            }
        };
        for (Future<?> f : order) {
            f.addDoneCallback(onCompletion);
        }
        if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
            timer[0] = loop.callLater(timeout, () -> {
                for (Future<?> f : order) {
                    if (todo.contains(f)) {
                        f.removeDoneCallback(onCompletion);
                        done.putNowait(TIMED_OUT);
                    }
                }
                todo.clear();
            });
        }
        return new Started(order.size(), done);
    }

    /** Takes the next finished future from the queue and completes with its outcome, or with the future. */
    private static final class WaitForOne<T> extends LoopCoroutine<T> {
        private final Queue<Object> done;
        /** Complete with the future's outcome (true), or with the future itself. */
        private final boolean outcome;

        WaitForOne(Queue<Object> done, boolean outcome) {
            this.done = done;
            this.outcome = outcome;
        }

        @Override
        protected Object start() {
            return delegate(done.get());
        }

        @Override
        protected Object innerReturned(Object value) {
            if (value == TIMED_OUT) {
                throw new TimeoutError("timed out");
            }
            return finish(outcome ? ((Future<?>) value).result() : value);
        }

        @Override
        protected String name() {
            return "Asyncio.asCompleted().next";
        }
    }
}
