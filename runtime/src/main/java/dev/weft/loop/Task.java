package dev.weft.loop;

import dev.weft.Coroutine;
import dev.weft.StopIteration;
import dev.weft.internal.Frame;
import dev.weft.internal.Subscribable;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * asyncio's {@code Task}: a {@link Future} that runs a {@link Coroutine} on its loop, one step per
 * iteration. Each step resumes the coroutine with {@code send}/{@code throwIn}; the leaf awaitable it
 * returns decides when the next step runs:
 * <ul>
 *   <li>a loop {@link Future} (or task) of the same loop: when it is done, with its result or failure;
 *   <li>a {@link CompletionStage}, or another awaitable that can call back: when it completes, on the
 *       loop thread (via {@code callSoonThreadsafe});
 *   <li>null: at the next iteration (a bare yield: {@code Asyncio.sleep(0)});
 *   <li>anything else: an {@link IllegalStateException} ("Task got bad yield") is thrown into the
 *       coroutine at the next step.
 * </ul>
 *
 * <pre>
 *  state                 means                                       cancel() does
 *  PENDING (scheduled)   a step is scheduled (start, bare yield)     marks must-cancel: the step throws
 *                                                                    CancelledError into the coroutine
 *  PENDING (waiting)     suspended on a future (getStack() shows     cancels that future; the coroutine
 *                        where)                                      gets its CancelledError when woken
 *  FINISHED              the coroutine returned or threw             returns false
 *  CANCELLED             CancelledError escaped the coroutine        returns false
 * </pre>
 * A coroutine that catches the {@link CancelledError} and returns normally completes the task normally;
 * {@link #cancelling()} counts the cancellation requests and {@link #uncancel()} withdraws one, as in
 * Python 3.13 (3.11's uncancel leaves a cancellation requested but not yet delivered in place).
 *
 * <p>The loop holds every task until it ends ({@link EventLoop#allTasks()}), where asyncio holds them
 * weakly: a task nobody else references still runs to its end (asyncio's advice to keep a reference is
 * not needed), and so no task is ever "destroyed but pending"; one that waits forever stays in memory
 * while its loop lives, and {@link Asyncio#run} cancels it at the end.
 *
 * <p>Not thread-safe: use it on its loop's thread.
 *
 * @param <T> the type of the coroutine's result
 */
public class Task<T> extends Future<T> {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Coroutine<T> coro;
    /** Its number in creation order, for the default name {@code Task-<number>} (unsigned). */
    private final int number;
    /** Null until the task is named, asked its name, or cancelled: most tasks never are. */
    private Extras extras;
    /** The future the coroutine waits on, or null while a step is scheduled or running. */
    private Future<?> waiter;

    /** The part of a task's state that few tasks need; kept apart so that a task stays small. */
    private static final class Extras {
        /** The name given, or made when first asked for. */
        String name;
        /** The next step throws CancelledError into the coroutine. */
        boolean mustCancel;
        /** The message of the cancellation the next step delivers (when {@link #mustCancel}). */
        String pendingCancelMessage;
        int cancelsRequested;
        /** The context the task runs in; null while it has none of its own (see {@link Context#capture}). */
        Context context;
    }
    /** The loop's list of its tasks not done (see {@link SelectorEventLoop#registerTask}). */
    Task<?> previousTask;
    Task<?> nextTask;

    /**
     * A task running {@code coro} on the running loop, scheduled to start at its next iteration.
     *
     * @throws IllegalStateException if no loop is running on this thread
     */
    public Task(Coroutine<T> coro) {
        this(Asyncio.getRunningLoop(), coro, null);
    }

    /**
     * A task running {@code coro} on {@code loop}, scheduled to start at the loop's next iteration.
     *
     * @param name its name, or null for {@code Task-N}
     * @throws IllegalStateException if the loop is closed
     */
    public Task(EventLoop loop, Coroutine<T> coro, String name) {
        this(loop, coro, name, null);
    }

    /**
     * A task running {@code coro} in {@code context} on {@code loop}, scheduled to start at the loop's next
     * iteration.
     *
     * @param name its name, or null for {@code Task-N}
     * @param context the context it runs in, or null for a copy of the current one (as the other
     *     constructors do)
     * @throws IllegalStateException if the loop is closed
     */
    public Task(EventLoop loop, Coroutine<T> coro, String name, Context context) {
        this(loop, coro, name, context, false);
    }

    /**
     * A task running {@code coro} in {@code context} on {@code loop}; with {@code eagerStart}, started at
     * once (Python 3.12's eager tasks; see {@link Asyncio#eagerTaskFactory()}).
     *
     * <p>An eagerly started task runs its coroutine now, inside this constructor, until it first suspends
     * (then it goes on as any task) or ends (then the task is done when the constructor returns, and was
     * never scheduled): a coroutine that often finishes without waiting costs no loop iteration. While it
     * runs, it is the loop's current task. Only a task made on its loop's thread while the loop runs starts
     * eagerly; otherwise it is scheduled as usual. A subclass's constructor runs after that first step.
     *
     * @param name its name, or null for {@code Task-N}
     * @param context the context it runs in, or null for a copy of the current one
     * @throws IllegalStateException if the loop is closed
     */
    @SuppressWarnings("this-escape") // as in asyncio, a task schedules (or runs) its first step as it is made
    public Task(EventLoop loop, Coroutine<T> coro, String name, Context context, boolean eagerStart) {
        super(loop);
        if (coro == null) {
            throw new NullPointerException("a Task needs a coroutine");
        }
        this.coro = coro;
        // the default name is made when first asked for (asyncio numbers tasks as they are made)
        this.number = name != null ? 0 : COUNTER.incrementAndGet();
        if (name != null) {
            extras().name = name;
        }
        Context runsIn = context != null ? context : Context.capture();
        if (runsIn != null) {
            extras().context = runsIn;
        }
        // refused before it is registered: else a task never scheduled would keep run() waiting for it
        this.loop.checkThread();
        this.loop.registerTask(this);
        if (eagerStart && this.loop.isRunning() && this.loop.runsOnCurrentThread()) {
            Task<?> creator = this.loop.swapCurrentTask(null);
            try {
                step(null, null);
            } finally {
                this.loop.swapCurrentTask(creator);
            }
        } else {
            this.loop.scheduleStep(this);
        }
    }

    /** The task's name: {@code Task-N} unless given. */
    public String getName() {
        Extras x = extras();
        if (x.name == null) {
            x.name = "Task-" + Integer.toUnsignedString(number);
        }
        return x.name;
    }

    /** Renames the task. */
    public void setName(String name) {
        extras().name = String.valueOf(name);
    }

    /** The context the task runs in (Python's {@code get_context()}). */
    public Context getContext() {
        return context(true);
    }

    /** The task's own context; made now if {@code make}, else null while it has none. */
    Context context(boolean make) {
        Extras x = extras;
        if (x != null && x.context != null) {
            return x.context;
        }
        if (!make) {
            return null;
        }
        x = extras();
        x.context = new Context();
        if (loop.currentTask() == this) {
            x.context.enter(); // made during a step: entered for the rest of it, as if from its start
        }
        return x.context;
    }

    /** The coroutine this task runs. */
    public Coroutine<T> getCoro() {
        return coro;
    }

    /**
     * Asks the task to stop: the coroutine gets a {@link CancelledError} (with {@code message}) at the
     * await it is suspended at, at the latest at its next step. The future it waits on is cancelled.
     *
     * @return false if the task is already done
     */
    @Override
    public boolean cancel(String message) {
        loop.checkThread(); // before any change: a refused call must leave the task as it was
        markRetrievedForCancel();
        if (done()) {
            return false;
        }
        Extras x = extras();
        x.cancelsRequested++;
        if (waiter != null && waiter.cancel(message)) {
            // The waiter may be a task that swallows the cancellation: keep it to cancel it again.
            return true;
        }
        // A step is scheduled (or running): it throws CancelledError into the coroutine.
        x.mustCancel = true;
        x.pendingCancelMessage = message;
        return true;
    }

    /** How many cancellation requests are pending ({@link #cancel} calls not withdrawn by {@link #uncancel}). */
    public int cancelling() {
        return extras == null ? 0 : extras.cancelsRequested;
    }

    /**
     * Withdraws one cancellation request (a timeout or task group that handled its own cancellation);
     * with none left, a cancellation not yet delivered is dropped.
     *
     * @return the requests still pending
     */
    public int uncancel() {
        Extras x = extras;
        if (x == null) {
            return 0;
        }
        if (x.cancelsRequested > 0) {
            x.cancelsRequested--;
            if (x.cancelsRequested == 0) {
                x.mustCancel = false;
            }
        }
        return x.cancelsRequested;
    }

    /** Unsupported: a task's result is its coroutine's. */
    @Override
    public void setResult(T value) {
        throw new UnsupportedOperationException("Task does not support setResult operation");
    }

    /** Unsupported: a task's failure is its coroutine's. */
    @Override
    public void setException(Throwable error) {
        throw new UnsupportedOperationException("Task does not support setException operation");
    }

    /**
     * Where the coroutine chain is suspended (for a woven coroutine), or, for a task that failed, the stack
     * trace of its exception; otherwise empty. As in asyncio, oldest frame first: the innermost comes last.
     */
    public List<StackTraceElement> getStack() {
        List<StackTraceElement> innermostFirst;
        if (!done()) {
            innermostFirst = coro instanceof Frame ? ((Frame) coro).stack() : List.of();
        } else {
            Throwable e = cancelled() ? null : peekException();
            innermostFirst = e == null ? List.of() : List.of(e.getStackTrace());
        }
        List<StackTraceElement> stack = new java.util.ArrayList<>(innermostFirst);
        java.util.Collections.reverse(stack);
        return java.util.Collections.unmodifiableList(stack);
    }

    /** Prints {@link #getStack()} to {@code System.err}. */
    public void printStack() {
        printStack(System.err);
    }

    /** Prints the task and {@link #getStack()}, one {@code at ...} line per frame, innermost last (as asyncio). */
    public void printStack(PrintStream out) {
        List<StackTraceElement> stack = getStack();
        StringBuilder sb = new StringBuilder();
        if (stack.isEmpty()) {
            sb.append("No stack for ").append(this);
        } else {
            sb.append(done() ? "Traceback for " : "Stack for ").append(this).append(" (most recent call last):");
            sb.append(Tracebacks.format(stack));
        }
        Throwable e = done() && !cancelled() ? peekException() : null;
        if (e != null) {
            sb.append('\n').append(e);
        }
        out.println(sb);
    }

    /**
     * Like asyncio's repr: {@code Task[name=Task-1, pending, coro=Spin.spin() suspended at Spin.java:23]},
     * {@code Task[name=Task-1, finished, coro=..., result=42]}.
     */
    @Override
    public String toString() {
        String st = describe();
        String head;
        String tail = "";
        int comma = st.indexOf(", ");
        if (comma >= 0) {
            head = st.substring(0, comma);
            tail = st.substring(comma);
        } else {
            head = st;
        }
        if (!done() && cancelling() > 0) {
            head = "cancelling";
        }
        return getClass().getSimpleName() + "[name=" + getName() + ", " + head + ", coro=" + coro + tail + "]";
    }

    // ------------------------------------------------------------------ the driver

    /** One scheduled step: resumes the coroutine with a value or a failure. */
    private final class Step implements Runnable {
        private final Object value;
        private final Throwable error;

        Step(Object value, Throwable error) {
            this.value = value;
            this.error = error;
        }

        @Override
        public void run() {
            step(value, error);
        }

        @Override
        public String toString() {
            return "Task.step[" + getName() + "]";
        }
    }

    /**
     * Runs the step the loop had scheduled ({@link SelectorEventLoop#scheduleStep}): with the outcome of
     * the future the coroutine waits on, which is done, or with nothing (the first step, or after a bare
     * yield).
     */
    void stepScheduled() {
        Future<?> f = waiter;
        if (f == null) {
            step(null, null);
            return;
        }
        Object value;
        try {
            value = f.result();
        } catch (Throwable failure) {
            step(null, failure);
            return;
        }
        step(value, null);
    }

    private void step(Object value, Throwable error) {
        if (done()) {
            throw new InvalidStateError("step(): already done: " + this + ", " + error);
        }
        Extras x = extras;
        if (x != null && x.mustCancel) {
            if (!(error instanceof CancelledError)) {
                error = new CancelledError(x.pendingCancelMessage);
            }
            x.mustCancel = false;
        }
        waiter = null;
        Context shadowed = Context.enterTaskStep(this);
        loop.enterTask(this);
        try {
            runStep(value, error);
        } finally {
            loop.leaveTask(this);
            Context.leaveTaskStep(this, shadowed);
        }
    }

    @SuppressWarnings("unchecked")
    private void runStep(Object value, Throwable error) {
        Object leaf;
        try {
            if (coro instanceof Frame) {
                // woven (or the loop's own) coroutines end without throwing StopIteration
                Frame frame = (Frame) coro;
                leaf = frame.step(value, error);
                if (leaf == Frame.ENDED) {
                    returned((T) frame.returnValue());
                    return;
                }
            } else {
                leaf = error != null ? coro.throwIn(error) : coro.send(value);
            }
        } catch (StopIteration end) {
            returned((T) end.value());
            return;
        } catch (CancelledError cancel) {
            keepCancelledError(cancel);
            finishCancelled(cancel.getMessage());
            return;
        } catch (Throwable failure) {
            loop.unregisterTask(this);
            super.setException(failure);
            if (Throwing.isFatal(failure)) {
                throw failure;
            }
            return;
        }
        awaitLeaf(leaf);
    }

    /** The coroutine returned {@code value}. */
    private void returned(T value) {
        Extras x = extras;
        if (x != null && x.mustCancel) {
            // cancelled right before the coroutine returned
            x.mustCancel = false;
            finishCancelled(x.pendingCancelMessage);
        } else {
            loop.unregisterTask(this);
            super.setResult(value);
        }
    }

    private void finishCancelled(String message) {
        loop.unregisterTask(this);
        super.cancel(message);
    }

    /** The coroutine suspended on {@code leaf}: arrange for the next step. */
    private void awaitLeaf(Object leaf) {
        if (leaf == null) {
            loop.scheduleStep(this);
            return;
        }
        Future<?> f;
        if (leaf instanceof Future<?>) {
            f = (Future<?>) leaf;
            if (f.loop != loop) {
                badYield(new IllegalStateException("Task " + this + " got Future " + f
                        + " attached to a different loop"));
                return;
            }
            if (f == this) {
                badYield(new IllegalStateException("Task cannot await on itself: " + this));
                return;
            }
        } else if (leaf instanceof CompletionStage<?>) {
            f = Asyncio.wrapFuture((CompletionStage<?>) leaf, loop);
        } else if (leaf instanceof Subscribable) {
            f = Bridges.fromSubscribable((Subscribable) leaf, loop);
        } else {
            badYield(new IllegalStateException("Task got bad yield: " + leaf));
            return;
        }
        f.addWakeUp(this);
        waiter = f;
        Extras x = extras;
        if (x != null && x.mustCancel && f.cancel(x.pendingCancelMessage)) {
            x.mustCancel = false;
        }
    }

    private void badYield(Throwable error) {
        loop.callSoon(new Step(null, error));
    }

    private Extras extras() {
        Extras x = extras;
        if (x == null) {
            x = new Extras();
            extras = x;
        }
        return x;
    }

    private void markRetrievedForCancel() {
        // asyncio: cancel() clears the "exception never retrieved" flag; a done task's exception stays as is.
        if (done() && !cancelled()) {
            exception();
        }
    }
}
