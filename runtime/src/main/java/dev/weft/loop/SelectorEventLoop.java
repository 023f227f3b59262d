package dev.weft.loop;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The event loop: waits in a {@link java.nio.channels.Selector} for I/O readiness, its next timer, or a wake-up from
 * {@link #callSoonThreadsafe}, then runs what is ready. One iteration ({@link #runOnce()}):
 * <ol>
 *   <li>drop cancelled timers (all of them when they are over half of more than 100);
 *   <li>select: without blocking if callbacks are ready or the loop is stopping, else until the next
 *       timer's deadline (as the {@link LoopClock} decides), else until woken;
 *   <li>queue the callbacks of ready channels, of other threads, and of due timers (deadline order,
 *       ties first-in first-out);
 *   <li>run the callbacks ready at that moment, in order; those they schedule wait for the next
 *       iteration.
 * </ol>
 *
 * <p>See {@link EventLoop} for which methods are thread-safe.
 *
 * <p>Interrupting the loop's thread ({@link Thread#interrupt}: an executor's {@code shutdownNow}, a
 * {@code Future.cancel(true)}, a structured scope) asks the run to end, as it asks any blocking call:
 * {@link #runUntilComplete} cancels the future it runs (a task's coroutine unwinds through its
 * {@code finally} blocks, then the run throws {@link CancelledError}), {@link #runForever} stops. Either
 * way the thread's interrupt status is set again when the run returns. (A selector does not block on an
 * interrupted thread, so an interrupt the loop did not take would make it spin.)
 */
public class SelectorEventLoop implements EventLoop {
    private static final System.Logger LOG = ExceptionReporting.LOG;

    private final LoopClock clock;
    private final IoSelector selector = new IoSelector();
    /** Callbacks to run, loop thread only. */
    /**
     * What runs next: {@link Handle}s, and {@link Task}s whose next step is due (a task is its own
     * wake-up: no handle is made for the steps of tasks, the loop's most frequent callbacks).
     */
    private ArrayDeque<Object> ready = new ArrayDeque<>();
    /** A ready queue that held more than this many handles is copied small once drained (see {@link #runOnce}). */
    private static final int READY_SHRINK_THRESHOLD = 1024;
    /**
     * The loop clock's resolution in seconds, asyncio's {@code _clock_resolution} on Linux (that of
     * {@code time.monotonic}, as {@link System#nanoTime} has): timers due less than this after now are due.
     */
    static final double CLOCK_RESOLUTION = 1e-9;
    /** Callbacks from other threads, moved to {@link #ready} by the loop thread. */
    private final ConcurrentLinkedQueue<Handle> inbox = new ConcurrentLinkedQueue<>();
    /**
     * Set by a thread after adding to {@link #inbox}, cleared by the loop before it empties the inbox: one
     * field read, where every callback scheduled on the loop's thread polled the inbox.
     */
    private volatile boolean inboxFilled;
    private final TimerQueue timers = new TimerQueue();

    private volatile Thread thread;
    private volatile boolean stopping;
    /** The future {@link #runUntilComplete} runs to completion now; null otherwise. */
    private Future<?> runningUntil;
    /** Whether the loop took an interrupt of its thread in the current run, to set again as it returns. */
    private boolean interruptTaken;
    private volatile boolean closed;

    /** The tasks not done, in creation order: a list threaded through the tasks themselves. */
    private Task<?> firstTask;
    private Task<?> lastTask;
    private Task<?> currentTask;
    /**
     * The context of the callback running now if it was given none to run in (see
     * {@link Context#current}): made by its first {@code ContextVar.set}, dropped when it returns.
     */
    Context callbackContext;
    private Handle currentHandle;
    /** Failed futures whose exception nobody retrieved yet (see {@link Unretrieved}). */
    final Set<Unretrieved> unretrieved = ConcurrentHashMap.newKeySet();
    /**
     * The async generators first iterated while this loop ran, weakly (a generator dropped unfinished is
     * not kept alive by the loop), each with its rank, so that {@link #shutdownAsyncgens()} closes them in
     * the order they started, as tasks are kept in the order they were made. Guarded by itself.
     */
    private final Map<AsyncGenerator<?, ?>, Long> asyncgens = new WeakHashMap<>();
    private long asyncgensTracked;

