package dev.weft.loop;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * An {@link ArrayDeque} that gives its memory back. The JDK's keeps the capacity of its longest moment, so
 * a burst of a million timers, queued items or waiters would hold megabytes for the loop's life, where
 * CPython's deque frees its blocks as it drains. This one copies itself small once it has drained to a
 * sixteenth of a peak of more than {@value #SHRINK_ABOVE} elements: amortised O(1) per element, and
 * nothing for a deque that never grows that long. Loop thread only; no nulls.
 *
 * @param <E> the type of the elements
 */
final class ShrinkingDeque<E> implements Iterable<E> {
    /** A deque never longer than this keeps its array. */
    static final int SHRINK_ABOVE = 4096;

    private ArrayDeque<E> elements = new ArrayDeque<>();
    /** The most elements held since the array was last made. */
    private int peak;

    /** Adds {@code e} at the tail. */
    void addLast(E e) {
        elements.addLast(e);
        grew();
    }

    /** Adds {@code e} at the head. */
    void addFirst(E e) {
        elements.addFirst(e);
        grew();
    }

    /** Removes and returns the head, or null if empty. */
    E pollFirst() {
        E e = elements.pollFirst();
        shrank();
        return e;
    }

    /** The head, or null if empty. */
    E peekFirst() {
        return elements.peekFirst();
    }

    /** The tail, or null if empty. */
    E peekLast() {
        return elements.peekLast();
    }

    /** Removes the first occurrence of {@code e} (a scan from the head); true if there was one. */
    boolean remove(Object e) {
        boolean removed = elements.remove(e);
        shrank();
        return removed;
    }

    /** Removes the elements {@code filter} accepts; true if there were any. */
    boolean removeIf(Predicate<? super E> filter) {
        boolean removed = elements.removeIf(filter);
        shrank();
        return removed;
    }

    /** Removes every element. */
    void clear() {
        elements.clear();
        shrank();
    }

    int size() {
        return elements.size();
    }

    boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The elements from head to tail; its {@code remove} does not shrink the array. */
    @Override
    public Iterator<E> iterator() {
        return elements.iterator();
    }

    /**
     * The most elements held since the array was last made, which its length follows (the JDK keeps the
     * length private).
     */
    int peak() {
        return peak;
    }

    private void grew() {
        int n = elements.size();
        if (n > peak) {
            peak = n;
        }
    }

    private void shrank() {
        if (peak > SHRINK_ABOVE) {
            int n = elements.size();
            if (n < peak >>> 4) {
                elements = new ArrayDeque<>(elements);
                peak = n;
            }
        }
    }
}
