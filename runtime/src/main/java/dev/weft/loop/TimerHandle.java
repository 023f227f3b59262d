package dev.weft.loop;

/**
 * A callback scheduled for a time by {@link EventLoop#callLater} or {@link EventLoop#callAt}. Timers run
 * in deadline order, ties in the order they were scheduled. A cancelled timer is dropped from the loop's
 * queue (lazily, in bulk when many are cancelled, as asyncio does), so cancelling never leaks.
 */
public class TimerHandle extends Handle {
    private final double when;
    /** Scheduling order, to break ties between equal deadlines first-in first-out. */
    final long sequence;
    /** True while the handle sits in the loop's timer queue. */
    boolean scheduled;

    TimerHandle(SelectorEventLoop loop, double when, long sequence, Runnable callback) {
        super(loop, callback);
        this.when = when;
        this.sequence = sequence;
    }

    /** The loop time (see {@link EventLoop#time()}) at which the callback is due, in seconds. */
    public double when() {
        return when;
    }

    /** Cancels the callback if it has not run yet and lets the loop drop it from its timer queue. */
    @Override
    public void cancel() {
        if (!cancelled()) {
            loop.timerHandleCancelled(this);
        }
        super.cancel();
    }

    @Override
    String extra() {
        return ", when=" + when;
    }
}
