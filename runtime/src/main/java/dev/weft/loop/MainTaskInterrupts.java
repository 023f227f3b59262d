package dev.weft.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C while a {@link Runner} runs its main task, as Python 3.11's {@code asyncio.Runner} handles it:
 * the first {@code SIGINT} cancels the main task, so that it and what it awaits unwind through their
 * {@code finally} blocks and the runner can clean up, after which the runner raises
 * {@link KeyboardInterrupt}; a second one (or one once the task is done) gets the JVM's own handling, the
 * shutdown hooks and exit status 130, which is what Ctrl-C does to a Java program anyway.
 *
 * <p>Taken, as asyncio takes it, only on the program's main thread (a server's worker running
 * {@code Asyncio.run} must not take Ctrl-C from the program) and only from the JVM's own handler (not
 * from one the application installed, nor when the process ignores {@code SIGINT}, nor under
 * {@code -Xrs}).
 */
final class MainTaskInterrupts implements AutoCloseable {
    /** What a run gets when it does not take Ctrl-C. */
    private static final MainTaskInterrupts NONE = new MainTaskInterrupts(null, null);

    private final EventLoop loop;
    private final Task<?> task;
    /** SIGINTs received so far. */
    private final AtomicInteger count = new AtomicInteger();
    /** The hold on SIGINT; null for {@link #NONE}. */
    private SignalHandlers.Takeover takeover;

    private MainTaskInterrupts(EventLoop loop, Task<?> task) {
        this.loop = loop;
        this.task = task;
    }

    /** Takes Ctrl-C for {@code task} on {@code loop} until {@link #close}, where it may (see above). */
    static MainTaskInterrupts take(EventLoop loop, Task<?> task) {
        if (!onMainThread()) {
            return NONE;
        }
        MainTaskInterrupts interrupts = new MainTaskInterrupts(loop, task);
        interrupts.takeover = SignalHandlers.takeOverFromJvm("INT", interrupts::interrupted);
        return interrupts.takeover == null ? NONE : interrupts;
    }

    /** True if a {@code SIGINT} arrived while the task ran. */
    boolean interrupted() {
        return count.get() > 0;
    }

    /** Gives Ctrl-C back to whoever had it (the JVM). */
    @Override
    public void close() {
        if (takeover != null) {
            SignalHandlers.restore(takeover);
        }
    }

    /** On the JDK's signal thread. */
    private void interrupted(SignalHandlers.Takeover jvms, Object signal) {
        // task.done() read off the loop thread: a stale answer at worst leaves the cancel to the loop, where
        // cancelling a task that has just finished does nothing, and the next Ctrl-C exits
        if (count.incrementAndGet() == 1 && !task.done()) {
            try {
                loop.callSoonThreadsafe(task::cancel); // a task is the loop thread's; this also wakes the loop
                return;
            } catch (IllegalStateException closed) {
                // the loop closed under us: nothing left to cancel
            }
        }
        jvms.passOn(signal);
    }

    /**
     * True on the thread the {@code java} launcher runs {@code main} on. Java has no handle on it (its id
     * is 1 on JDK 17, 3 on JDK 25): its name and group, both {@code main}, tell it.
     */
    private static boolean onMainThread() {
        Thread t = Thread.currentThread();
        ThreadGroup group = t.getThreadGroup();
        return "main".equals(t.getName()) && group != null && "main".equals(group.getName());
    }
}
