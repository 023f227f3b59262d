package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * asyncio's {@code Lock}: a mutual exclusion lock for tasks (not threads). Waiters acquire it in FIFO
 * order; a waiter cancelled after the lock was handed to it passes it on, so no wake-up is lost.
 *
 * <pre>{@code
 * await(lock.acquire());
 * try { ... } finally { lock.release(); }
 * }</pre>
 * May be created with no loop running; binds to the running loop when it first makes a task wait. Loop
 * thread only.
 */
public class Lock extends LoopBound {
    private ShrinkingDeque<Future<Boolean>> waiters;
    private boolean locked;

    /** An unlocked lock. */
    public Lock() {}

    /** True if some task holds the lock. */
    public boolean locked() {
        return locked;
    }

    /**
     * A coroutine that acquires the lock, waiting while it is held (or while earlier waiters are served),
     * and returns true.
     */
    public Coroutine<Boolean> acquire() {
        return LoopCoroutine.typed(new Acquire());
    }

    /**
     * Releases the lock and wakes the first waiter.
     *
     * @throws IllegalStateException if the lock is not held ({@code "Lock is not acquired."})
     */
    public void release() {
        checkThread();
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    private void wakeUpFirst() {
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        Future<Boolean> first = waiters.peekFirst();
        if (!first.done()) {
            first.setResult(true);
        }
    }

    private boolean allWaitersCancelled() {
        if (waiters != null) {
            for (Future<Boolean> w : waiters) {
                if (!w.cancelled()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Lock[" + (locked ? "locked" : "unlocked") + (waiters == null || waiters.isEmpty() ? ""
                : ", waiters=" + waiters.size()) + "]";
    }

    private final class Acquire extends LoopCoroutine<Boolean> {
        private Future<Boolean> waiter;

        @Override
        protected Object start() {
            if (!locked && allWaitersCancelled()) {
                locked = true;
                return finish(true);
            }
            if (waiters == null) {
                waiters = new ShrinkingDeque<>();
            }
            waiter = newWaiter();
            waiters.addLast(waiter);
            return waiter;
        }

        @Override
        protected Object resume(Object value) {
            waiters.remove(waiter);
            locked = true;
            return finish(true);
        }

        @Override
        protected Object fail(Throwable error) {
            waiters.remove(waiter);
            if (!locked) {
                // the lock may have been handed to us: make sure the next waiter runs
                wakeUpFirst();
            }
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "Lock.acquire()";
        }
    }
}
