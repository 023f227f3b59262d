package dev.weft.loop;

import dev.weft.Awaitable;
import dev.weft.StopIteration;
import dev.weft.internal.Pollable;
import dev.weft.internal.Subscribable;
import dev.weft.internal.Suspend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * asyncio's {@code Future}: a result that will be available later, attached to an event loop. Awaiting
 * it suspends the awaiting coroutine until it is done; awaiting a done future does not suspend.
 *
 * <pre>
 *  state      how it gets there                    result()                   exception()
 *  PENDING    created                              InvalidStateError          InvalidStateError
 *  FINISHED   setResult(v)                         v                          null
 *  FINISHED   setException(e)                      throws e itself            e
 *  CANCELLED  cancel(msg)                          throws CancelledError(msg) throws CancelledError(msg)
 * </pre>
 * Only PENDING changes state, and only once; {@code setResult}/{@code setException} on a done future
 * throw {@link InvalidStateError}, {@code cancel} returns false. When it becomes done, its done callbacks
 * are scheduled with {@link EventLoop#callSoon} in the order they were added, never run inline.
 *
 * <p>If it fails and nobody asks for the exception ({@code result()}, {@code exception()}, an
 * {@code await}, {@code cancel()}), the loop's exception handler reports {@code "Future exception was
 * never retrieved"} when the future is garbage collected or the loop closes, whichever comes first.
 *
 * <p>Not thread-safe: use it on its loop's thread; from other threads, go through
 * {@link EventLoop#callSoonThreadsafe}. While the loop runs, a foreign thread's {@code setResult},
 * {@code setException}, {@code cancel} or {@code addDoneCallback} is refused with
 * {@link IllegalStateException} before it changes anything.
 *
 * @param <T> the type of the result
 */
public class Future<T> implements Awaitable<T>, Pollable, Subscribable {
    private static final int PENDING = 0;
    private static final int FINISHED = 1;
    private static final int CANCELLED = 2;

    final SelectorEventLoop loop;
    private int state;
    private T result;
    /** Null, one callback, or an ArrayList of them. */
    private Object callbacks;
    /**
     * What only a failed or cancelled future, or one made in debug mode, needs; null otherwise. Kept
     * apart so that the common future (pending, or finished with a result) stays small.
     */
    private Details details;

    /** The rarely needed part of a future's state. */
    private static final class Details {
        Throwable exception;
        String cancelMessage;
        /** A task's: the CancelledError its coroutine ended with, rethrown (once) by result(). */
        CancelledError cancelledError;
        /** Set while a stored exception has not been retrieved. */
        Unretrieved unretrieved;
        List<StackTraceElement> sourceTraceback;
    }

    /**
     * A pending future attached to the running loop.
     *
     * @throws IllegalStateException if no loop is running on this thread
     */
    public Future() {
        this(Asyncio.getRunningLoop());
    }

    /** A pending future attached to {@code loop}. */
    public Future(EventLoop loop) {
        this.loop = SelectorEventLoop.of(loop);
        if (this.loop.getDebug()) {
            details().sourceTraceback = Tracebacks.here();
        }
    }

    /** The loop this future is attached to. */
    public EventLoop getLoop() {
        return loop;
    }

    /** True once it has a result, an exception, or was cancelled. */
    public boolean done() {
        return state != PENDING;
    }

    /** True if it was cancelled. */
    public boolean cancelled() {
        return state == CANCELLED;
    }

    /**
     * The result. A stored failure is thrown as it is (checked ones included, unwrapped).
     *
     * @throws InvalidStateError if not done ({@code "Result is not ready."})
     * @throws CancelledError if cancelled
     */
    public T result() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Result is not ready.");
        }
        markRetrieved();
        Throwable exception = peekException();
        if (exception != null) {
            throw Throwing.sneaky(exception);
        }
        return result;
    }

    /**
     * The stored failure, or null if it finished with a result.
     *
     * @throws InvalidStateError if not done ({@code "Exception is not set."})
     * @throws CancelledError if cancelled
     */
    public Throwable exception() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Exception is not set.");
        }
        markRetrieved();
        return peekException();
    }

    /** Same as {@code cancel(null)}. */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future if it is pending and schedules its callbacks.
     *
     * @param message passed to the {@link CancelledError} that {@code result()} throws (may be null)
     * @return false if it was already done
     */
    public boolean cancel(String message) {
        loop.checkThread(); // before any change: a refused call must leave the future as it was
        markRetrieved();
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        if (message != null) {
            details().cancelMessage = message;
        }
        scheduleCallbacks();
        return true;
    }

    /**
     * Marks the future done with {@code value} and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     */
    public void setResult(T value) {
        loop.checkThread();
        if (state != PENDING) {
            throw alreadyDone();
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Marks the future failed with {@code error} and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     * @throws IllegalArgumentException if {@code error} is a {@link StopIteration}, which would look like
     *     the end of a coroutine
     */
    public void setException(Throwable error) {
        if (error == null) {
            throw new NullPointerException("setException(null)");
        }
        loop.checkThread();
        if (state != PENDING) {
            throw alreadyDone();
        }
        if (error instanceof StopIteration) {
            throw new IllegalArgumentException("StopIteration interacts badly with coroutines and cannot be raised"
                    + " into a Future");
        }
        Details d = details();
        d.exception = error;
        state = FINISHED;
        scheduleCallbacks();
        d.unretrieved = Unretrieved.track(this, error);
    }

    /**
     * Adds a callback to run (on the loop, via {@code callSoon}) when the future is done; if it is done
     * already, the callback is scheduled at once.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) {
            throw new NullPointerException("addDoneCallback(null)");
        }
        addCallback(Context.bind(callback));
    }

    /** Adds a {@code Consumer} or a {@link Task} to wake. */
    private void addCallback(Object callback) {
        loop.checkThread();
        if (state != PENDING) {
            scheduleCallback(callback);
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = callback;
        } else if (cbs instanceof CallbackList) {
            ((CallbackList) cbs).add(callback);
        } else {
            CallbackList list = new CallbackList();
            list.add(cbs);
            list.add(callback);
            callbacks = list;
        }
    }

    /** Adds {@code task}'s wake-up as a done callback: the task itself, no callback object. */
    final void addWakeUp(Task<?> task) {
        addCallback(task);
    }

    /**
     * Removes every registration of {@code callback} (compared with {@code equals}) that has not been
     * scheduled yet.
     *
     * @return how many were removed
     */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (cbs instanceof CallbackList) {
            CallbackList list = (CallbackList) cbs;
            int before = list.size();
            list.removeIf(c -> callback.equals(Context.unbound(c)));
            int removed = before - list.size();
            if (list.isEmpty()) {
                callbacks = null;
            }
            return removed;
        }
        if (callback.equals(Context.unbound(cbs))) {
            callbacks = null;
            return 1;
        }
        return 0;
    }

    /** Not API: the result if done (a failure thrown as it is), else {@code Suspend.NOT_READY}. */
    @Override
    public Object poll() {
        return state == PENDING ? Suspend.NOT_READY : result();
    }

    /**
     * Not API: calls {@code callback} with the outcome once done, on the loop thread. May be called from
     * any thread (a {@code CompletableFuture} {@code @Async} method awaiting this future).
     */
    @Override
    public void subscribe(BiConsumer<Object, Throwable> callback) {
        Consumer<Future<T>> relay = f -> {
            Object value = null;
            Throwable error = null;
            try {
                value = f.result();
            } catch (Throwable t) {
                error = t;
            }
            callback.accept(value, error);
        };
        if (loop.isOwnedByCurrentThread()) {
            addDoneCallback(relay);
        } else {
            loop.callSoonThreadsafe(() -> addDoneCallback(relay));
        }
    }

    /** {@code Future[pending]}, {@code Future[finished, result=42]}, {@code Future[cancelled]}... */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + "]";
    }

    /** The state part of {@link #toString()}: {@code pending}, {@code finished, result=1}... */
    String describe() {
        switch (state) {
            case PENDING:
                return "pending";
            case CANCELLED:
                return "cancelled";
            default:
                Throwable exception = peekException();
                return exception != null ? "finished, exception=" + exception : "finished, result=" + result;
        }
    }

    // ------------------------------------------------------------------ for subclasses and the package

    /** {@code PENDING}, {@code FINISHED} or {@code CANCELLED}, as messages spell it. */
    final String stateName() {
        return state == PENDING ? "PENDING" : state == CANCELLED ? "CANCELLED" : "FINISHED";
    }

    /** The message given to {@code cancel(msg)}, or null. */
    final String cancelMessage() {
        return details == null ? null : details.cancelMessage;
    }

    /** Where the future was created, in debug mode; else null. */
    final List<StackTraceElement> sourceTraceback() {
        return details == null ? null : details.sourceTraceback;
    }

    /** The stored failure without marking it retrieved, or null. */
    final Throwable peekException() {
        return details == null ? null : details.exception;
    }

    /** A task's: keeps the CancelledError its coroutine ended with, for result() to rethrow once. */
    final void keepCancelledError(CancelledError error) {
        details().cancelledError = error;
    }

    private Details details() {
        Details d = details;
        if (d == null) {
            d = new Details();
            details = d;
        }
        return d;
    }

    /** The CancelledError that {@code result()} throws when cancelled: the saved one (once), or a new one. */
    final CancelledError makeCancelledError() {
        CancelledError saved = details == null ? null : details.cancelledError;
        if (saved != null) {
            details.cancelledError = null;
            return saved;
        }
        return new CancelledError(cancelMessage());
    }

    /** Copies the outcome of {@code source} (done) into this pending future. */
    final void copyStateFrom(Future<? extends T> source) {
        if (source.cancelled()) {
            cancel(source.cancelMessage());
        } else {
            Throwable e = source.exception();
            if (e != null) {
                setException(e);
            } else {
                setResult(source.result());
            }
        }
    }

    private void markRetrieved() {
        Unretrieved u = details == null ? null : details.unretrieved;
        if (u != null) {
            details.unretrieved = null;
            u.retrieved();
        }
    }

    /** The refusal of a second outcome, out of line so that the setters stay small where they are inlined. */
    private InvalidStateError alreadyDone() {
        return new InvalidStateError(stateName() + ": " + this);
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        if (cbs instanceof CallbackList) {
            for (Object cb : (CallbackList) cbs) {
                scheduleCallback(cb);
            }
        } else {
            scheduleCallback(cbs);
        }
    }

    private void scheduleCallback(Object callback) {
        if (callback instanceof Task<?>) {
            loop.scheduleStep((Task<?>) callback); // the task finds this future as its waiter
        } else {
            loop.schedule(new Handle(loop, (Consumer<?>) callback, this));
        }
    }

    /**
     * The futures waiting for this one, from its callbacks: each task to wake, and the future behind each
     * {@link Awaiting} callback (gather's, a task group's parent task). For call graphs.
     */
    final List<Future<?>> awaitedBy() {
        List<Future<?>> out = new ArrayList<>();
        Object cbs = callbacks;
        if (cbs instanceof CallbackList) {
            for (Object cb : (CallbackList) cbs) {
                addAwaiter(out, cb);
            }
        } else if (cbs != null) {
            addAwaiter(out, cbs);
        }
        return out;
    }

    private static void addAwaiter(List<Future<?>> out, Object callback) {
        Object c = Context.unbound(callback);
        Future<?> awaiter = c instanceof Task<?> ? (Task<?>) c
                : c instanceof Awaiting ? ((Awaiting) c).awaiter() : null;
        if (awaiter != null && !out.contains(awaiter)) {
            out.add(awaiter);
        }
    }

    /** A list of callbacks, distinguishable from a single callback that is itself a list. */
    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
