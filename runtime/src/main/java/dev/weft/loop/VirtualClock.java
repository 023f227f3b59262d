package dev.weft.loop;

/**
 * A clock for tests: time stands still while callbacks run, and whenever the loop would wait for its
 * next timer, the clock jumps to that timer's deadline instead of sleeping, so
 * {@code loop.runUntilComplete(Asyncio.sleep(3600))} returns at once with {@code loop.time()} one hour
 * later. A test may also move time itself with {@link #advance}.
 *
 * <p>With nothing scheduled, the loop still blocks (for real) until another thread wakes it, as with
 * {@link EventLoop#callSoonThreadsafe}. Note that time also jumps while work runs on other threads
 * (an executor job, a {@code CompletableFuture}): a timer can fire "before" that work ends.
 * Thread-safe.
 */
public final class VirtualClock implements LoopClock {
    private volatile double now;

    /** A clock starting at time 0. */
    public VirtualClock() {
        this(0);
    }

    /** A clock starting at {@code start} seconds. */
    public VirtualClock(double start) {
        this.now = start;
    }

    /** The virtual time, in seconds. */
    @Override
    public double time() {
        return now;
    }

    /**
     * Moves time forward by {@code seconds}; timers that become due run at the loop's next iteration.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public synchronized void advance(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("cannot advance a clock by " + seconds + " seconds");
        }
        now += seconds;
    }

    /** Jumps to {@code deadline} (if finite and later) and lets the loop poll without blocking. */
    @Override
    public synchronized double blockFor(double deadline) {
        if (Double.isInfinite(deadline)) {
            return Double.POSITIVE_INFINITY;
        }
        if (deadline > now) {
            now = deadline;
        }
        return 0;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + "]";
    }
}
