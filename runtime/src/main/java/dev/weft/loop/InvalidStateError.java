package dev.weft.loop;

/**
 * Thrown when a {@link Future} is asked for something its state does not allow: its result before it is
 * done ({@code "Result is not ready."}), or a second result ({@code "FINISHED: Future[...]"}).
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An error with the given message. */
    public InvalidStateError(String message) {
        super(message);
    }
}
