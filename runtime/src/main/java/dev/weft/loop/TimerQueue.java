package dev.weft.loop;

import java.util.ArrayDeque;

/**
 * The loop's timers, in deadline order, ties in scheduling order. Cancelled timers are counted; when they
 * are more than half of a queue of over 100, the queue is rebuilt without them (asyncio's rule);
 * otherwise they are only dropped as they reach the head. Loop thread only.
 *
 * <p>Two queues hold them. Most timers come in deadline order (the same delay, again and again: sleeps,
 * timeouts, retries), and those go to a first-in first-out run, where adding and taking the earliest cost
 * O(1); a timer due before the last of that run goes to a heap. The earliest timer is the earlier of the
 * two heads. (A heap alone spends most of a million sleeps' time sifting.) Both give their memory back
 * after a burst ({@link ShrinkingDeque}, {@link ShrinkingHeap}).
 */
final class TimerQueue {
    static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
    static final double MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

    /** Timers added in deadline order: each due no earlier than the one before it. */
    private final ShrinkingDeque<TimerHandle> run = new ShrinkingDeque<>();
    /** The other timers. */
    private final ShrinkingHeap<TimerHandle> heap = new ShrinkingHeap<>(TimerQueue::compare);
    private int cancelledCount;
    private long nextSequence;

    /** Deadline order, then scheduling order. */
    private static int compare(TimerHandle a, TimerHandle b) {
        int byDeadline = Double.compare(a.when(), b.when());
        return byDeadline != 0 ? byDeadline : Long.compare(a.sequence, b.sequence);
    }

    /** The sequence number for the next timer: ties on the deadline run in this order. */
    long nextSequence() {
        return nextSequence++;
    }

    /** Adds a timer whose sequence number came from {@link #nextSequence} (so it is the highest yet). */
    void add(TimerHandle handle) {
        handle.scheduled = true;
        TimerHandle last = run.peekLast();
        if (last == null || handle.when() >= last.when()) {
            run.addLast(handle);
        } else {
            heap.add(handle);
        }
    }

    /** A timer was cancelled: count it if it is still queued. */
    void cancelled(TimerHandle handle) {
        if (handle.scheduled) {
            cancelledCount++;
        }
    }

    /** Drops cancelled timers: all of them if they are many, else those at the head. */
    void prune() {
        int size = size();
        if (size > MIN_SCHEDULED_TIMER_HANDLES && cancelledCount > size * MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
            run.removeIf(TimerQueue::unscheduleIfCancelled);
            heap.removeIf(TimerQueue::unscheduleIfCancelled);
            cancelledCount = 0;
        } else {
            TimerHandle head;
            while ((head = peek()) != null && head.cancelled()) {
                take(head);
                cancelledCount--;
            }
        }
    }

    /** True if {@code h} is cancelled, then no longer scheduled (it is being dropped). */
    private static boolean unscheduleIfCancelled(TimerHandle h) {
        if (h.cancelled()) {
            h.scheduled = false;
            return true;
        }
        return false;
    }


    /** The deadline of the earliest timer, or positive infinity if there is none. */
    double nextDeadline() {
        TimerHandle head = peek();
        return head == null ? Double.POSITIVE_INFINITY : head.when();
    }

    /** True if no timer is queued (cancelled ones count until they are pruned or popped). */
    boolean isEmpty() {
        return run.isEmpty() && heap.isEmpty();
    }

    /** Moves every timer due before {@code end} (deadline earlier than it) to {@code ready}, in order. */
    void popDue(double end, ArrayDeque<Object> ready) {
        TimerHandle head;
        while ((head = peek()) != null && head.when() < end) {
            take(head);
            if (head.cancelled()) {
                cancelledCount--;
            }
            ready.add(head);
        }
    }

    /** The earliest timer, or null. */
    private TimerHandle peek() {
        TimerHandle a = run.peekFirst();
        TimerHandle b = heap.peek();
        if (a == null) {
            return b;
        }
        return b == null || compare(a, b) < 0 ? a : b;
    }

    /** Removes {@code head}, which {@link #peek} returned. */
    private void take(TimerHandle head) {
        if (head == run.peekFirst()) {
            run.pollFirst();
        } else {
            heap.poll();
        }
        head.scheduled = false;
    }

    /** Timers queued, cancelled ones included. */
    int size() {
        return run.size() + heap.size();
    }

    /** The most timers the queue's arrays are sized for now (they shrink after a burst drains). */
    int peak() {
        return Math.max(run.peak(), heap.peak());
    }

    /** Cancelled timers still queued. */
    int cancelledCount() {
        return cancelledCount;
    }

    void clear() {
        for (TimerHandle h : run) {
            h.scheduled = false;
        }
        for (TimerHandle h : heap) {
            h.scheduled = false;
        }
        run.clear();
        heap.clear();
        cancelledCount = 0;
    }
}
