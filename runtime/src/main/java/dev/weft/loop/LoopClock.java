package dev.weft.loop;

/**
 * The time source of an event loop, injectable so tests control time. The loop asks it for the time
 * ({@link EventLoop#time()}), and, when it has nothing to run before its next timer, how long to block
 * in its selector ({@link #blockFor}): the {@linkplain #system() system clock} blocks until the deadline,
 * a {@link VirtualClock} jumps to it (at once, or once the loop has been idle for its autojump threshold).
 *
 * <p>Called on the loop's thread only, except {@link #time()}, which must be thread-safe.
 */
public interface LoopClock {
    /** The current time in seconds, monotonic (never decreasing); its origin is arbitrary. */
    double time();

    /**
     * The loop has nothing to run before {@code deadline} (a {@link #time()} value, or positive infinity
     * when no timer is scheduled): returns how many real seconds it may block in its selector waiting
     * for I/O or a wake-up (0: do not block; positive infinity: until woken). The default blocks until
     * the deadline.
     */
    default double blockFor(double deadline) {
        return deadline - time();
    }

    /**
     * The loop has just run callbacks or task steps (it calls this after each iteration that ran any), so
     * whatever idle spell the clock measures is over: a {@link VirtualClock} with an autojump threshold
     * counts the threshold from the loop's last work. The default does nothing.
     */
    default void ranCallbacks() {
    }

    /** The system's monotonic clock ({@link System#nanoTime()}), in seconds. */
    static LoopClock system() {
        return SystemClock.INSTANCE;
    }
}
