package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.function.BooleanSupplier;

/**
 * asyncio's {@code Condition}: lets tasks wait, holding a {@link Lock}, until another task signals them.
 * As {@code Object.wait()} and {@code Object.notify()} are final in Java, Python's names map to:
 * <pre>
 *  Python              here
 *  wait()              untilSignaled()
 *  wait_for(pred)      waitFor(pred)
 *  notify(n=1)         signal() / signal(n)
 *  notify_all()        signalAll()
 * </pre>
 * {@code untilSignaled()} releases the lock, waits, and reacquires the lock before returning or
 * failing, even when cancelled. A waiter cancelled after being signaled passes the signal on (Python
 * 3.13). May be created with no loop running. Loop thread only.
 *
 * <pre>{@code
 * await(cond.acquire());
 * try {
 *     await(cond.waitFor(() -> !items.isEmpty()));
 *     ...
 * } finally {
 *     cond.release();
 * }
 * }</pre>
 */
public class Condition extends LoopBound {
    private final Lock lock;
    private final ShrinkingDeque<Future<Boolean>> waiters = new ShrinkingDeque<>();

    /** A condition with a new lock. */
    public Condition() {
        this(new Lock());
    }

    /** A condition using {@code lock}. */
    public Condition(Lock lock) {
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
    }

    /** Acquires the underlying lock (see {@link Lock#acquire()}). */
    public Coroutine<Boolean> acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock (see {@link Lock#release()}). */
    public void release() {
        lock.release();
    }

    /** True if the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * A coroutine that releases the lock, waits until signaled, reacquires the lock and returns true.
     * Python's {@code wait()}. If cancelled, it still reacquires the lock before the cancellation
     * propagates.
     *
     * @throws IllegalStateException when run, if the lock is not held
     */
    public Coroutine<Boolean> untilSignaled() {
        return LoopCoroutine.typed(new Wait());
    }

    /**
     * A coroutine that waits ({@link #untilSignaled()}) until {@code predicate} is true, checking it first;
     * the lock must be held.
     */
    public Coroutine<Boolean> waitFor(BooleanSupplier predicate) {
        return LoopCoroutine.typed(new LoopCoroutine<Boolean>() {
            @Override
            protected Object start() {
                return predicate.getAsBoolean() ? finish(true) : delegate(new Wait());
            }

            @Override
            protected Object innerReturned(Object value) {
                return start();
            }

            @Override
            protected String name() {
                return "Condition.waitFor()";
            }
        });
    }

    /** Wakes one waiting task (see {@link #signal(int)}). */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks, in the order they started waiting; they run once they have
     * reacquired the lock. Python's {@code notify(n)}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        checkThread();
        if (!locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    /** Wakes all waiting tasks. Python's {@code notify_all()}. */
    public void signalAll() {
        signal(waiters.size());
    }

    private void wake(int n) {
        int woken = 0;
        for (Future<Boolean> w : waiters) {
            if (woken >= n) {
                break;
            }
            if (!w.done()) {
                woken++;
                w.setResult(false);
            }
        }
    }

    @Override
    public String toString() {
        return "Condition[" + (locked() ? "locked" : "unlocked") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size())
                + "]";
    }

    /** Python's {@code Condition.wait()}: release, wait to be signaled, reacquire whatever happens. */
    private final class Wait extends LoopCoroutine<Boolean> {
        private Future<Boolean> waiter;
        /** The failure to raise once the lock is reacquired, or null. */
        private Throwable pending;

        @Override
        protected Object start() {
            if (!locked()) {
                throw new IllegalStateException("cannot wait on un-acquired lock");
            }
            waiter = newWaiter();
            release();
            waiters.addLast(waiter);
            return waiter;
        }

        @Override
        protected Object resume(Object value) {
            waiters.remove(waiter);
            return delegate(lock.acquire());
        }

        @Override
        protected Object fail(Throwable error) {
            waiters.remove(waiter);
            pending = error;
            return delegate(lock.acquire());
        }

        @Override
        protected Object innerReturned(Object value) {
            if (pending != null) {
                // signaled, perhaps, but leaving with an error: pass the signal on
                wake(1);
                throw Throwing.sneaky(pending);
            }
            return finish(true);
        }

        @Override
        protected Object innerFailed(Throwable error) {
            if (error instanceof CancelledError) {
                // must reacquire the lock even if cancelled: try again, raise the latest cancellation after
                pending = error;
                return delegate(lock.acquire());
            }
            wake(1);
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "Condition.untilSignaled()";
        }
    }
}
