package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Python 3.11's {@code asyncio.Runner}: runs several main coroutines one after another on one loop, in
 * one {@link Context}, and cleans up once at the end. {@link Asyncio#run} is a runner used once.
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(connect());          // what connect() sets in a ContextVar,
 *     runner.run(serve());            // serve() sees: both run in the runner's context
 * }                                   // cancels leftover tasks, closes async generators and the loop
 * }</pre>
 *
 * <p>The loop is made when first needed. Not thread-safe: use a runner from one thread.
 */
public final class Runner implements AutoCloseable {
    private final Supplier<? extends EventLoop> loopFactory;
    /** A copy of the context current when the loop was made (as asyncio's runner, when first used). */
    private Context context;
    private EventLoop loop;
    private boolean closed;

    /**
     * A runner on a new {@link SelectorEventLoop}, whose context is a copy of the one current when it is
     * first used (its first {@code run} or {@link #getLoop()}), as asyncio's.
     */
    public Runner() {
        this(Asyncio::newEventLoop);
    }

    /** A runner on the loop {@code loopFactory} makes (e.g. one on a {@link VirtualClock}). */
    public Runner(Supplier<? extends EventLoop> loopFactory) {
        this.loopFactory = java.util.Objects.requireNonNull(loopFactory, "loopFactory");
    }

    /**
     * Runs {@code main} as a task in the runner's context until it ends, and returns its result (or throws
     * its failure as it is).
     *
     * <p>Ctrl-C, as asyncio's runner: run on the program's main thread, where {@code SIGINT} has the JVM's
     * own handler, the first Ctrl-C cancels the main task instead of ending the process at once; once the
     * task has unwound (its {@code finally} blocks run), this throws {@link KeyboardInterrupt}, or returns
     * the task's result if it caught the cancellation and returned. A second Ctrl-C gets the JVM's handling:
     * the shutdown hooks run and the process exits. The JVM's handler is back when this returns.
     *
     * @throws KeyboardInterrupt if Ctrl-C cancelled the main task and it ended cancelled
     * @throws IllegalStateException if the runner is closed, or the calling thread runs a loop
     */
    public <T> T run(Coroutine<T> main) {
        return run(main, null);
    }

    /**
     * {@link #run(Coroutine)} in {@code context} instead of the runner's (null: the runner's). With a task
     * factory set on the loop, the task runs in a copy of it (a factory is given no context).
     */
    public <T> T run(Coroutine<T> main, Context context) {
        if (main == null) {
            throw new NullPointerException("a coroutine was expected");
        }
        if (RunningLoop.get() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        EventLoop l = getLoop();
        Context runIn = context != null ? context : this.context;
        Task<T> task = l.getTaskFactory() == null ? new Task<>(l, main, null, runIn)
                : runIn.run(() -> l.createTask(main));
        try (MainTaskInterrupts interrupts = MainTaskInterrupts.take(l, task)) {
            try {
                return l.runUntilComplete(task);
            } catch (CancelledError e) {
                // cancelled by Ctrl-C alone, not (also) by someone else: the program was interrupted
                if (interrupts.interrupted() && task.uncancel() == 0) {
                    throw new KeyboardInterrupt(e);
                }
                throw e;
            }
        }
    }

    /**
     * The runner's loop, made now if it was not yet (then the runner's context is copied too).
     *
     * @throws IllegalStateException if the runner is closed
     */
    public EventLoop getLoop() {
        if (closed) {
            throw new IllegalStateException("Runner is closed");
        }
        if (loop == null) {
            loop = loopFactory.get();
            context = Context.copyContext();
        }
        return loop;
    }

    /**
     * Cancels the tasks left over (and waits for them), closes the async generators, shuts down the
     * default executor and closes the loop. Idempotent. The thread's interrupt status (set again by a run
     * that ended on an interrupt) is cleared while it cleans up and set again after.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop == null) {
            return;
        }
        // a run that ended on an interrupt of this thread set the status again: clean up all the same
        boolean interrupted = Thread.interrupted();
        try {
            cancelAllTasks(loop);
            loop.runUntilComplete(loop.shutdownAsyncgens());
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
        } finally {
            loop.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void cancelAllTasks(EventLoop loop) {
        Set<Task<?>> toCancel = loop.allTasks();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(Gathering.gather(List.copyOf(toCancel), true, SelectorEventLoop.of(loop)));
        for (Task<?> t : toCancel) {
            if (t.cancelled()) {
                continue;
            }
            Throwable e = t.exception();
            if (e != null) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("message", "unhandled exception during Asyncio.run() shutdown");
                report.put("exception", e);
                report.put("task", t);
                loop.callExceptionHandler(report);
            }
        }
    }

    @Override
    public String toString() {
        return "Runner[" + (closed ? "closed" : loop == null ? "no loop yet" : String.valueOf(loop)) + "]";
    }
}
