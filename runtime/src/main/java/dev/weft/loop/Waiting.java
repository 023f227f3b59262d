package dev.weft.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Asyncio#wait}: waits until some or all of the futures are done, or a timeout passes, and
 * sorts them into done and pending. It never cancels them and never raises their exceptions; cancelling
 * the waiting task only stops the wait.
 */
final class Waiting<F extends Future<?>> extends LoopCoroutine<WaitResult<F>> {
    private final List<F> futures;
    private final double timeout;
    private final ReturnWhen returnWhen;
    private Future<Void> waiter;
    private TimerHandle timer;
    private Consumer<Future<?>> onCompletion;

    Waiting(Collection<F> fs, double timeout, ReturnWhen returnWhen) {
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must not be NaN");
        }
        Set<F> unique = Collections.newSetFromMap(new IdentityHashMap<>());
        List<F> list = new ArrayList<>();
        for (F f : fs) {
            if (unique.add(java.util.Objects.requireNonNull(f, "null future"))) {
                list.add(f);
            }
        }
        this.futures = list;
        this.timeout = timeout;
        this.returnWhen = java.util.Objects.requireNonNull(returnWhen, "returnWhen");
    }

    @Override
    protected Object start() {
        EventLoop loop = Asyncio.getRunningLoop();
        waiter = loop.createFuture();
        if (timeout != Double.POSITIVE_INFINITY) {
            timer = loop.callLater(timeout, () -> release(waiter));
        }
        onCompletion = new Consumer<>() {
            private int counter = futures.size();

            @Override
            public void accept(Future<?> f) {
                counter--;
                if (counter <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                        || (returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                    if (timer != null) {
                        timer.cancel();
                    }
                    release(waiter);
                }
            }
        };
        for (F f : futures) {
            f.addDoneCallback(onCompletion);
        }
        return waiter;
    }

    private static void release(Future<Void> waiter) {
        if (!waiter.done()) {
            waiter.setResult(null);
        }
    }

    @Override
    protected Object resume(Object value) {
        cleanUp();
        Set<F> done = new LinkedHashSet<>();
        Set<F> pending = new LinkedHashSet<>();
        for (F f : futures) {
            (f.done() ? done : pending).add(f);
        }
        return finish(new WaitResult<>(done, pending));
    }

    @Override
    protected Object fail(Throwable error) {
        cleanUp();
        throw Throwing.sneaky(error);
    }

    private void cleanUp() {
        if (timer != null) {
            timer.cancel();
        }
        for (F f : futures) {
            f.removeDoneCallback(onCompletion);
        }
    }

    @Override
    protected String name() {
        return "Asyncio.wait(" + futures.size() + " futures, " + returnWhen + ")";
    }
}
