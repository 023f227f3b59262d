package dev.weft;

import java.util.NoSuchElementException;

/** The end of an {@link AsyncGenerator}: what awaiting its {@code anext()} raises when the body returns. */
public class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** A new end-of-iteration signal. */
    public StopAsyncIteration() {
        super();
    }
}
