package dev.weft.weaver;

/** Why one method cannot be woven; the class weaver turns it into an error {@link Diagnostic}. */
final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    WeaveException(int line, String message) {
        super(message);
        this.line = line;
    }

    /** The source line of the problem, or -1. */
    int line() {
        return line;
    }
}
