package dev.weft.loop;

/** The loop running on each thread (set by {@link SelectorEventLoop#runForever()}). */
final class RunningLoop {
    private static final ThreadLocal<SelectorEventLoop> CURRENT = new ThreadLocal<>();
    /**
     * asyncio's words, the thread, then where a loop comes from, and the usual way code leaves its loop's
     * thread without meaning to.
     */
    static String noneRunning() {
        return "no running event loop: sleep, createTask, gather and the loop's queues, locks and events work"
                + " only in code a loop runs, and thread \"" + Thread.currentThread().getName() + "\" runs none;"
                + " start one with Asyncio.run(main()), a Runner, or loop.runUntilComplete (a CompletableFuture"
                + " @Async method resumes after an await on the thread that completed what it awaited: await the"
                + " loop's things from a Coroutine method instead)";
    }

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
