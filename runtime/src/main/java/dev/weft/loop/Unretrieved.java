package dev.weft.loop;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A failed future's exception that nobody has retrieved yet. Reported to the loop's exception handler
 * ({@code "Task exception was never retrieved"}) when the future is garbage collected (through a
 * {@link Cleaner}: this object holds the future only weakly) or when its loop closes, whichever comes
 * first; never if it is retrieved in time. Registered only when a future fails, so successful futures
 * cost nothing.
 */
final class Unretrieved implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final SelectorEventLoop loop;
    private final Throwable exception;
    private final String message;
    private final String description;
    private final WeakReference<Future<?>> future;
    private final List<StackTraceElement> sourceTraceback;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    private Unretrieved(Future<?> f, Throwable exception) {
        this.loop = f.loop;
        this.exception = exception;
        this.message = (f instanceof Task<?> ? "Task" : "Future") + " exception was never retrieved";
        this.description = f.toString();
        this.future = new WeakReference<>(f);
        this.sourceTraceback = f.sourceTraceback();
        this.cleanable = CLEANER.register(f, this);
        loop.unretrieved.add(this);
    }

    /** Starts watching failed future {@code f}. */
    static Unretrieved track(Future<?> f, Throwable exception) {
        return new Unretrieved(f, exception);
    }

    /** The exception was retrieved: forget it. */
    void retrieved() {
        if (settled.compareAndSet(false, true)) {
            loop.unretrieved.remove(this);
            cleanable.clean();
        }
    }

    /**
     * The future was collected (Cleaner thread): report on the loop's thread, or here if the loop is
     * closed. Until the report runs, it stays registered, so a loop closing meanwhile reports it.
     */
    @Override
    public void run() {
        if (settled.get()) {
            return;
        }
        try {
            loop.callSoonThreadsafe(this::report);
        } catch (IllegalStateException closed) {
            report();
        }
    }

    /** Reports the exception, once; the loop calls this as it closes. */
    void report() {
        if (settled.compareAndSet(false, true)) {
            loop.unretrieved.remove(this);
            cleanable.clean();
            loop.callExceptionHandler(context());
        }
    }

    private Map<String, Object> context() {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", message);
        context.put("exception", exception);
        Future<?> f = future.get();
        context.put("future", f != null ? f : description);
        if (sourceTraceback != null) {
            context.put("source_traceback", sourceTraceback);
        }
        return context;
    }
}
