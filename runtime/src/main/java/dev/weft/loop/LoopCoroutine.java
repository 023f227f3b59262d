package dev.weft.loop;

import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.internal.Frame;
import dev.weft.internal.Resumable;
import dev.weft.internal.Suspend;

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
 * <p>It is a {@link Frame} whose code calls the hooks, so the driver runs it as it runs woven code: no
 * adapter, awaited inline when just created, and ended without throwing {@code StopIteration}. A frame
 * is a {@code Coroutine<Object>}; {@link #typed} gives it its result type.
 *
 * @param <T> the result type
 */
abstract class LoopCoroutine<T> extends Frame {
    private static final Object FINISHED = new Object();
    /** Suspension point: waiting for a leaf. */
    private static final int AT_LEAF = 1;
    /** Suspension point: delegating to an inner coroutine. */
    private static final int AT_INNER = 2;
    /** The code of every loop coroutine: dispatches to its hooks. */
    private static final Resumable HOOKS = (frame, label, input, error) ->
            ((LoopCoroutine<?>) frame).resumeAt(label, input, error);

    /** The value {@link #finish} was given, until the hook returns. */
    private Object finishedWith;

    LoopCoroutine() {
        super(HOOKS);
    }

    /**
     * For a final subclass on a hot path, with code of its own: a small {@link Resumable} class whose
     * {@code resume} is {@code ((Sub) frame).resumeAt(label, input, error)}, perhaps after a shortcut. An
     * await site then calls code of one class, which the JIT can inline whole, and so drop the frame of an
     * await that completes at once; the shared {@link #HOOKS}, called by the driver for every kind of loop
     * coroutine, tend to be compiled apart first, into a method too big to inline (see {@code Queue}).
     */
    LoopCoroutine(Resumable code) {
        super(code);
    }

    /** {@code c} as the coroutine of its result type (a frame is a {@code Coroutine<Object>}). */
    @SuppressWarnings("unchecked")
    static <T> Coroutine<T> typed(LoopCoroutine<? extends T> c) {
        return (Coroutine<T>) (Coroutine<?>) c;
    }

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
        finishedWith = value;
        return FINISHED;
    }

    /**
     * Suspends inside {@code coroutine}, which starts now: its leaves pass out, resumptions pass in, and
     * its end calls {@link #innerReturned} or {@link #innerFailed}. Return what this returns from a hook.
     */
    protected final Object delegate(Coroutine<?> coroutine) {
        return Suspend.await(this, AT_INNER, coroutine);
    }

    /** The frame protocol: runs the hook for {@code label} and turns its answer into the frame's. */
    final Object resumeAt(int label, Object input, Throwable error) {
        Object out;
        switch (label) {
            case 0:
                out = start();
                break;
            case AT_LEAF:
                out = error != null ? fail(error) : resume(input);
                break;
            case AT_INNER:
                out = error != null ? innerFailed(error) : innerReturned(input);
                break;
            case Resumable.DESCRIBE:
                return "C|dev/weft/loop/LoopCoroutine|send|||";
            default:
                throw new IllegalStateException("bad label " + label + " in " + this);
        }
        if (out == FINISHED) {
            Object value = finishedWith;
            finishedWith = null;
            // a coroutine or generator returned as the value must not read as a tail call
            return value instanceof Coroutine<?> || value instanceof Generator<?, ?, ?> ? Coroutines.done(value) : value;
        }
        if (state == RUNNING) {
            state = AT_LEAF;
        }
        // else delegate() set the state
        return out;
    }

    @Override
    protected void clearSlots() {
        finishedWith = null;
    }

    /** Where it waits: its name, as {@code Queue.get()}, with no source line. */
    @Override
    public StackTraceElement position() {
        String name = name();
        int dot = name.indexOf('.');
        int paren = name.indexOf('(');
        String owner = dot > 0 && dot < paren ? name.substring(0, dot) : getClass().getSimpleName();
        String method = dot > 0 && dot < paren ? name.substring(dot + 1, paren) : "send";
        return new StackTraceElement("dev.weft.loop." + owner, method, null, -1);
    }

    /** What it is, then its state: {@code Asyncio.sleep(1.0) suspended}. */
    @Override
    public String toString() {
        return name() + " " + state().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Its name in {@link #toString()}, e.g. {@code Lock.acquire()}. */
    protected abstract String name();
}
