package dev.weft.maven;

/**
 * Thrown when some class of a directory cannot be woven: nothing was written. Its message lists every
 * error with its class, method, source line and fix ({@link Report#failure}).
 */
public final class WeavingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The outcome; not serialized. */
    private final transient WeaveOutcome outcome;

    /** An exception for {@code outcome}, which has errors. */
    public WeavingException(WeaveOutcome outcome) {
        super(Report.failure(outcome));
        this.outcome = outcome;
    }

    /** What weaving the directory in memory produced, errors and warnings included. */
    public WeaveOutcome outcome() {
        return outcome;
    }
}
