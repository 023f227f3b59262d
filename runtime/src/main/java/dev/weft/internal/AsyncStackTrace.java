package dev.weft.internal;

import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;
import dev.weft.loop.CancelledError;

/**
 * Adds to an exception's stack trace the frames it is raised into at their suspension points, so that
 * the trace of an error that ends a resumed chain names every coroutine and generator it passes through,
 * as Python's traceback does, and not only the innermost one.
 *
 * <p>Why: a suspended frame's body is not on the Java stack when its chain is resumed; the chain's driver
 * calls the innermost body and raises what escapes it into the next body out. The exception's own trace,
 * filled where it was created, shows the innermost body and then the driver; each body it passes through
 * afterwards is added here, at the await (or yieldFrom) it is raised at:
 *
 * <pre>
 * java.lang.IllegalStateException: no record 3
 *     at Shop.fetch(Shop.java:8)          the body that raised it, from its own trace
 *     at Shop.load(Shop.java:12)          added: the await of fetch that it reached
 *     at Shop.handler(Shop.java:17)       added: the await of load
 *     at dev.weft.internal.Frame.driveChain(Frame.java:283)
 *     ...
 * </pre>
 *
 * <p>An exception that comes into the chain from elsewhere keeps the trace of where it was made, and the
 * frames it is raised into follow that: a failed task's error, awaited by another task, gets the awaiting
 * frames after the failed task's own (before the driver's frames, which both tasks' steps share); an
 * error from code outside any chain (a {@code throwIn}, a future failed by a callback) gets them at its end.
 * Left alone: the signals of control flow rather than failure, the generator protocol's
 * ({@link GeneratorExit}, {@link StopIteration}, {@link StopAsyncIteration}) and cancellation's
 * ({@link CancelledError}: a task group or a timeout may cancel thousands of tasks at once, and reading a
 * trace to extend it tripled the cost of each; kotlinx.coroutines leaves its cancellation alone too);
 * exceptions with no stack trace (made without one, for speed); traces grown past {@link #MAX_LENGTH};
 * and everything when the system property {@code dev.weft.asyncStackTraces} is {@code false}. The same exception object raised into several chains (one task's failure awaited by two)
 * gathers the frames of each, as Python's traceback does.
 */
final class AsyncStackTrace {
    /** Whether traces are extended: the system property {@code dev.weft.asyncStackTraces}, true unless "false". */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("dev.weft.asyncStackTraces"));
    /** No frame is added to a trace this long: a trace cannot grow without bound, whatever reuses its exception. */
    static final int MAX_LENGTH = 4096;
    private static final String DRIVER = Frame.class.getName();

    private AsyncStackTrace() {
    }

    /** True for the exceptions whose traces {@link #add} extends (a cheap test, made before anything else). */
    static boolean applies(Throwable error) {
        return ENABLED && !(error instanceof GeneratorExit) && !(error instanceof StopIteration)
                && !(error instanceof StopAsyncIteration) && !(error instanceof CancelledError);
    }

    /**
     * Adds {@code position}, where {@code error} is about to be raised into a suspended frame, to the
     * error's stack trace, and returns the element added (or null if none was). Where: right after
     * {@code after} if it is still in the trace (the element added for the last frame this error passed
     * through); else right after the body of {@code raiser} (the frame whose body raised it on this stack,
     * or null) if that is in the trace; else before the first frame of a chain driver, if the error was
     * raised under one (by another chain, as a failed task's error is); else at the end, after the trace
     * of the code outside any chain that made it.
     */
    static StackTraceElement add(Throwable error, StackTraceElement position, StackTraceElement after,
            StackTraceElement raiser) {
        synchronized (error) { // Throwable's own trace methods lock it too: two threads may raise one error
            StackTraceElement[] trace = error.getStackTrace();
            if (trace.length == 0 || trace.length >= MAX_LENGTH) {
                return null;
            }
            int at = insertionPoint(trace, after, raiser);
            StackTraceElement[] grown = new StackTraceElement[trace.length + 1];
            System.arraycopy(trace, 0, grown, 0, at);
            grown[at] = position;
            System.arraycopy(trace, at, grown, at + 1, trace.length - at);
            error.setStackTrace(grown);
            return position;
        }
    }

    private static int insertionPoint(StackTraceElement[] trace, StackTraceElement after, StackTraceElement raiser) {
        if (after != null) {
            for (int i = 0; i < trace.length; i++) {
                if (trace[i] == after) { // the very element added before, not an equal one (recursion repeats them)
                    return i + 1;
                }
            }
        }
        if (raiser != null) {
            for (int i = 0; i < trace.length; i++) {
                if (trace[i].getMethodName().equals(raiser.getMethodName())
                        && trace[i].getClassName().equals(raiser.getClassName())) {
                    return i + 1;
                }
            }
        }
        // raised by code the driver ran (another chain's body, say a failed task's, or the driver itself)
        for (int i = 0; i < trace.length; i++) {
            if (trace[i].getClassName().equals(DRIVER)) {
                return i;
            }
        }
        return trace.length;
    }
}