    private TaskFactory taskFactory;
    private final ExceptionReporting exceptions = new ExceptionReporting();
    private final LoopExecutor executors = new LoopExecutor(this);
    private volatile boolean debug;
    private double slowCallbackDuration = 0.1;

    /** A loop on the system clock. */
    public SelectorEventLoop() {
        this(LoopClock.system());
    }

    /**
     * A loop on {@code clock} (a {@link VirtualClock} for tests).
     *
     * @throws UncheckedIOException if no selector can be opened
     */
    @SuppressWarnings("this-escape") // the executor helper only keeps the reference
    public SelectorEventLoop(LoopClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debug = Boolean.getBoolean("weft.loop.debug");
    }

    /** The loop behind {@code loop}: futures and tasks need this implementation's internals. */
    static SelectorEventLoop of(EventLoop loop) {
        if (loop instanceof SelectorEventLoop) {
            return (SelectorEventLoop) loop;
        }
        if (loop == null) {
            throw new NullPointerException("loop");
        }
        throw new IllegalArgumentException("weft futures and tasks run on a SelectorEventLoop, not on "
                + loop.getClass().getName());
    }

    /** The clock this loop reads. */
    public LoopClock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ scheduling

    @Override
    public Handle callSoon(Runnable callback) {
        return schedule(new Handle(this, Context.bind(Objects.requireNonNull(callback, "callback"))));
    }

    /** Schedules the next step of {@code task} (see {@link Task#stepScheduled}), as {@code callSoon} would. */
    void scheduleStep(Task<?> task) {
        enqueue(task);
    }

    /** {@link #callSoon} of a handle already made. */
    Handle schedule(Handle h) {
        enqueue(h);
        return h;
    }

    /** Appends a handle or a task's step to the ready queue, behind what other threads sent. */
    private void enqueue(Object next) {
        checkClosed();
        checkThread();
        drainInbox();
        ready.add(next);
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkClosed();
        Handle h = new Handle(this, Context.bind(Objects.requireNonNull(callback, "callback")));
        if (Thread.currentThread() == thread) {
            drainInbox();
            ready.add(h);
        } else {
            inbox.add(h);
            inboxFilled = true;
            wakeUp();
        }
        return h;
    }

