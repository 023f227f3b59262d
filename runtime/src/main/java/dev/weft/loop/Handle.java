package dev.weft.loop;

import java.util.List;
import java.util.Map;

/**
 * A callback scheduled on an event loop by {@link EventLoop#callSoon} and its kin: lets the scheduler
 * {@link #cancel()} it before it runs. A callback that throws is reported to the loop's exception
 * handler ({@code "Exception in callback ..."}) and the loop goes on.
 *
 * <p>In debug mode a handle remembers where it was created ({@code handle_traceback} in exception
 * contexts). Not thread-safe: cancel it on the loop's thread.
 */
public class Handle {
    final SelectorEventLoop loop;
    /** A Runnable, or (with {@link #argument}) a future's done callback; null once cancelled. */
    private Object callback;
    /** The future a done callback is called with, or null for a plain Runnable. */
    private Future<?> argument;
    private boolean cancelled;
    private final List<StackTraceElement> sourceTraceback;

    Handle(SelectorEventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
        this.sourceTraceback = loop.getDebug() ? Tracebacks.here() : null;
    }

    /** A future's done callback, one object: calls {@code callback}, a {@code Consumer}, with {@code future}. */
    Handle(SelectorEventLoop loop, java.util.function.Consumer<?> callback, Future<?> future) {
        this(loop, null);
        this.callback = callback;
        this.argument = future;
    }

    /** Cancels the callback: if it has not run yet, it never will. Does nothing if already cancelled. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
            argument = null;
        }
    }

    /** True if {@link #cancel()} was called. */
    public boolean cancelled() {
        return cancelled;
    }

    /** Where the handle was created (innermost first), when the loop was in debug mode; else null. */
    List<StackTraceElement> sourceTraceback() {
        return sourceTraceback;
    }

    /** Runs the callback on the loop's thread; a failure goes to the loop's exception handler. */
    @SuppressWarnings("unchecked")
    void run() {
        Object cb = callback;
        if (cb == null) {
            return;
        }
        try {
            if (argument != null) {
                ((java.util.function.Consumer<Object>) cb).accept(argument);
            } else {
                ((Runnable) cb).run();
            }
        } catch (Throwable t) {
            if (Throwing.isFatal(t)) {
                throw t;
            }
            Map<String, Object> context = new java.util.LinkedHashMap<>();
            context.put("message", "Exception in callback " + describeCallback());
            context.put("exception", t);
            context.put("handle", this);
            if (sourceTraceback != null) {
                context.put("source_traceback", sourceTraceback);
            }
            loop.callExceptionHandler(context);
        }
    }

    /** {@code Handle[callback]} or {@code Handle[cancelled]}; in debug mode, with where it was created. */
    @Override
    public String toString() {
        String created = sourceTraceback == null || sourceTraceback.isEmpty() ? ""
                : ", created at " + sourceTraceback.get(0);
        return getClass().getSimpleName() + "[" + (cancelled ? "cancelled" : describeCallback()) + extra()
                + created + "]";
    }

    /** More fields for {@link #toString()}, each starting with ", ". */
    /** The callback, as {@link #toString()} shows it. */
    String describeCallback() {
        return argument == null ? String.valueOf(callback) : callback + "(" + argument + ")";
    }

    String extra() {
        return "";
    }
}
