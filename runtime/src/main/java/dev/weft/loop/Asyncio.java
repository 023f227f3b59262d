package dev.weft.loop;

import dev.weft.AsyncIterable;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.internal.Subscribable;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The entry points of the event loop, as Python's {@code asyncio} module: running a program
 * ({@link #run}), sleeping, creating tasks, and combining awaitables ({@link #gather}, {@link #wait},
 * {@link #asCompleted}, {@link #waitFor}, {@link #timeout}, {@link #shield}), and TCP streams
 * ({@link #openConnection}, {@link #startServer}).
 *
 * <p>Methods returning a {@link Coroutine} are lazy, like Python coroutines: nothing happens until the
 * result is awaited (or wrapped in a task), and then it runs on the running loop. Methods returning a
 * {@link Future} act at once and need a running loop unless their arguments are futures already.
 */
public final class Asyncio {
    /** {@link ReturnWhen#FIRST_COMPLETED}, for Python's spelling {@code asyncio.FIRST_COMPLETED}. */
    public static final ReturnWhen FIRST_COMPLETED = ReturnWhen.FIRST_COMPLETED;
    /** {@link ReturnWhen#FIRST_EXCEPTION}. */
    public static final ReturnWhen FIRST_EXCEPTION = ReturnWhen.FIRST_EXCEPTION;
    /** {@link ReturnWhen#ALL_COMPLETED}. */
    public static final ReturnWhen ALL_COMPLETED = ReturnWhen.ALL_COMPLETED;

    private Asyncio() {}

    // ------------------------------------------------------------------ loops

    /**
     * Runs {@code main} on a new event loop and returns its result (or throws its failure as it is). On
     * the way out it cancels the tasks left over (and waits for them), closes the async generators, shuts
     * down the default executor and closes the loop.
     *
     * <p>On the program's main thread, Ctrl-C cancels {@code main} instead of ending the process at once,
     * and this then throws {@link KeyboardInterrupt}; a second Ctrl-C ends the process (see
     * {@link Runner#run(Coroutine)}).
     *
     * <p>An interrupt of the calling thread ({@link Thread#interrupt}: an executor's {@code shutdownNow}, a
     * {@code Future.cancel(true)}, a structured scope) cancels {@code main} too; this then throws
     * {@link CancelledError} once the clean-up is done, with the thread's interrupt status set again.
     *
     * @throws KeyboardInterrupt if Ctrl-C cancelled {@code main} and it ended cancelled
     * @throws CancelledError if {@code main} ended cancelled (by an interrupt of the thread, say)
     * @throws IllegalStateException if called from a thread that runs a loop
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, Asyncio::newEventLoop);
    }

    /** {@link #run(Coroutine)} with debug mode on or off (see {@link EventLoop#setDebug}). */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        return run(main, () -> {
            EventLoop loop = newEventLoop();
            loop.setDebug(debug);
            return loop;
        });
    }

    /** {@link #run(Coroutine)} on a loop made by {@code loopFactory} (e.g. one on a {@link VirtualClock}). */
    public static <T> T run(Coroutine<T> main, Supplier<? extends EventLoop> loopFactory) {
        if (RunningLoop.get() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        if (main == null) {
            throw new NullPointerException("a coroutine was expected");
        }
        try (Runner runner = new Runner(loopFactory)) {
            return runner.run(main);
        }
    }

    /** A new event loop on the system clock (a {@link SelectorEventLoop}), not running. */
    public static EventLoop newEventLoop() {
        return new SelectorEventLoop();
    }

    /**
     * The loop running on the calling thread.
     *
     * @throws IllegalStateException if none ({@code "no running event loop: ..."}, and where one comes from)
     */
    public static EventLoop getRunningLoop() {
        SelectorEventLoop loop = RunningLoop.get();
        if (loop == null) {
            throw new IllegalStateException(RunningLoop.noneRunning());
        }
        return loop;
    }

    // ------------------------------------------------------------------ sleeping

    /**
     * A coroutine that completes after {@code seconds} (loop time); 0 or less yields once, letting the
     * other ready callbacks run. Cancelling the awaiting task cancels the timer.
     *
     * @throws IllegalArgumentException if {@code seconds} is not a number
     */
    public static Coroutine<Void> sleep(double seconds) {
        return LoopCoroutine.typed(new Sleep<>(seconds, null));
    }

    /** {@link #sleep(double)} with a {@link Duration}. */
    public static Coroutine<Void> sleep(Duration delay) {
        return LoopCoroutine.typed(new Sleep<>(seconds(delay), null));
    }

    /** {@link #sleep(double)} completing with {@code result}. */
    public static <T> Coroutine<T> sleep(double seconds, T result) {
        return LoopCoroutine.typed(new Sleep<>(seconds, result));
    }

    // ------------------------------------------------------------------ tasks and futures

    /**
     * Wraps {@code coro} in a task on the running loop, scheduled to start at its next iteration.
     *
     * @throws IllegalStateException if no loop is running
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro);
    }

    /** {@link #createTask(Coroutine)} with a name. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /**
     * {@code aw} as a future: a future as it is, a coroutine wrapped in a task on the running loop,
     * another awaitable that can call back wrapped in a future.
     *
     * @throws IllegalArgumentException if {@code aw} is none of these
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw) {
        return ensureFuture(aw, null);
    }

    /**
     * {@link #ensureFuture(Awaitable)} on {@code loop} (null: the running loop).
     *
     * @throws IllegalArgumentException if {@code aw} is a future of another loop
     */
    @SuppressWarnings("unchecked")
    public static <T> Future<T> ensureFuture(Awaitable<T> aw, EventLoop loop) {
        if (aw instanceof Future<?>) {
            Future<T> f = (Future<T>) aw;
            if (loop != null && f.loop != loop) {
                throw new IllegalArgumentException("The future belongs to a different loop than the one specified"
                        + " as the loop argument");
            }
            return f;
        }
        if (aw == null) {
            throw new NullPointerException("ensureFuture(null)");
        }
        EventLoop l = loop != null ? loop : getRunningLoop();
        if (aw instanceof Coroutine<?>) {
            return l.createTask((Coroutine<T>) aw);
        }
        if (aw instanceof Subscribable) {
            return (Future<T>) Bridges.fromSubscribable((Subscribable) aw, SelectorEventLoop.of(l));
        }
        throw new IllegalArgumentException("a Future, a Coroutine or an awaitable that can call back is required, not "
                + aw.getClass().getName());
    }

    /** {@code stage} as a future of the running loop (see {@link #wrapFuture(CompletionStage, EventLoop)}). */
    public static <T> Future<T> ensureFuture(CompletionStage<T> stage) {
        return wrapFuture(stage, getRunningLoop());
    }

    /**
     * A future of {@code loop} completed, on the loop thread, with the outcome of {@code stage}, which may
     * complete on any thread. Cancelling the future cancels the stage if it is a
     * {@link java.util.concurrent.Future}.
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage, EventLoop loop) {
        return Bridges.fromStage(stage, SelectorEventLoop.of(loop));
    }

    /**
     * The task running now on the running loop, or null if the loop runs a plain callback.
     *
     * @throws IllegalStateException if no loop is running
     */
    public static Task<?> currentTask() {
        return getRunningLoop().currentTask();
    }

    // ------------------------------------------------------------------ call graphs

    /**
     * The call graph of the running task (Python 3.14's {@code capture_call_graph()}): where its coroutine
     * chain is now (the woven methods on the thread's stack, innermost first, at their current lines) and,
     * recursively, the futures that wait for it; null if the loop runs a plain callback.
     *
     * @throws IllegalStateException if no loop is running
     */
    public static FutureCallGraph captureCallGraph() {
        return captureCallGraph(null, 1, CallGraphs.NO_LIMIT);
    }

    /**
     * The call graph of {@code future} (Python 3.14's {@code capture_call_graph(future)}): for a task,
     * where its coroutine chain is suspended (innermost first); then, recursively, the futures that wait
     * for it: tasks awaiting it, gather's future for each child, a task group's parent task for its tasks.
     * For the running task, as {@link #captureCallGraph()}. On the loop thread, or with no loop running.
     */
    public static FutureCallGraph captureCallGraph(Future<?> future) {
        return captureCallGraph(java.util.Objects.requireNonNull(future, "future"), 1, CallGraphs.NO_LIMIT);
    }

    /**
     * {@link #captureCallGraph(Future)} with asyncio's {@code depth} and {@code limit}
     * ({@code capture_call_graph(future, depth=, limit=)}).
     *
     * @param future the future or task; null for the running task (then null if the loop runs a plain
     *     callback)
     * @param depth for the running task: 1 starts its call stack at the code that calls this, each more
     *     leaves out one more of its innermost frames (2: the caller's own frame); 0 is as 1, the runtime's
     *     own frames being never shown
     * @param limit each call stack in the graph keeps at most {@code |limit|} frames: a positive limit the
     *     outermost (nearest where the task started the chain), a negative one the innermost; 0 none, only
     *     who waits for whom; {@link Integer#MAX_VALUE} all (asyncio's {@code None})
     * @throws IllegalStateException if {@code future} is null and no loop is running
     * @throws IllegalArgumentException if {@code depth} is negative
     */
    public static FutureCallGraph captureCallGraph(Future<?> future, int depth, int limit) {
        SelectorEventLoop loop = RunningLoop.get();
        Task<?> current = loop == null ? null : loop.currentTask();
        if (future == null) {
            if (loop == null) {
                throw new IllegalStateException("captureCallGraph() is called outside of a running event loop"
                        + " and no future to introspect was given");
            }
            future = current;
            if (future == null) {
                return null;
            }
        }
        List<StackTraceElement> stack = future == current
                ? CallGraphs.skipped(CallGraphs.runningStack(), depth) : CallGraphs.suspendedStack(future);
        return CallGraphs.capture(future, stack, limit);
    }

    /**
     * {@link #captureCallGraph()} as text, one line per future and per frame, what waits for each indented
     * under it (Python 3.14's {@code format_call_graph()}); empty if the loop runs a plain callback.
     */
    public static String formatCallGraph() {
        return formatCallGraph(null, 1, CallGraphs.NO_LIMIT);
    }

    /** {@link #captureCallGraph(Future)} as text, as {@link #formatCallGraph()} lays it out. */
    public static String formatCallGraph(Future<?> future) {
        return formatCallGraph(java.util.Objects.requireNonNull(future, "future"), 1, CallGraphs.NO_LIMIT);
    }

    /**
     * {@link #captureCallGraph(Future, int, int)} as text, as {@link #formatCallGraph()} lays it out; empty
     * where that is null.
     */
    public static String formatCallGraph(Future<?> future, int depth, int limit) {
        FutureCallGraph graph = captureCallGraph(future, depth, limit);
        return graph == null ? "" : CallGraphs.format(graph);
    }

    /** Prints {@link #formatCallGraph()} to {@code System.out} (Python 3.14's {@code print_call_graph()}). */
    public static void printCallGraph() {
        System.out.println(formatCallGraph(null, 1, CallGraphs.NO_LIMIT));
    }

    /** Prints {@link #formatCallGraph(Future)} to {@code System.out}. */
    public static void printCallGraph(Future<?> future) {
        printCallGraph(future, System.out);
    }

    /** Prints {@link #formatCallGraph(Future)} to {@code out}. */
    public static void printCallGraph(Future<?> future, java.io.PrintStream out) {
        out.println(formatCallGraph(future));
    }

    /**
     * Prints {@link #formatCallGraph(Future, int, int)} to {@code out} (Python 3.14's
     * {@code print_call_graph(future, file=, depth=, limit=)}).
     */
    public static void printCallGraph(Future<?> future, int depth, int limit, java.io.PrintStream out) {
        out.println(formatCallGraph(future, depth, limit));
    }

    /**
     * The tasks of the running loop that are not done, the current one included.
     *
     * @throws IllegalStateException if no loop is running
     */
    public static Set<Task<?>> allTasks() {
        return getRunningLoop().allTasks();
    }

    // ------------------------------------------------------------------ combining

    /**
     * A future of the results of {@code aws}, in the order given: coroutines run as tasks, concurrently.
     * The first failure (or cancellation) of one of them fails it at once; the others run on. Cancelling
     * it cancels them all.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... aws) {
        List<Awaitable<? extends T>> list = new java.util.ArrayList<>(aws.length);
        for (Awaitable<? extends T> a : aws) {
            list.add(a);
        }
        return gather(list);
    }

    /** {@link #gather(Awaitable[])} of a list. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(List<? extends Awaitable<? extends T>> aws) {
        return (Future) Gathering.gather(aws, false, null);
    }

    /**
     * {@link #gather(Awaitable[])}, but with {@code returnExceptions} failures take their place in the
     * list (a cancelled child as a {@link CancelledError}) instead of failing the whole.
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Awaitable<?>... aws) {
        return Gathering.gather(Arrays.asList(aws), returnExceptions, null);
    }

    /** {@link #gather(boolean, Awaitable[])} of a list. */
    public static Future<List<Object>> gather(List<? extends Awaitable<?>> aws, boolean returnExceptions) {
        return Gathering.gather(aws, returnExceptions, null);
    }

    /** Waits for all of {@code fs} to be done (see {@link #wait(Collection, double, ReturnWhen)}). */
    public static <F extends Future<?>> Coroutine<WaitResult<F>> wait(Collection<F> fs) {
        return LoopCoroutine.typed(new Waiting<>(fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED));
    }

    /** Waits for {@code fs} until {@code returnWhen} (see {@link #wait(Collection, double, ReturnWhen)}). */
    public static <F extends Future<?>> Coroutine<WaitResult<F>> wait(Collection<F> fs, ReturnWhen returnWhen) {
        return LoopCoroutine.typed(new Waiting<>(fs, Double.POSITIVE_INFINITY, returnWhen));
    }

    /** Waits for all of {@code fs}, at most {@code timeout} seconds. */
    public static <F extends Future<?>> Coroutine<WaitResult<F>> wait(Collection<F> fs, double timeout) {
        return LoopCoroutine.typed(new Waiting<>(fs, timeout, ReturnWhen.ALL_COMPLETED));
    }

    /**
     * A coroutine that waits until {@code returnWhen} is met or {@code timeout} seconds pass (positive
     * infinity: no timeout), then returns the futures done and pending. It neither cancels them nor
     * raises their failures.
     *
     * @throws IllegalArgumentException if {@code fs} is empty
     */
    public static <F extends Future<?>> Coroutine<WaitResult<F>> wait(Collection<F> fs, double timeout,
            ReturnWhen returnWhen) {
        return LoopCoroutine.typed(new Waiting<>(fs, timeout, returnWhen));
    }

    /** {@link #asCompleted(Collection, double)} with no timeout. */
    public static <T> List<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws) {
        return AsCompleted.of(aws, Double.POSITIVE_INFINITY);
    }

    /**
     * Starts {@code aws} (coroutines as tasks) and returns one coroutine per distinct awaitable: the
     * first completes with the result (or failure) of whichever finishes first, the second with the next,
     * and so on. After {@code timeout} seconds the ones still waiting fail with {@link TimeoutError}.
     */
    public static <T> List<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws,
            double timeout) {
        return AsCompleted.of(aws, timeout);
    }

    /** {@link #asCompletedFutures(Collection, double)} with no timeout. */
    public static <T> AsyncIterable<Future<? extends T>> asCompletedFutures(
            Collection<? extends Awaitable<? extends T>> aws) {
        return AsCompleted.futures(aws, Double.POSITIVE_INFINITY);
    }

    /**
     * Starts {@code aws} (coroutines as tasks) and returns their futures in the order they finish, for an
     * async for (Python 3.13's {@code as_completed} used with {@code async for}): a future or task among
     * {@code aws} is handed out itself, so the caller knows which one finished; a coroutine's is the task
     * made for it. Once {@code timeout} seconds have passed, each {@code hasNext()} still to come fails
     * with {@link TimeoutError}, one per unfinished future, as asyncio's {@code __anext__} does.
     *
     * <pre>{@code
     * AsyncIterator<Future<? extends Page>> done = Asyncio.asCompletedFutures(downloads, 10).aiter();
     * while (await(done.hasNext())) {
     *     Future<? extends Page> f = done.next();    // one of downloads, finished
     *     show(names.get(f), f.result());
     * }
     * }</pre>
     */
    public static <T> AsyncIterable<Future<? extends T>> asCompletedFutures(
            Collection<? extends Awaitable<? extends T>> aws, double timeout) {
        return AsCompleted.futures(aws, timeout);
    }

    /**
     * A coroutine that awaits {@code aw} for at most {@code timeout} seconds (positive infinity: no limit).
     * On timeout {@code aw} is cancelled, and waited for, and {@link TimeoutError} is raised. A coroutine
     * runs inline in the awaiting task (Python 3.12's {@code wait_for}); with a timeout of 0 or less,
     * {@code aw} gets no chance to run unless it is already done.
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> aw, double timeout) {
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must not be NaN");
        }
        if (timeout <= 0) {
            return LoopCoroutine.typed(new CancelAndWait<>(aw));
        }
        Coroutine<T> body = AwaitOne.of(aw);
        if (timeout == Double.POSITIVE_INFINITY) {
            return body;
        }
        return LoopCoroutine.typed(new TimeoutScope<>(timeout, false, t -> body));
    }

    /** {@link #waitFor(Awaitable, double)} with a {@link Duration}. */
    public static <T> Coroutine<T> waitFor(Awaitable<T> aw, Duration timeout) {
        return waitFor(aw, seconds(timeout));
    }

    /**
     * Runs {@code body} inline with a deadline {@code delay} seconds after it starts: at the deadline the
     * task is cancelled, and the cancellation leaves the scope as a {@link TimeoutError} (Python's
     * {@code async with asyncio.timeout(delay)}). Must be awaited inside a task.
     */
    public static <T> Coroutine<T> timeout(double delay, Coroutine<T> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(delay, false, t -> body));
    }

    /** {@link #timeout(double, Coroutine)} whose body receives the {@link Timeout} (to reschedule it). */
    public static <T> Coroutine<T> timeout(double delay, Function<? super Timeout, ? extends Coroutine<T>> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(delay, false, body));
    }

    /** {@link #timeout(double, Coroutine)} with a {@link Duration}. */
    public static <T> Coroutine<T> timeout(Duration delay, Coroutine<T> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(seconds(delay), false, t -> body));
    }

    /** {@link #timeout(double, Function)} with a {@link Duration}. */
    public static <T> Coroutine<T> timeout(Duration delay, Function<? super Timeout, ? extends Coroutine<T>> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(seconds(delay), false, body));
    }

    /** {@link #timeout(double, Coroutine)} with a deadline in loop time (positive infinity: none). */
    public static <T> Coroutine<T> timeoutAt(double when, Coroutine<T> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(when, true, t -> body));
    }

    /** {@link #timeoutAt(double, Coroutine)} whose body receives the {@link Timeout}. */
    public static <T> Coroutine<T> timeoutAt(double when, Function<? super Timeout, ? extends Coroutine<T>> body) {
        return LoopCoroutine.typed(new TimeoutScope<>(when, true, body));
    }

    /**
     * A future that follows {@code aw} but protects it from cancellation: cancelling the returned future
     * (or the task awaiting it) leaves {@code aw} running. A coroutine becomes a task.
     */
    public static <T> Future<T> shield(Awaitable<T> aw) {
        Future<T> inner = ensureFuture(aw);
        if (inner.done()) {
            return inner;
        }
        Future<T> outer = new Future<>(inner.loop);
        java.util.function.Consumer<Future<T>> innerDone = in -> {
            if (outer.cancelled()) {
                if (!in.cancelled()) {
                    in.exception(); // mark it retrieved
                }
                return;
            }
            if (in.cancelled()) {
                outer.cancel();
            } else {
                outer.copyStateFrom(in);
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(out -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }

    /**
     * Submits {@code coro} to {@code loop} from any thread and returns a {@link CompletableFuture} of its
     * result. Cancelling that future cancels the task. Cancelled before the loop got to it, the
     * coroutine is closed without running (asyncio, by the order of its callbacks, runs it to its first
     * suspension before the cancellation arrives).
     *
     * @throws IllegalStateException if the loop is closed
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null) {
            throw new NullPointerException("a coroutine object is required");
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> {
            if (out.isDone()) {
                coro.close();
                return;
            }
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable t) {
                out.completeExceptionally(t);
                throw t;
            }
            Bridges.chain(task, out);
        });
        return out;
    }

    // ------------------------------------------------------------------ eager tasks

    /** The one eager task factory: makes plain tasks, started eagerly. */
    private static final TaskFactory EAGER = new TaskFactory() {
        @Override
        public <T> Task<T> newTask(EventLoop loop, Coroutine<T> coro, String name) {
            return new Task<>(loop, coro, name, null, true);
        }

        @Override
        public String toString() {
            return "eagerTaskFactory";
        }
    };

    /**
     * Python 3.12's {@code eager_task_factory}: with {@code loop.setTaskFactory(Asyncio.eagerTaskFactory())},
     * every task the loop creates starts running at once, in {@code createTask}, until its coroutine first
     * suspends; one that ends before is done when {@code createTask} returns, without a loop iteration. This
     * speeds up programs whose tasks often have their result at hand (a cache hit), at the price of running
     * the new task's first step before the creator's next statement. See
     * {@link Task#Task(EventLoop, Coroutine, String, Context, boolean)}.
     */
    public static TaskFactory eagerTaskFactory() {
        return EAGER;
    }

    // ------------------------------------------------------------------ threads

    /**
     * A coroutine that calls {@code call} in the running loop's default executor and returns its result,
     * so that a blocking call does not block the loop (Python's {@code asyncio.to_thread}). The call runs
     * in a copy of the current {@link Context}, so it sees the caller's {@link ContextVar}s. Cancelling the
     * awaiting task abandons the call's result; the call itself runs to its end.
     */
    public static <T> Coroutine<T> toThread(Callable<T> call) {
        java.util.Objects.requireNonNull(call, "call");
        return LoopCoroutine.typed(new LoopCoroutine<T>() {
            @Override
            protected Object start() {
                Context context = Context.copyContext();
                return getRunningLoop().runInExecutor(null, () -> context.run(() -> {
                    try {
                        return call.call();
                    } catch (Exception e) {
                        throw Throwing.sneaky(e);
                    }
                }));
            }

            @Override
            protected String name() {
                return "Asyncio.toThread(" + call + ")";
            }
        });
    }

    // ------------------------------------------------------------------ streams

    /**
     * A coroutine that opens a TCP connection to {@code host}:{@code port} and returns its reader and
     * writer (asyncio's {@code open_connection}). The host is resolved in the loop's default executor
     * (at once if it is an IP literal), and each of its addresses is tried in turn until one connects.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the host is unknown or no address
     *      accepts the connection (the first failure, the others suppressed in it)
     */
    public static Coroutine<Connection> openConnection(String host, int port) {
        return openConnection(host, port, StreamOptions.defaults());
    }

    /** {@link #openConnection(String, int)} with the given {@link StreamReader#limit()}. */
    public static Coroutine<Connection> openConnection(String host, int port, int limit) {
        return openConnection(host, port, StreamOptions.defaults().withLimit(limit));
    }

    /**
     * {@link #openConnection(String, int)} over TLS (asyncio's {@code ssl=} argument): the coroutine returns
     * once the handshake is done. The server's certificate must be valid for {@code host} (checked as
     * HTTPS clients do) and trusted by {@code ssl} (for the JDK's trusted authorities:
     * {@code SSLContext.getDefault()}); {@code host} is also sent to it (SNI).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the connection or the handshake fails
     *      (caused by an {@code SSLException} for the latter)
     */
    public static Coroutine<Connection> openConnection(String host, int port, SSLContext ssl) {
        return openConnection(host, port, StreamOptions.tls(java.util.Objects.requireNonNull(ssl, "ssl")));
    }

    /**
     * {@link #openConnection(String, int)} with the given options (asyncio's keyword arguments): TLS,
     * the host name its certificate check uses, the handshake timeout, the readers' limit.
     *
     * @throws IllegalArgumentException if the options ask for a host name or a handshake timeout without TLS
     */
    public static Coroutine<Connection> openConnection(String host, int port, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.streams(host, port, options.checkFor(false, false)));
    }

    /**
     * {@link #openConnection(String, int)} over {@code channel}, a connection made already (TCP or
     * Unix-domain; asyncio's {@code open_connection} with {@code sock=}). The channel is the stream's from
     * then on: it is switched to non-blocking mode, closed with the writer, and closed if the coroutine
     * fails.
     *
     * @throws IllegalArgumentException if the channel is not connected
     */
    public static Coroutine<Connection> openConnection(SocketChannel channel) {
        return openConnection(channel, StreamOptions.defaults());
    }

    /**
     * {@link #openConnection(SocketChannel)} with the given options; over TLS, as the client, the options
     * must name the host the server's certificate is checked against.
     *
     * @throws IllegalArgumentException if the channel is not connected, if the options ask for TLS without
     *         a host name, or for a host name or a TLS timeout without TLS
     */
    public static Coroutine<Connection> openConnection(SocketChannel channel, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.streams(channel, options.checkFor(false, true)));
    }

    /**
     * A coroutine that starts a TCP server on {@code host}:{@code port} and returns it, accepting already
     * (asyncio's {@code start_server}): each connection it accepts gets a new task running
     * {@code handler}'s coroutine. A null or empty host listens on every interface; otherwise the server listens
     * on the first address the host resolves to. Port 0 lets the system choose one
     * ({@link Server#port()} tells which).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the host is unknown or the address
     *      cannot be bound
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port) {
        return startServer(handler, host, port, StreamOptions.defaults());
    }

    /** {@link #startServer(ConnectionHandler, String, int)} with the given {@link StreamReader#limit()}. */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port, int limit) {
        return startServer(handler, host, port, StreamOptions.defaults().withLimit(limit));
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int)} over TLS (asyncio's {@code ssl=} argument): each
     * accepted connection does a TLS handshake with {@code ssl}'s key and certificate first, and its
     * handler starts once that is done; a connection whose handshake fails is closed.
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port, SSLContext ssl) {
        return startServer(handler, host, port, StreamOptions.tls(java.util.Objects.requireNonNull(ssl, "ssl")));
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int)} with the given options: TLS and its handshake
     * timeout, the readers' limit.
     *
     * @throws IllegalArgumentException if the options name a server host name, or ask for a handshake
     *         timeout without TLS
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, String host, int port,
                                                StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(handler, host, port, options.checkFor(true, false)));
    }

    /**
     * {@link #startServer(ConnectionHandler, String, int)} accepting on {@code channel}, bound already
     * (TCP or Unix-domain; asyncio's {@code start_server} with {@code sock=}). The channel is the
     * server's from then on: it is switched to non-blocking mode and closed when the server closes.
     *
     * @throws IllegalArgumentException if the channel is not bound
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, ServerSocketChannel channel) {
        return startServer(handler, channel, StreamOptions.defaults());
    }

    /**
     * {@link #startServer(ConnectionHandler, ServerSocketChannel)} with the given options: the readers'
     * limit, TLS and its timeouts.
     *
     * @throws IllegalArgumentException if the channel is not bound, if the options name a server host
     *         name, or ask for a TLS timeout without TLS
     */
    public static Coroutine<Server> startServer(ConnectionHandler handler, ServerSocketChannel channel,
                                                StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(java.util.Objects.requireNonNull(handler, "handler"),
                null, channel, options.checkFor(true, false)));
    }

    /**
     * A coroutine that connects to the Unix-domain socket at {@code path} and returns its reader and
     * writer (asyncio's {@code open_unix_connection}).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if nobody listens there
     */
    public static Coroutine<Connection> openUnixConnection(Path path) {
        return openUnixConnection(path, StreamOptions.defaults());
    }

    /** {@link #openUnixConnection(Path)} with the given {@link StreamReader#limit()}. */
    public static Coroutine<Connection> openUnixConnection(Path path, int limit) {
        return openUnixConnection(path, StreamOptions.defaults().withLimit(limit));
    }

    /**
     * {@link #openUnixConnection(Path)} with the given options; over TLS, the options must name the host
     * the server's certificate is checked against ({@link StreamOptions#withServerHostname}).
     *
     * @throws IllegalArgumentException if the options ask for TLS without a host name, or for a host name
     *         or a handshake timeout without TLS
     */
    public static Coroutine<Connection> openUnixConnection(Path path, StreamOptions options) {
        return LoopCoroutine.typed(Streams.OpenConnection.streams(path, options.checkFor(false, true)));
    }

    /**
     * A coroutine that starts a server on the Unix-domain socket file {@code path} and returns it (asyncio's
     * {@code start_unix_server}), as {@link #startServer(ConnectionHandler, String, int)} does over TCP. A
     * socket file left at {@code path} by a server that did not close is replaced (any other file is an
     * error); closing the server removes the file.
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the path cannot be bound
     */
    public static Coroutine<Server> startUnixServer(ConnectionHandler handler, Path path) {
        return startUnixServer(handler, path, StreamOptions.defaults());
    }

    /** {@link #startUnixServer(ConnectionHandler, Path)} with the given {@link StreamReader#limit()}. */
    public static Coroutine<Server> startUnixServer(ConnectionHandler handler, Path path, int limit) {
        return startUnixServer(handler, path, StreamOptions.defaults().withLimit(limit));
    }

    /**
     * {@link #startUnixServer(ConnectionHandler, Path)} with the given options: TLS and its handshake
     * timeout, the readers' limit.
     *
     * @throws IllegalArgumentException if the options name a server host name, or ask for a handshake
     *         timeout without TLS
     */
    public static Coroutine<Server> startUnixServer(ConnectionHandler handler, Path path, StreamOptions options) {
        return LoopCoroutine.typed(new Streams.StartServer(handler, path, options.checkFor(true, true)));
    }

    // ------------------------------------------------------------------ subprocesses

    /**
     * A coroutine that starts {@code command} (a program and its arguments) as a child process with its
     * three standard streams piped, and returns it (asyncio's {@code create_subprocess_exec}).
     *
     * @see java.io.UncheckedIOException thrown by the coroutine if the process cannot be started
     */
    public static Coroutine<Subprocess> createSubprocessExec(String... command) {
        return createSubprocessExec(new ProcessBuilder(command));
    }

    /**
     * {@link #createSubprocessExec(String...)} of a process as {@code builder} describes it: its
     * directory, environment, and which streams are pipes (any other redirect is left as it is set).
     */
    public static Coroutine<Subprocess> createSubprocessExec(ProcessBuilder builder) {
        return createSubprocessExec(builder, StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #createSubprocessExec(ProcessBuilder)} with the given {@link StreamReader#limit()} for its output. */
    public static Coroutine<Subprocess> createSubprocessExec(ProcessBuilder builder, int limit) {
        java.util.Objects.requireNonNull(builder, "builder");
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        return LoopCoroutine.typed(new LoopCoroutine<Subprocess>() {
            @Override
            protected Object start() {
                return finish(Subprocess.start(builder, limit));
            }

            @Override
            protected String name() {
                return "Asyncio.createSubprocessExec(" + builder.command() + ")";
            }
        });
    }

    /**
     * A coroutine that starts {@code command} with the platform's shell ({@code /bin/sh -c}, or
     * {@code cmd.exe /c} on Windows), its three standard streams piped (asyncio's
     * {@code create_subprocess_shell}). As there, quoting what goes into the command is the caller's job.
     */
    public static Coroutine<Subprocess> createSubprocessShell(String command) {
        return createSubprocessExec(Subprocess.shell(command));
    }

    /** A {@link Duration} in seconds, as a double. */
    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
