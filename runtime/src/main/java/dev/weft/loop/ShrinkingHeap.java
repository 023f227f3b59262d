package dev.weft.loop;

import java.util.AbstractQueue;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * A {@link PriorityQueue} that gives its memory back, as {@link ShrinkingDeque} does for a deque: the JDK's
 * keeps the array of its longest moment, so this one copies itself small once it has drained to a
 * sixteenth of a peak of more than {@value ShrinkingDeque#SHRINK_ABOVE} elements (where CPython's heap, a
 * list, shrinks as it pops). Loop thread only; no nulls.
 *
 * @param <E> the type of the elements
 */
final class ShrinkingHeap<E> extends AbstractQueue<E> {
    private PriorityQueue<E> heap;
    /** The most elements held since the array was last made: its length follows it. */
    private int peak;

    /** An empty heap in {@code order} (null: the elements' natural order). */
    ShrinkingHeap(Comparator<? super E> order) {
        heap = new PriorityQueue<>(order);
    }

    @Override
    public boolean offer(E e) {
        heap.offer(e);
        peak = Math.max(peak, heap.size());
        return true;
    }

    @Override
    public E poll() {
        E e = heap.poll();
        shrank();
        return e;
    }

    @Override
    public E peek() {
        return heap.peek();
    }

    @Override
    public boolean remove(Object o) {
        boolean removed = heap.remove(o);
        shrank();
        return removed;
    }

    @Override
    public boolean removeIf(Predicate<? super E> filter) {
        boolean removed = heap.removeIf(filter);
        shrank();
        return removed;
    }

    @Override
    public void clear() {
        heap.clear();
        shrank();
    }

    @Override
    public int size() {
        return heap.size();
    }

    /** The elements in no particular order; its {@code remove} does not shrink the array. */
    @Override
    public Iterator<E> iterator() {
        return heap.iterator();
    }

    /** The most elements held since the array was last made, which its length follows. */
    int peak() {
        return peak;
    }

    private void shrank() {
        if (peak > ShrinkingDeque.SHRINK_ABOVE && heap.size() < peak >>> 4) {
            heap = new PriorityQueue<>(heap); // keeps the order; sized to the elements
            peak = heap.size();
        }
    }
}
