package dev.weft.loop;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
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
        List<Coroutine<T>> out = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            out.add(LoopCoroutine.typed(new WaitForOne<>(done)));
        }
        return out;
    }

    /** Takes the next finished future from the queue and completes with its outcome. */
    private static final class WaitForOne<T> extends LoopCoroutine<T> {
        private final Queue<Object> done;

        WaitForOne(Queue<Object> done) {
            this.done = done;
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
            return finish(((Future<?>) value).result());
        }

        @Override
        protected String name() {
            return "Asyncio.asCompleted().next";
        }
    }
}
