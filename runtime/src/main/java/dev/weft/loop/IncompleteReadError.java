package dev.weft.loop;

import java.io.EOFException;
import java.io.UncheckedIOException;

/**
 * Thrown by {@link StreamReader#readexactly} and {@link StreamReader#readuntil} when the stream ends
 * before the requested bytes arrived; {@link #partial()} holds what did arrive (asyncio's
 * {@code IncompleteReadError}, an {@code EOFError}). Its cause is an {@link EOFException}.
 *
 * <p>An {@link UncheckedIOException}, like every failure of weft's streams: {@code await} rethrows
 * failures without declaring them, and Java refuses a {@code catch} of a checked exception its
 * {@code try} block does not declare, so {@code catch (UncheckedIOException e)} around a stream
 * operation catches them all.
 */
public class IncompleteReadError extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** The bytes read before the end of the stream. */
    private final byte[] partial;
    /** How many bytes were expected, or -1 if the read was for a separator. */
    private final int expected;

    /**
     * An incomplete read.
     *
     * @param partial the bytes read before the end of the stream
     * @param expected how many bytes were expected, or -1 if the read was for a separator
     */
    public IncompleteReadError(byte[] partial, int expected) {
        super(new EOFException(partial.length + " bytes read on a total of "
                + (expected < 0 ? "undefined" : String.valueOf(expected)) + " expected bytes"));
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the end of the stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were expected, or -1 if the read was looking for a separator. */
    public int expected() {
        return expected;
    }
}
