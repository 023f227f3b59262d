package dev.weft.loop;

/**
 * A clock for tests: time stands still while callbacks run, and when the loop has nothing to do but wait
 * for its next timer, the clock jumps to that timer's deadline instead of sleeping, so
 * {@code loop.runUntilComplete(Asyncio.sleep(3600))} returns at once with {@code loop.time()} one hour
 * later. A test may also move time itself with {@link #advance}.
 *
 * <p>How long the loop must have been idle, in real time, before the clock jumps is its <em>autojump
 * threshold</em> (trio's {@code MockClock} has the same knob). At the default, 0, it jumps as soon as the
 * loop would wait, which makes time-driven code run as fast as it can, but also jumps while work runs on
 * other threads (an executor job, {@link Asyncio#toThread}, a {@code CompletableFuture}): a timeout can
 * fire "before" that work ends. A threshold above 0 (say 0.05 seconds) gives such work that long, in real
 * time, to report back: every loop iteration that runs a callback starts the idle spell over, so the clock
 * only jumps once nothing has happened for that long. At positive infinity it never jumps on its own and
 * only {@link #advance} moves it.
 *
 * <p>With nothing scheduled, the loop still blocks (for real) until another thread wakes it, as with
 * {@link EventLoop#callSoonThreadsafe}. Time and {@link #advance} are thread-safe; give each loop a clock
 * of its own, since the idle spell is the one loop's.
 */
public final class VirtualClock implements LoopClock {
    private volatile double now;
    private final double autojumpThreshold;
    /** Whether the loop has been waiting, without running anything, since {@link #idleSince}. */
    private boolean idle;
    /** {@link System#nanoTime()} when the loop's current idle spell began. */
    private long idleSince;

    /** A clock starting at time 0 that jumps as soon as the loop would wait. */
    public VirtualClock() {
        this(0);
    }

    /** A clock starting at {@code start} seconds that jumps as soon as the loop would wait. */
    public VirtualClock(double start) {
        this(start, 0);
    }

    /**
     * A clock starting at {@code start} seconds that jumps to the next timer once the loop has run
     * nothing for {@code autojumpThreshold} real seconds (0: at once; positive infinity: never).
     *
     * @throws IllegalArgumentException if the threshold is negative or not a number
     */
    public VirtualClock(double start, double autojumpThreshold) {
        if (!(autojumpThreshold >= 0)) {
            throw new IllegalArgumentException("autojump threshold must be >= 0, not " + autojumpThreshold);
        }
        this.now = start;
        this.autojumpThreshold = autojumpThreshold;
    }

    /** The virtual time, in seconds. */
    @Override
    public double time() {
        return now;
    }

    /** How many real seconds the loop must have been idle before the clock jumps to its next timer. */
    public double autojumpThreshold() {
        return autojumpThreshold;
    }

    /**
     * Moves time forward by {@code seconds}; timers that become due run at the loop's next iteration
     * (from another thread, the loop sees it when it next wakes).
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public synchronized void advance(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("cannot advance a clock by " + seconds + " seconds");
        }
        now += seconds;
    }

    /**
     * Jumps to {@code deadline} (if finite and later) once the loop has been idle for the threshold, and
     * lets the loop poll without blocking; until then, lets it block for what is left of the threshold.
     */
    @Override
    public synchronized double blockFor(double deadline) {
        if (Double.isInfinite(deadline)) {
            return Double.POSITIVE_INFINITY;
        }
        if (deadline <= now + SelectorEventLoop.CLOCK_RESOLUTION) {
            return 0; // due: the loop runs it now
        }
        if (autojumpThreshold > 0) {
            long t = System.nanoTime();
            if (!idle) {
                idle = true;
                idleSince = t;
            }
            double waited = (t - idleSince) / 1e9;
            if (waited < autojumpThreshold) {
                return autojumpThreshold - waited;
            }
            // the next deadline needs an idle spell of its own
            idle = false;
        }
        now = deadline;
        return 0;
    }

    /** The loop ran something: its idle spell, if it was in one, is over. */
    @Override
    public synchronized void ranCallbacks() {
        idle = false;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + (autojumpThreshold == 0 ? "" : ", autojump after " + autojumpThreshold + " s")
                + "]";
    }
}
