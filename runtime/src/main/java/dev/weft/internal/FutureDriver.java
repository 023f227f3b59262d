package dev.weft.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Drives the frame of a {@code CompletableFuture}/{@code CompletionStage} {@code @Async} method with no
 * event loop, as ea-async does: it runs at once until it awaits an incomplete stage, and resumes on the
 * thread that completes that stage. It is itself the future the method returns. Not API.
 */
final class FutureDriver<T> extends CompletableFuture<T> implements BiConsumer<Object, Throwable> {
    /**
     * How many resumptions one thread runs inside one another before it queues the next. Completing a
     * method's future resumes the method awaiting it inside {@code complete}, so a chain of methods each
     * awaiting the next would otherwise unwind one Java stack frame group per method and overflow the
     * stack; below the bound, resumption stays synchronous, as in ea-async.
     */
    static final int MAX_NESTED_RESUMPTIONS = 32;

    private static final ThreadLocal<Resumptions> RESUMPTIONS = ThreadLocal.withInitial(Resumptions::new);

    private final Frame frame;
    /** True while {@link #step} runs: a callback arriving then is queued, not run recursively. */
    private boolean stepping;
    private boolean pending;
    private Object pendingValue;
    private Throwable pendingError;

    FutureDriver(Frame frame) {
        this.frame = frame;
    }

    /** Resumes the frame with a result (or failure) and runs it until it waits or ends. */
    @SuppressWarnings("unchecked")
    void step(Object value, Throwable error) {
        for (;;) {
            Object awaited;
            synchronized (this) {
                stepping = true;
            }
            try {
                awaited = frame.drive(value, error);
            } catch (Throwable failure) {
                completeExceptionally(failure);
                return;
            }
            if (awaited == Frame.ENDED) {
                finish(frame.result);
                return;
            }
            try {
                subscribe(awaited);
            } catch (RuntimeException refused) {
                // say, the awaited loop future's loop is closed: the await throws it, as a failure would
                accept(null, refused);
            }
            synchronized (this) {
                stepping = false;
                if (!pending) {
                    return;
                }
                // the awaited stage completed while we subscribed: loop here instead of recursing
                pending = false;
                value = pendingValue;
                error = pendingError;
                pendingValue = null;
                pendingError = null;
            }
        }
    }

    /**
     * The body returned: as in ea-async, a {@code CompletableFuture} method returns a stage
     * ({@code completedFuture(v)} or any other), whose outcome becomes this future's.
     */
    @SuppressWarnings("unchecked")
    private void finish(Object returned) {
        if (Suspend.isDoneFuture(returned)) {
            // the common end, return completedFuture(v): no callback needed
            Object value;
            try {
                value = Suspend.joinDone((CompletableFuture<?>) returned);
            } catch (Throwable failure) {
                completeExceptionally(failure);
                return;
            }
            complete((T) value);
        } else if (returned instanceof CompletionStage<?>) {
            ((CompletionStage<T>) returned).whenComplete((value, error) -> {
                if (error != null) {
                    completeExceptionally(error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null ? error.getCause() : error);
                } else {
                    complete(value);
                }
            });
        } else {
            complete((T) returned);
        }
    }

    private void subscribe(Object awaited) {
        if (awaited instanceof CompletionStage<?>) {
            ((CompletionStage<?>) awaited).whenComplete(this);
        } else if (awaited instanceof Subscribable) {
            ((Subscribable) awaited).subscribe(this);
        } else {
            accept(null, new IllegalStateException("a CompletableFuture @Async method cannot await "
                    + awaited + ": it has no event loop to wait on it (run it as a loop Task instead)"));
        }
    }

    /** The awaited stage completed: resume, or hand the result to the step in progress. */
    @Override
    public void accept(Object value, Throwable error) {
        if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        synchronized (this) {
            if (stepping) {
                pending = true;
                pendingValue = value;
                pendingError = error;
                return;
            }
        }
        Resumptions nested = RESUMPTIONS.get();
        if (nested.depth >= MAX_NESTED_RESUMPTIONS) {
            nested.defer(this, value, error);
            return;
        }
        try {
            nested.run(this, value, error);
        } finally {
            if (nested.depth == 0) {
                nested.drain(); // even past an Error: the deferred methods must not wait forever
            }
        }
    }

    /**
     * The resumptions a thread is running inside one another, and those it deferred: the outermost one
     * runs the deferred in order once it has unwound, so that the stack never holds more than
     * {@link #MAX_NESTED_RESUMPTIONS} of them.
     */
    private static final class Resumptions {
        private final ArrayDeque<Resumption> deferred = new ArrayDeque<>();
        int depth;

        void run(FutureDriver<?> driver, Object value, Throwable error) {
            depth++;
            try {
                driver.step(value, error);
            } finally {
                depth--;
            }
        }

        void defer(FutureDriver<?> driver, Object value, Throwable error) {
            deferred.add(new Resumption(driver, value, error));
        }

        void drain() {
            for (Resumption next; (next = deferred.poll()) != null; ) {
                run(next.driver, next.value, next.error);
            }
        }
    }

    /** A resumption deferred: the driver and what its awaited stage completed with. */
    private static final class Resumption {
        final FutureDriver<?> driver;
        final Object value;
        final Throwable error;

        Resumption(FutureDriver<?> driver, Object value, Throwable error) {
            this.driver = driver;
            this.value = value;
            this.error = error;
        }
    }
}
