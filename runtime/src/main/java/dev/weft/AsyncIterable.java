package dev.weft;

/**
 * A source that can be stepped through asynchronously: Python's {@code __aiter__}, for
 * {@code async for}. See {@link AsyncIterator} for the loop it makes.
 *
 * @param <T> the type of the elements
 */
public interface AsyncIterable<T> {
    /** An iterator over the elements still to come from this source. */
    AsyncIterator<T> aiter();
}
