package dev.weft.loop;

import java.util.Comparator;

/**
 * A {@link Queue} that returns its smallest item first (natural order, or a comparator), like Python's
 * {@code asyncio.PriorityQueue}; items must not be null. Items that compare equal come out in no promised
 * order (not {@code heapq}'s either): add a sequence number to an item's ordering to make it first-in
 * first-out among equals. Named like {@code java.util.PriorityQueue}: import it explicitly.
 *
 * @param <T> the type of the items
 */
public class PriorityQueue<T> extends Queue<T> {
    /** An unbounded queue in natural order (items must be {@link Comparable}). */
    public PriorityQueue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items (0: unbounded) in natural order. */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** A queue of at most {@code maxsize} items (0: unbounded) ordered by {@code comparator}. */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new ShrinkingHeap<>(comparator));
    }
}
