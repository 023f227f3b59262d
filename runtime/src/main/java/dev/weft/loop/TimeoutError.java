package dev.weft.loop;

/**
 * Thrown when an operation runs out of time: {@link Asyncio#waitFor}, {@link Asyncio#timeout} scopes and
 * {@link Asyncio#asCompleted}. Its cause is the {@link CancelledError} the timeout used to interrupt the
 * awaited work, if any.
 *
 * <p>Unchecked on purpose: {@code await} rethrows failures without declaring them, and Java refuses a
 * {@code catch} of a checked exception its {@code try} block does not declare, so a checked
 * {@code java.util.concurrent.TimeoutException} could not be caught around an {@code await}.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A timeout with no message. */
    public TimeoutError() {
        super();
    }

    /** A timeout with the given message. */
    public TimeoutError(String message) {
        super(message);
    }

    /** A timeout with a message and the cancellation it replaced. */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
