package dev.weft.loop;

import java.util.List;

/**
 * Several failures reported together, as Python's {@code ExceptionGroup}: what a {@link TaskGroup}
 * raises when its children (or its body) fail. Each failure is also attached as a suppressed exception,
 * so a printed stack trace shows them all.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Throwable> exceptions;

    /**
     * A group of {@code exceptions} (at least one) with a message.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    @SuppressWarnings("this-escape") // addSuppressed is final
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")",
                null, true, true);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** The failures, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
