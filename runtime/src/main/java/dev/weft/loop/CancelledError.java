package dev.weft.loop;

/**
 * Raised inside a coroutine at its await point when its {@link Task} is cancelled, and by
 * {@link Future#result()} of a cancelled future. An {@link Error}, as in Python 3.8+ where it is a
 * {@code BaseException}: {@code catch (Exception e)} does not swallow it. A coroutine may catch it to
 * clean up; if it then returns normally, the task completes normally.
 */
public class CancelledError extends Error {
    private static final long serialVersionUID = 1L;

    /** A cancellation with no message. */
    public CancelledError() {
        super();
    }

    /** A cancellation carrying the message given to {@code cancel(msg)} (may be null). */
    public CancelledError(String message) {
        super(message);
    }
}
