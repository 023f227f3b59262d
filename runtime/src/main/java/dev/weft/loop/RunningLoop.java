package dev.weft.loop;

/** The loop running on each thread (set by {@link SelectorEventLoop#runForever()}). */
final class RunningLoop {
    private static final ThreadLocal<SelectorEventLoop> CURRENT = new ThreadLocal<>();

    private RunningLoop() {}

    /** The loop running on this thread, or null. */
    static SelectorEventLoop get() {
        return CURRENT.get();
    }

    static void set(SelectorEventLoop loop) {
        if (loop == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(loop);
        }
    }
}
