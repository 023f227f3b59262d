package dev.weft.loop;

/**
 * Thrown by {@link StreamReader#readuntil} and {@link StreamReader#readline} when the separator is not
 * found within the reader's limit (asyncio's {@code LimitOverrunError}). After {@code readuntil} the
 * bytes stay in the reader, and {@link #consumed()} says how many can be read past to skip them; after
 * {@code readline} they have already been dropped, up to and including the separator if it was found.
 */
public class LimitOverrunError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** How many bytes to read past to skip the over-long chunk. */
    private final int consumed;

    /** A limit overrun: {@code message}, and how many bytes are to be consumed to skip the chunk. */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** How many bytes to read past to skip the over-long chunk (up to the separator, if found). */
    public int consumed() {
        return consumed;
    }
}
