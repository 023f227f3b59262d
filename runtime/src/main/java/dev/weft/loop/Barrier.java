package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * asyncio's {@code Barrier} (Python 3.11): {@code parties} tasks wait until all of them have arrived,
 * then all proceed; the barrier then resets for the next round. Python's {@code wait()} is
 * {@link #untilAllArrive()} here, as {@code Object.wait()} is final.
 *
 * <pre>
 *  FILLING --last party arrives--> DRAINING --last party leaves--> FILLING
 *     |  reset() with waiters: RESETTING (they fail) --last leaves--> FILLING
 *     +- abort(): BROKEN (every wait fails with BrokenBarrierError until reset())
 * </pre>
 * May be created with no loop running. Loop thread only.
 */
public class Barrier {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final Condition cond = new Condition();
    private final int parties;
    private State phase = State.FILLING;
    private int count;

    /**
     * A barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0");
        }
        this.parties = parties;
    }

    /**
     * A coroutine that waits until {@code parties} tasks are waiting, then returns this task's arrival
     * index (0 for the first, {@code parties - 1} for the last).
     *
     * @throws BrokenBarrierError (from the coroutine) if the barrier is broken or reset while waiting
     */
    public Coroutine<Integer> untilAllArrive() {
        return LoopCoroutine.typed(new Arrive());
    }

    /**
     * A coroutine that resets the barrier to its empty phase; tasks waiting on it fail with
     * {@link BrokenBarrierError}.
     */
    public Coroutine<Void> reset() {
        return LoopCoroutine.typed(new Locked("Barrier.reset()", () -> {
            if (count > 0) {
                if (phase != State.RESETTING) {
                    phase = State.RESETTING;
                }
            } else {
                phase = State.FILLING;
            }
            cond.signalAll();
        }));
    }

    /**
     * A coroutine that breaks the barrier: current and future waits fail with {@link BrokenBarrierError}
     * until {@link #reset()}.
     */
    public Coroutine<Void> abort() {
        return LoopCoroutine.typed(new Locked("Barrier.abort()", () -> {
            phase = State.BROKEN;
            cond.signalAll();
        }));
    }

    /** The number of tasks needed to pass the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting at the barrier while it fills. */
    public int nWaiting() {
        return phase == State.FILLING ? count : 0;
    }

    /** True if the barrier is broken. */
    public boolean broken() {
        return phase == State.BROKEN;
    }

    /** Leaving the barrier: the last task out lets it fill again, and wakes those waiting for that. */
    private void exit() {
        if (count == 0) {
            if (phase == State.RESETTING || phase == State.DRAINING) {
                phase = State.FILLING;
            }
            cond.signalAll();
        }
    }

    @Override
    public String toString() {
        return "Barrier[" + phase.name().toLowerCase(java.util.Locale.ROOT) + ", waiters=" + nWaiting() + "/" + parties + "]";
    }

    /** {@code async with cond: action()}. */
    private final class Locked extends LoopCoroutine<Void> {
        private final String name;
        private final Runnable action;

        Locked(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }

        @Override
        protected Object start() {
            return delegate(cond.acquire());
        }

        @Override
        protected Object innerReturned(Object value) {
            try {
                action.run();
            } finally {
                cond.release();
            }
            return finish(null);
        }

        @Override
        protected String name() {
            return name;
        }
    }

    /** Python's {@code Barrier.wait()}. */
    private final class Arrive extends LoopCoroutine<Integer> {
        private static final int LOCKING = 0;
        private static final int BLOCKING = 1;
        private static final int WAITING = 2;
        private int stage = LOCKING;
        private int index = -1;

        @Override
        protected Object start() {
            return delegate(cond.acquire());
        }

        @Override
        protected Object innerReturned(Object value) {
            switch (stage) {
                case LOCKING:
                    stage = BLOCKING;
                    // block while the barrier drains or resets
                    return delegate(cond.waitFor(() -> phase != State.DRAINING && phase != State.RESETTING));
                case BLOCKING:
                    if (phase == State.BROKEN) {
                        cond.release();
                        throw new BrokenBarrierError("Barrier aborted");
                    }
                    index = count++;
                    if (index + 1 == parties) {
                        phase = State.DRAINING;
                        cond.signalAll();
                        return leave(null);
                    }
                    stage = WAITING;
                    return delegate(cond.waitFor(() -> phase != State.FILLING));
                default:
                    if (phase == State.BROKEN || phase == State.RESETTING) {
                        return leave(new BrokenBarrierError("Abort or reset of barrier"));
                    }
                    return leave(null);
            }
        }

        @Override
        protected Object innerFailed(Throwable error) {
            if (stage == LOCKING) {
                throw Throwing.sneaky(error);
            }
            if (index >= 0) {
                return leave(error);
            }
            releaseIfHeld();
            throw Throwing.sneaky(error);
        }

        /** The {@code finally} of Python's wait: count this task out, release the lock. */
        private Object leave(Throwable error) {
            count--;
            exit();
            releaseIfHeld();
            if (error != null) {
                throw Throwing.sneaky(error);
            }
            return finish(index);
        }

        private void releaseIfHeld() {
            if (cond.locked()) {
                cond.release();
            }
        }

        @Override
        protected String name() {
            return "Barrier.untilAllArrive()";
        }
    }
}
