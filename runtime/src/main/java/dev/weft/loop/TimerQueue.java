package dev.weft.loop;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The loop's timers: a heap ordered by deadline, then scheduling order. Cancelled timers are counted;
 * when they are more than half of a heap of over 100, the heap is rebuilt without them (asyncio's rule);
 * otherwise they are only dropped as they reach the head. Loop thread only.
 */
final class TimerQueue {
    static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
    static final double MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
    private static final Comparator<TimerHandle> ORDER =
            Comparator.comparingDouble(TimerHandle::when).thenComparingLong(h -> h.sequence);

    private final PriorityQueue<TimerHandle> heap = new PriorityQueue<>(ORDER);
    private int cancelledCount;
    private long nextSequence;

    /** The sequence number for the next timer: ties on the deadline run in this order. */
    long nextSequence() {
        return nextSequence++;
    }

    void add(TimerHandle handle) {
        handle.scheduled = true;
        heap.add(handle);
    }

    /** A timer was cancelled: count it if it is still in the heap. */
    void cancelled(TimerHandle handle) {
        if (handle.scheduled) {
            cancelledCount++;
        }
    }

    /** Drops cancelled timers: all of them if they are many, else those at the head. */
    void prune() {
        int size = heap.size();
        if (size > MIN_SCHEDULED_TIMER_HANDLES && cancelledCount > size * MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
            heap.removeIf(h -> {
                if (h.cancelled()) {
                    h.scheduled = false;
                    return true;
                }
                return false;
            });
            cancelledCount = 0;
        } else {
            TimerHandle head;
            while ((head = heap.peek()) != null && head.cancelled()) {
                heap.poll();
                head.scheduled = false;
                cancelledCount--;
            }
        }
    }

    /** The deadline of the earliest timer, or positive infinity if there is none. */
    double nextDeadline() {
        TimerHandle head = heap.peek();
        return head == null ? Double.POSITIVE_INFINITY : head.when();
    }

    /** Moves every timer due at {@code now} (deadline not after it) to {@code ready}, in order. */
    /** True if no timer is scheduled (cancelled ones count until they are pruned or popped). */
    boolean isEmpty() {
        return heap.isEmpty();
    }

    void popDue(double now, ArrayDeque<Object> ready) {
        TimerHandle head;
        while ((head = heap.peek()) != null && head.when() <= now) {
            heap.poll();
            head.scheduled = false;
            if (head.cancelled()) {
                cancelledCount--;
            }
            ready.add(head);
        }
    }

    /** Timers in the heap, cancelled ones included. */
    int size() {
        return heap.size();
    }

    /** Cancelled timers still in the heap. */
    int cancelledCount() {
        return cancelledCount;
    }

    void clear() {
        for (TimerHandle h : heap) {
            h.scheduled = false;
        }
        heap.clear();
        cancelledCount = 0;
    }
}
