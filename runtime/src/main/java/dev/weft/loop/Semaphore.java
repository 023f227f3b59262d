package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * asyncio's {@code Semaphore}: a counter of permits; {@link #acquire()} takes one, waiting while there is
 * none, {@link #release()} gives one back. Waiters are served FIFO (a newcomer does not overtake them even
 * if a permit is free); a waiter cancelled after a permit was handed to it gives the permit back, so
 * none is lost.
 *
 * <p>May be created with no loop running; binds to the running loop when it first makes a task wait.
 * Loop thread only.
 */
public class Semaphore extends LoopBound {
    private ShrinkingDeque<Future<Boolean>> waiters;
    /** Free permits. */
    int value;

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /** True if {@link #acquire()} would wait: no permit, or tasks already waiting for one. */
    public boolean locked() {
        if (value == 0) {
            return true;
        }
        if (waiters != null) {
            for (Future<Boolean> w : waiters) {
                if (!w.cancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A coroutine that takes a permit, waiting for one if needed, and returns true. */
    public Coroutine<Boolean> acquire() {
        return LoopCoroutine.typed(new Acquire());
    }

    /** Gives a permit back and wakes the first waiter. */
    public void release() {
        checkThread();
        value++;
        wakeUpNext();
    }

    /** Hands a permit to the first waiter that is not done; false if there is none. */
    private boolean wakeUpNext() {
        if (waiters == null) {
            return false;
        }
        for (Future<Boolean> w : waiters) {
            if (!w.done()) {
                value--;
                w.setResult(true);
                return true;
            }
        }
        return false;
    }

    /** Hands out the free permits to waiters that arrived meanwhile. */
    private void wakeUpAllowed() {
        while (value > 0) {
            if (!wakeUpNext()) {
                break;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (locked() ? "locked" : "unlocked, value=" + value)
                + (waiters == null || waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }

    private final class Acquire extends LoopCoroutine<Boolean> {
        private Future<Boolean> waiter;

        @Override
        protected Object start() {
            if (!locked()) {
                value--;
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
        protected Object resume(Object v) {
            waiters.remove(waiter);
            wakeUpAllowed();
            return finish(true);
        }

        @Override
        protected Object fail(Throwable error) {
            waiters.remove(waiter);
            if (waiter.done() && !waiter.cancelled()) {
                // a permit was handed to us but we are not taking it: give it back
                value++;
            }
            wakeUpAllowed();
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "Semaphore.acquire()";
        }
    }
}
