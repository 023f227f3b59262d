package dev.weft.loop;

import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;

/**
 * Base of the hand-written coroutines of this package (the runtime is not woven): a small state machine
 * that does its work when first awaited, can suspend on leaf awaitables (loop futures, or null for a
 * bare yield) or delegate to an inner coroutine, and finishes with {@link #finish}. Like a woven
 * coroutine it is lazy and single use, and a task's cancellation reaches it as a
 * {@link CancelledError} thrown in at its suspension point, so it can undo its bookkeeping exactly as
 * asyncio's {@code try/except/finally} blocks do.
 *
 * <p>Hooks return either a leaf to suspend on, the result of {@link #delegate} (suspend inside an
 * inner coroutine), or {@link #finish}'s marker; or they throw to fail. {@link #close()} throws
 * {@link GeneratorExit} in through {@link #fail}.
 *
 * @param <T> the result type
 */
abstract class LoopCoroutine<T> implements Coroutine<T> {
    private static final Object FINISHED = new Object();

    private CoroutineState state = CoroutineState.CREATED;
    private Object result;
    /** The coroutine delegated to, while {@link #delegate} is in progress. */
    private Coroutine<?> inner;

    /** Runs at the first {@code send(null)}. */
    protected abstract Object start();

    /** The leaf awaited last completed with {@code value}. The default finishes with it. */
    protected Object resume(Object value) {
        return finish(value);
    }

    /**
     * The leaf awaited last failed, or the task was cancelled, or the coroutine is being closed
     * ({@link GeneratorExit}). The default rethrows.
     */
    protected Object fail(Throwable error) {
        throw Throwing.sneaky(error);
    }

    /** The inner coroutine of {@link #delegate} returned {@code value}. The default finishes with it. */
    protected Object innerReturned(Object value) {
        return finish(value);
    }

    /** The inner coroutine of {@link #delegate} threw {@code error}. The default rethrows. */
    protected Object innerFailed(Throwable error) {
        throw Throwing.sneaky(error);
    }

    /** Ends the coroutine with {@code value}; return what this returns from a hook. */
    protected final Object finish(Object value) {
        result = value;
        return FINISHED;
    }

    /**
     * Starts {@code coroutine} and suspends inside it: its leaves pass out, resumptions pass in, and its
     * end calls {@link #innerReturned} or {@link #innerFailed}. Return what this returns from a hook.
     */
    protected final Object delegate(Coroutine<?> coroutine) {
        return forward(coroutine, null, null);
    }

    private Object forward(Coroutine<?> c, Object value, Throwable error) {
        Object leaf;
        try {
            leaf = error != null ? c.throwIn(error) : c.send(value);
        } catch (StopIteration end) {
            inner = null;
            return innerReturned(end.value());
        } catch (Throwable t) {
            inner = null;
            return innerFailed(t);
        }
        inner = c;
        return leaf;
    }

    @Override
    public final Object send(Object value) {
        switch (state) {
            case CREATED:
                if (value != null) {
                    throw new IllegalArgumentException("can't send non-null value to a just-started coroutine: "
                            + this);
                }
                return run(null, null, true);
            case SUSPENDED:
                return run(value, null, false);
            case RUNNING:
                throw new IllegalStateException("coroutine already executing: " + this);
            default:
                throw new StopIteration();
        }
    }

    @Override
    public final Object throwIn(Throwable error) {
        if (error == null) {
            throw new NullPointerException("throwIn(null)");
        }
        switch (state) {
            case SUSPENDED:
                return run(null, error, false);
            case RUNNING:
                throw new IllegalStateException("coroutine already executing: " + this);
            default:
                state = CoroutineState.CLOSED;
                throw Throwing.sneaky(error);
        }
    }

    @Override
    public final void close() {
        if (state == CoroutineState.CREATED) {
            state = CoroutineState.CLOSED;
            return;
        }
        if (state != CoroutineState.SUSPENDED) {
            return;
        }
        try {
            run(null, new GeneratorExit(), false);
        } catch (GeneratorExit | StopIteration expected) {
            return;
        }
        throw new RuntimeException("coroutine ignored GeneratorExit: " + this);
    }

    @Override
    public final CoroutineState state() {
        return state;
    }

    private Object run(Object value, Throwable error, boolean first) {
        state = CoroutineState.RUNNING;
        Object out;
        try {
            if (first) {
                out = start();
            } else if (inner != null) {
                out = forward(inner, value, error);
            } else if (error != null) {
                out = fail(error);
            } else {
                out = resume(value);
            }
        } catch (Throwable t) {
            state = CoroutineState.CLOSED;
            inner = null;
            throw t;
        }
        if (out == FINISHED) {
            state = CoroutineState.CLOSED;
            Object r = result;
            result = null;
            throw new StopIteration(r);
        }
        state = CoroutineState.SUSPENDED;
        return out;
    }

    /** What it is, then its state: {@code Asyncio.sleep(1.0) suspended}. */
    @Override
    public String toString() {
        return name() + " " + state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Its name in {@link #toString()}, e.g. {@code Lock.acquire()}. */
    protected abstract String name();
}