    @Override
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        if (Double.isNaN(delaySeconds)) {
            throw new IllegalArgumentException("delay must not be NaN");
        }
        return callAt(time() + delaySeconds, callback);
    }

    @Override
    public TimerHandle callAt(double when, Runnable callback) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must not be NaN");
        }
        checkClosed();
        checkThread();
        TimerHandle h = new TimerHandle(this, when, timers.nextSequence(),
                Context.bind(Objects.requireNonNull(callback, "callback")));
        timers.add(h);
        return h;
    }

    @Override
    public double time() {
        return clock.time();
    }

    void timerHandleCancelled(TimerHandle handle) {
        timers.cancelled(handle);
    }

    /** Timers in the queue, cancelled ones not yet dropped included (for tests of the compaction). */
    int scheduledTimerCount() {
        return timers.size();
    }

    // ------------------------------------------------------------------ running

    @Override
    public void runForever() {
        checkClosed();
        checkNotRunning();
        thread = Thread.currentThread();
        RunningLoop.set(this);
        Context around = Context.beginLoopRun();
        // async generators first iterated while this loop runs are closed by shutdownAsyncgens()
        java.util.function.Consumer<dev.weft.AsyncGenerator<?, ?>> previousHook =
                dev.weft.internal.AsyncGeneratorHooks.setFirstIter(this::trackAsyncgen);
        try {
            for (;;) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            if (interruptTaken) {
                interruptTaken = false;
                Thread.currentThread().interrupt();
            }
            thread = null;
            RunningLoop.set(null);
            Context.endLoopRun(around);
            dev.weft.internal.AsyncGeneratorHooks.setFirstIter(previousHook);
        }
    }

    @Override
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkClosed();
        checkNotRunning();
        boolean newTask = !(awaitable instanceof Future<?>);
        Future<T> future = Asyncio.ensureFuture(awaitable, this);
        Consumer<Future<T>> stopper = f -> stop();
        future.addDoneCallback(stopper);
        Future<?> outer = runningUntil;
        runningUntil = future;
        try {
            runForever();
        } catch (Throwable t) {
            if (newTask && future.done() && !future.cancelled()) {
                future.exception();
            }
            throw t;
        } finally {
            runningUntil = outer;
            future.removeDoneCallback(stopper);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    @Override
    public void stop() {
        stopping = true;
        if (Thread.currentThread() != thread) {
            wakeUp();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        for (Unretrieved u : new ArrayList<>(unretrieved)) {
            u.report();
        }
        closed = true;
        SignalHandlers.removeAll(this);
        ready.clear();
        inbox.clear();
        timers.clear();
        executors.shutdownNoWait();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close the selector of " + this, e);
        }
    }

    /**
     * One iteration of the loop (see the class comment). Package-private so tests can step the loop.
     */
    void runOnce() {
        drainInbox();
        timers.prune();
        double timeout;
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else {
            timeout = clock.blockFor(timers.nextDeadline());
        }
        selector.select(timeout, () -> !inbox.isEmpty(), this);
        if (Thread.interrupted()) {
            takeInterrupt();
        }
        drainInbox();
        if (!timers.isEmpty()) {
            // as asyncio: what is due within the clock's resolution of now runs now, so that two timers
            // whose deadlines differ only by rounding (sums of delays) run in the same iteration
            timers.popDue(time() + CLOCK_RESOLUTION, ready);
        }
        int burst = ready.size();
        for (int n = burst; n > 0; n--) {
            Object next = ready.poll();
            if (next instanceof Task<?> || !((Handle) next).cancelled()) {
                runReady(next);
            }
        }
        if (burst > 0) {
            clock.ranCallbacks();
        }
        if (burst > READY_SHRINK_THRESHOLD && ready.size() < burst / 16) {
            // An ArrayDeque keeps the capacity of its longest run (a burst of a million task starts would
            // hold megabytes for the loop's lifetime); CPython's deque gives its blocks back as it drains.
            ready = new ArrayDeque<>(ready);
        }
    }

    /**
     * The loop's thread was interrupted (see the class comment): the status is cleared, so that the selector
     * blocks again while the run ends, and set again as it returns.
     */
    private void takeInterrupt() {
        interruptTaken = true;
        Future<?> f = runningUntil;
        if (f != null) {
            f.cancel("the event loop's thread was interrupted");
        } else {
            stopping = true;
        }
    }

    /** Runs a handle, or the scheduled step of a task. */
    private void runReady(Object next) {
        currentHandle = next instanceof Handle ? (Handle) next : null;
        try {
            if (debug) {
                double t0 = time();
                invoke(next);
                double dt = time() - t0;
                if (dt >= slowCallbackDuration) {
                    LOG.log(System.Logger.Level.WARNING,
                            "Executing " + next + " took " + String.format(java.util.Locale.ROOT, "%.3f", dt) + " seconds");
                }
            } else {
                invoke(next);
            }
        } finally {
            currentHandle = null;
            callbackContext = null;
        }
    }

    private static void invoke(Object next) {
        if (next instanceof Task<?>) {
            ((Task<?>) next).stepScheduled();
        } else {
            ((Handle) next).run();
        }
    }

    private void drainInbox() {
        if (inboxFilled) {
            inboxFilled = false; // before polling: a handle added after the poll sets it again
            Handle h;
            while ((h = inbox.poll()) != null) {
                ready.add(h);
            }
        }
    }

    private void wakeUp() {
        selector.wakeUp();
    }

    void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    private void checkNotRunning() {
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (RunningLoop.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    /**
     * Refuses a non-thread-safe call from a thread other than the loop's while it runs. asyncio checks only
     * in debug mode, where the GIL makes such a call merely late; in Java it corrupts the loop's queues (a
     * task lost, a run that never ends), so the check, a field read, is always on.
     */
    void checkThread() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            throw foreignThread();
        }
    }

    /** The refusal of {@link #checkThread}, out of line so that the check stays small in every caller. */
    private static IllegalStateException foreignThread() {
        return new IllegalStateException("Non-thread-safe operation invoked on an event loop other than the"
                + " current one; from another thread, use loop.callSoonThreadsafe or"
                + " Asyncio.runCoroutineThreadsafe");
    }

    /** True if this loop is running on the calling thread (then it is the thread's running loop). */
    boolean runsOnCurrentThread() {
        return thread == Thread.currentThread();
    }

    /** True if the calling thread may use this loop's non-thread-safe methods now. */
    boolean isOwnedByCurrentThread() {
        Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /** Queues a ready channel's callback for this iteration. */
    void readyCallback(Handle h) {
        ready.add(h);
    }

    // ------------------------------------------------------------------ futures and tasks

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        checkClosed();
        TaskFactory f = taskFactory;
        if (f == null) {
            return new Task<>(this, coro, name);
        }
        Task<T> task = f.newTask(this, coro, name);
        if (name != null) {
            task.setName(name);
        }
        return task;
    }

    @Override
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    @Override
    public void setTaskFactory(TaskFactory factory) {
        this.taskFactory = factory;
    }

    @Override
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    @Override
    public Set<Task<?>> allTasks() {
        Set<Task<?>> all = new LinkedHashSet<>();
        for (Task<?> t = firstTask; t != null; t = t.nextTask) {
            all.add(t);
        }
        return all;
    }

    @Override
    public Task<?> currentTask() {
        return currentTask;
    }

    void registerTask(Task<?> task) {
        task.previousTask = lastTask;
        if (lastTask == null) {
            firstTask = task;
        } else {
            lastTask.nextTask = task;
        }
        lastTask = task;
    }

    void unregisterTask(Task<?> task) {
        if (task.previousTask == null && firstTask != task) {
            return; // not registered
        }
        if (task.previousTask == null) {
            firstTask = task.nextTask;
        } else {
            task.previousTask.nextTask = task.nextTask;
        }
        if (task.nextTask == null) {
            lastTask = task.previousTask;
        } else {
            task.nextTask.previousTask = task.previousTask;
        }
        task.previousTask = null;
        task.nextTask = null;
    }

    void enterTask(Task<?> task) {
        if (currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + task + " while another task " + currentTask
                    + " is being executed.");
        }
        currentTask = task;
    }

    /** Makes {@code task} (or none) the current task, returning the one that was: for an eager task's first step. */
    Task<?> swapCurrentTask(Task<?> task) {
        Task<?> was = currentTask;
        currentTask = task;
        return was;
    }

    void leaveTask(Task<?> task) {
        if (currentTask != task) {
            throw new IllegalStateException("Leaving task " + task + " does not match the current task "
                    + currentTask + ".");
        }
        currentTask = null;
    }

    // ------------------------------------------------------------------ executors

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> call) {
        checkClosed();
        checkThread();
        return executors.run(executor, call);
    }

    @Override
    public void setDefaultExecutor(ExecutorService executor) {
        executors.setDefault(executor);
    }

    @Override
    public Coroutine<Void> shutdownDefaultExecutor() {
        return executors.shutdownDefault(300);
    }

    /** Like {@link #shutdownDefaultExecutor()}, waiting at most {@code timeoutSeconds} for its threads. */
    public Coroutine<Void> shutdownDefaultExecutor(double timeoutSeconds) {
        return executors.shutdownDefault(timeoutSeconds);
    }

    // ------------------------------------------------------------------ async generators

    @Override
    public void trackAsyncgen(AsyncGenerator<?, ?> agen) {
        synchronized (asyncgens) {
            asyncgens.putIfAbsent(agen, asyncgensTracked++);
        }
    }

    @Override
    public Coroutine<Void> shutdownAsyncgens() {
        return LoopCoroutine.typed(new AsyncgenShutdown(this));
    }

    /** The tracked async generators, in the order they were first iterated, and forgets them. */
    List<AsyncGenerator<?, ?>> takeAsyncgens() {
        List<Map.Entry<AsyncGenerator<?, ?>, Long>> ranked;
        synchronized (asyncgens) {
            ranked = new ArrayList<>(asyncgens.entrySet());
            asyncgens.clear();
        }
        ranked.sort(Map.Entry.comparingByValue());
        List<AsyncGenerator<?, ?>> all = new ArrayList<>(ranked.size());
        for (Map.Entry<AsyncGenerator<?, ?>, Long> e : ranked) {
            all.add(e.getKey());
        }
        return all;
    }

    // ------------------------------------------------------------------ errors

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        exceptions.setHandler(handler);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return exceptions.handler();
    }

    @Override
    public void callExceptionHandler(Map<String, Object> context) {
        exceptions.call(this, context);
    }

    @Override
    public void defaultExceptionHandler(Map<String, Object> context) {
        ExceptionReporting.logDefault(context, currentHandle);
    }

    // ------------------------------------------------------------------ debug

    @Override
    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    @Override
    public boolean getDebug() {
        return debug;
    }

    @Override
    public void setSlowCallbackDuration(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("slow callback duration must be >= 0, not " + seconds);
        }
        this.slowCallbackDuration = seconds;
    }

    @Override
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    // ------------------------------------------------------------------ I/O readiness

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        watch(channel).setReader(new Handle(this, Objects.requireNonNull(callback, "callback")));
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        ChannelWatch w = existingWatch(channel);
        if (w == null) {
            return false;
        }
        boolean had = w.setReader(null);
        releaseIfIdle(channel, w);
        return had;
    }

    /**
     * Stops calling {@code channel}'s reader but keeps its registration, unlike {@link #removeReader}: for a
     * transport pausing its reading, which will resume it (a new registration each time would cost a
     * {@code selectNow} and a system call per pause) and which releases the channel itself as it closes it.
     */
    void pauseReader(SelectableChannel channel) {
        ChannelWatch w = existingWatch(channel);
        if (w != null) {
            w.setReader(null);
        }
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        watch(channel).setWriter(new Handle(this, Objects.requireNonNull(callback, "callback")));
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        ChannelWatch w = existingWatch(channel);
        if (w == null) {
            return false;
        }
        boolean had = w.setWriter(null);
        releaseIfIdle(channel, w);
        return had;
    }

    /**
     * Stops watching {@code channel} once it has neither reader nor writer, as asyncio's selector
     * unregisters a descriptor then. NIO closes a registered channel's socket only when the selector
     * deregisters it: a socket its owner closes after a {@code sockAccept}, {@code sockRecvfrom} or an
     * {@code addReader}/{@code removeReader} would otherwise stay open (a server still accepting, a port
     * still bound) until the loop's next select.
     */
    private void releaseIfIdle(SelectableChannel channel, ChannelWatch w) {
        if (w.idle()) {
            selector.release(channel, this);
        }
    }

    /**
     * Closes {@code channel} and its socket at once, even while the loop watches it (see
     * {@link IoSelector#release}). Loop thread only.
     */
    void closeChannel(SelectableChannel channel) throws java.io.IOException {
        if (!closed) {
            selector.release(channel, this);
        }
        channel.close();
    }

    private ChannelWatch watch(SelectableChannel channel) {
        checkClosed();
        checkThread();
        return selector.watch(channel);
    }

    private ChannelWatch existingWatch(SelectableChannel channel) {
        checkClosed();
        return selector.existingWatch(channel);
    }

    @Override
    public String toString() {
        return "SelectorEventLoop[" + (closed ? "closed" : isRunning() ? "running" : "idle")
                + ", debug=" + debug + "]";
    }
}
