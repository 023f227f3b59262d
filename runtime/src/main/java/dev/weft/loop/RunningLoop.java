package dev.weft.loop;

/** The loop running on each thread (set by {@link SelectorEventLoop#runForever()}). */
final class RunningLoop {
    private static final ThreadLocal<SelectorEventLoop> CURRENT = new ThreadLocal<>();
    /** asyncio's words, then where a loop comes from. */
    static final String NONE_RUNNING = "no running event loop: sleep, createTask, gather and the loop's queues,"
            + " locks and events work only in code a loop runs; start one with Asyncio.run(main()), a Runner, or"
            + " loop.runUntilComplete";

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
