package dev.weft.weaver.differential;

import dev.weft.loop.LoopClock;
import dev.weft.loop.VirtualClock;

/**
 * The Java side's loop clock: weft's {@link VirtualClock} (time stands still while callbacks run, and
 * jumps to the next timer's deadline when nothing is ready), except where a program can make no more
 * progress. With nothing ready and no timer the {@code VirtualClock} would block for real until another
 * thread wakes the loop, which in these single-threaded programs never happens: this clock throws
 * {@link Deadlock} instead, out of the loop's iteration, as the Python side's selector does in the same
 * state. It also throws {@link Runaway} after too many idle polls (a program that keeps sleeping), the
 * twin of the Python side's limit, so that neither side can run forever in virtual time.
 *
 * <p>The Python twin is {@code VirtualSelector} in {@link AsyncioPythonRunner}.
 */
final class AsyncioTestClock implements LoopClock {
    /** How many times the loop may find nothing ready before the program counts as running away. */
    static final int MAX_IDLE_POLLS = 20_000;

    /** Nothing is ready and no timer is scheduled: the program waits forever. */
    static final class Deadlock extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Deadlock() {
            super("nothing ready and no timer scheduled");
        }
    }

    /** The loop went idle more than {@link #MAX_IDLE_POLLS} times. */
    static final class Runaway extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Runaway() {
            super("more than " + MAX_IDLE_POLLS + " idle polls");
        }
    }

    private final VirtualClock virtual = new VirtualClock();
    private int idlePolls;

    @Override
    public double time() {
        return virtual.time();
    }

    /** Called by the loop only when nothing is ready (and it is not stopping): jump, or give up. */
    @Override
    public double blockFor(double deadline) {
        if (++idlePolls > MAX_IDLE_POLLS) {
            throw new Runaway();
        }
        if (deadline == Double.POSITIVE_INFINITY) {
            throw new Deadlock();
        }
        return virtual.blockFor(deadline);
    }

    @Override
    public String toString() {
        return "AsyncioTestClock[" + virtual + ", idle polls " + idlePolls + "]";
    }
}
