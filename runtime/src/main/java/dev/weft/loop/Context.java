package dev.weft.loop;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code contextvars.Context}: the values of {@link ContextVar}s that one task (or one callback)
 * sees. Every {@link Task} runs in a context of its own, a copy of the one current where it was created;
 * every callback given to the loop ({@code callSoon}, {@code callLater}, {@code addDoneCallback}...) runs
 * in a copy of the one current where it was given. So a value set in a task is seen by that task, by the
 * tasks and callbacks it starts afterwards, and by nothing else, although all of them run on the loop's
 * one thread, where a {@code ThreadLocal} would leak from task to task.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST = new ContextVar<>("request", "-");
 *
 * @Async static Coroutine<Void> handle(String id) {
 *     REQUEST.set(id);                        // seen by this task only
 *     await(Asyncio.sleep(0.1));              // other tasks run meanwhile, with their own REQUEST
 *     log(REQUEST.get() + ": done");          // still this task's id
 *     ...
 * }
 * }</pre>
 *
 * <p>Outside tasks and loop callbacks, each thread has a context of its own. {@link #run} makes a context
 * current for the length of a call, as {@link Asyncio#toThread} does in the executor thread. A context's
 * values are copied in constant time: copying shares them until one side sets a variable.
 *
 * <p>Nothing of this costs anything until a program first sets a {@code ContextVar}: until then tasks and
 * callbacks capture no context at all.
 */
public final class Context {
    /** True once any ContextVar has been set: until then every context is empty and none is captured. */
    private static volatile boolean inUse;
    /** What reading in a task without a context of its own finds: never written to. */
    private static final Context EMPTY = new Context();
    /** Each thread's state: the context entered by {@link #run}, and its base context. */
    private static final ThreadLocal<ThreadState> THREAD = ThreadLocal.withInitial(ThreadState::new);

    /** The values: never changed in place (a set replaces the map), so a copy can share it. */
    private Map<ContextVar<?>, Object> values;
    /** The thread that has entered this context with {@link #run}, if any. */
    private Thread enteredBy;

    /** An empty context. */
    public Context() {
        this(Map.of());
    }

    private Context(Map<ContextVar<?>, Object> values) {
        this.values = values;
    }

    /** Python's {@code copy_context()}: a copy of the current context. */
    public static Context copyContext() {
        return current(false).copy();
    }

    /** A new context with the same values as this one (the two then change apart). */
    public Context copy() {
        return new Context(values);
    }

    /** The value of {@code var} in this context, or null if it has none here. */
    public <T> T get(ContextVar<T> var) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(var);
        return value;
    }

    /** True if {@code var} has a value in this context. */
    public boolean contains(ContextVar<?> var) {
        return values.containsKey(var);
    }

    /** How many variables have a value in this context. */
    public int size() {
        return values.size();
    }

    /** The variables and their values in this context, as an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * Runs {@code action} with this context current: what it sets is set here.
     *
     * @throws IllegalStateException if this context is current already (entered by another {@code run})
     */
    public void run(Runnable action) {
        Objects.requireNonNull(action, "action");
        run(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Calls {@code action} with this context current, and returns what it returns.
     *
     * @throws IllegalStateException if this context is current already (entered by another {@code run})
     */
    public <T> T run(Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        inUse = true; // from now on, task steps shadow an entered context (see enterTaskStep)
        ThreadState state = THREAD.get();
        enter();
        Context saved = state.entered;
        state.entered = this;
        try {
            return action.get();
        } finally {
            state.entered = saved;
            exit();
        }
    }

    /** Marks this context entered by the calling thread. */
    synchronized void enter() {
        if (enteredBy != null) {
            throw new IllegalStateException("cannot enter context: " + this + " is already entered");
        }
        enteredBy = Thread.currentThread();
    }

    /** Ends {@link #enter()}. */
    synchronized void exit() {
        enteredBy = null;
    }

    // ------------------------------------------------------------------ for ContextVar and the loop

    /**
     * The context current on this thread: entered by {@link #run}; else, on a running loop, the running
     * task's, or the running callback's (one given none runs in a fresh one, as each asyncio callback runs
     * in a copy of its own); else the thread's. A task or callback without a context of its own yet gets
     * one {@code forWrite}; to read, an empty one does.
     */
    static Context current(boolean forWrite) {
        ThreadState state = THREAD.get();
        if (state.entered != null) {
            return state.entered;
        }
        SelectorEventLoop loop = RunningLoop.get();
        if (loop != null) {
            Task<?> task = loop.currentTask();
            if (task != null) {
                Context own = task.context(forWrite);
                return own != null ? own : EMPTY;
            }
            Context own = loop.callbackContext;
            if (own == null) {
                if (!forWrite) {
                    return EMPTY;
                }
                own = new Context();
                loop.callbackContext = own;
            }
            return own;
        }
        if (state.base == null) {
            state.base = new Context();
        }
        return state.base;
    }

    /**
     * What a new task or callback is to run in: a copy of the current context, or null while nothing was
     * ever set anywhere (then every context is empty, and an empty one is made only if a variable is set).
     */
    static Context capture() {
        if (!inUse) {
            return null;
        }
        Context c = current(false);
        return c.values.isEmpty() ? null : c.copy();
    }

    /** {@code callback}, to run in a copy of the current context if there is one to keep. */
    static Runnable bind(Runnable callback) {
        Context c = capture();
        return c == null ? callback : new InContext(c, callback);
    }

    /** {@code callback}, to run in a copy of the current context if there is one to keep. */
    static <F> Consumer<F> bind(Consumer<F> callback) {
        Context c = capture();
        return c == null ? callback : new InContextConsumer<>(c, callback);
    }

    /** The callback given to {@link #bind}: what {@code removeDoneCallback} compares. */
    static Object unbound(Object callback) {
        if (callback instanceof InContext) {
            return ((InContext) callback).callback;
        }
        return callback instanceof InContextConsumer<?> ? ((InContextConsumer<?>) callback).callback : callback;
    }

    /** Sets {@code var} to {@code value} in this context ({@code MISSING}: removes it); returns the old value or MISSING. */
    Object put(ContextVar<?> var, Object value) {
        inUse = true;
        Map<ContextVar<?>, Object> next = new HashMap<>(values);
        Object old = values.containsKey(var) ? values.get(var) : ContextVar.MISSING;
        if (value == ContextVar.MISSING) {
            next.remove(var);
        } else {
            next.put(var, value);
        }
        values = next.isEmpty() ? Map.of() : next;
        return old;
    }

    /**
     * Begins a step of {@code task}: its context, if it has one, is entered (as asyncio runs each step in
     * {@code context.run}), and no context entered by {@link #run} around the loop may shadow it. Returns
     * what {@link #leaveTaskStep} needs; nothing while no context was ever used.
     */
    static Context enterTaskStep(Task<?> task) {
        if (!inUse) {
            return null;
        }
        Context own = task.context(false);
        if (own != null) {
            own.enter();
        }
        ThreadState state = THREAD.get();
        Context saved = state.entered;
        state.entered = null;
        return saved != null ? saved : NOTHING_ENTERED;
    }

    /** Ends what {@link #enterTaskStep} began (its context may have been made during the step). */
    static void leaveTaskStep(Task<?> task, Context saved) {
        if (saved == null) {
            if (!inUse) {
                return; // nothing was used before the step, nor during it
            }
            saved = NOTHING_ENTERED;
        }
        Context own = task.context(false);
        if (own != null) {
            own.exitIfEnteredBy(Thread.currentThread());
        }
        THREAD.get().entered = saved == NOTHING_ENTERED ? null : saved;
    }

    /**
     * Begins a loop's run on this thread: a context entered by {@link #run} around it must not shadow
     * the contexts of the loop's callbacks (asyncio runs each callback in a context of its own). Returns
     * what {@link #endLoopRun} restores.
     */
    static Context beginLoopRun() {
        ThreadState state = THREAD.get();
        Context saved = state.entered;
        state.entered = null;
        return saved;
    }

    /** Ends what {@link #beginLoopRun} began. */
    static void endLoopRun(Context saved) {
        THREAD.get().entered = saved;
    }

    /** Ends {@link #enter()} if {@code thread} entered it. */
    synchronized void exitIfEnteredBy(Thread thread) {
        if (enteredBy == thread) {
            enteredBy = null;
        }
    }

    /** What {@link #enterTaskStep} returns when no context was entered around the step. */
    private static final Context NOTHING_ENTERED = new Context();

    /** A loop callback bound to the context it is to run in. */
    static final class InContext implements Runnable {
        final Context context;
        final Runnable callback;

        InContext(Context context, Runnable callback) {
            this.context = context;
            this.callback = callback;
        }

        @Override
        public void run() {
            context.run(callback);
        }

        /** The callback's own description: the context is an implementation detail of the call. */
        @Override
        public String toString() {
            return String.valueOf(callback);
        }
    }

    /** A done callback bound to the context it is to run in. */
    static final class InContextConsumer<F> implements Consumer<F> {
        final Context context;
        final Consumer<F> callback;

        InContextConsumer(Context context, Consumer<F> callback) {
            this.context = context;
            this.callback = callback;
        }

        @Override
        public void accept(F future) {
            context.run(() -> callback.accept(future));
        }

        @Override
        public String toString() {
            return String.valueOf(callback);
        }
    }

    /** A thread's contexts. */
    private static final class ThreadState {
        /** The context entered by {@link #run} on this thread, if any. */
        Context entered;
        /** The thread's own context, made when first needed. */
        Context base;
    }

    @Override
    public String toString() {
        return "Context" + values;
    }
}
