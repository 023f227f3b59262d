package dev.weft.loop;

/**
 * A {@link Queue} that returns the most recently added item first, like Python's
 * {@code asyncio.LifoQueue}.
 *
 * @param <T> the type of the items
 */
public class LifoQueue<T> extends Queue<T> {
    /** An unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /** A stack of at most {@code maxsize} items (0: unbounded). */
    public LifoQueue(int maxsize) {
        super(maxsize, new ItemDeque<>(true));
    }
}
