package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timer queue keeps timers due in order in a first-in first-out run and the rest in a heap: whatever
 * the mix, what it hands out must be what one sorted list would.
 */
class TimerQueueTest extends LoopFixture {
    private static final Comparator<TimerHandle> DUE_ORDER =
            Comparator.comparingDouble(TimerHandle::when).thenComparingLong(h -> h.sequence);

    private final TimerQueue queue = new TimerQueue();
    /** Every timer queued, cancelled ones included: the reference. */
    private final List<TimerHandle> reference = new ArrayList<>();

    private TimerHandle add(double when) {
        TimerHandle h = new TimerHandle(loop, when, queue.nextSequence(), () -> { });
        queue.add(h);
        reference.add(h);
        return h;
    }

    private void cancel(TimerHandle h) {
        queue.cancelled(h);
        h.cancel();
    }

    /** Pops what is due before {@code end} from both and checks they agree. */
    private void popDue(double end) {
        ArrayDeque<Object> ready = new ArrayDeque<>();
        queue.popDue(end, ready);
        reference.sort(DUE_ORDER);
        List<TimerHandle> expected = new ArrayList<>();
        while (!reference.isEmpty() && reference.get(0).when() < end) {
            expected.add(reference.remove(0));
        }
        assertEquals(expected, new ArrayList<>(ready), "due before " + end);
        assertEquals(reference.size(), queue.size());
    }

    @Test
    void timersAddedInDeadlineOrderComeOutInThatOrder() {
        List<TimerHandle> added = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            added.add(add(i / 10));
        }
        ArrayDeque<Object> ready = new ArrayDeque<>();
        queue.popDue(1000, ready);
        assertEquals(added, new ArrayList<>(ready));
        assertTrue(queue.isEmpty());
    }

    @Test
    void aTimerDueBeforeTheLastOneStillComesOutFirst() {
        TimerHandle late = add(10);
        TimerHandle early = add(1);
        TimerHandle tie = add(10);
        TimerHandle middle = add(5);
        assertEquals(1.0, queue.nextDeadline());
        ArrayDeque<Object> ready = new ArrayDeque<>();
        queue.popDue(10, ready);
        assertEquals(List.of(early, middle), new ArrayList<>(ready), "due before 10, not at it");
        queue.popDue(Math.nextUp(10.0), ready);
        assertEquals(List.of(early, middle, late, tie), new ArrayList<>(ready));
    }

    @Test
    void cancelledTimersArePrunedFromEitherQueue() {
        TimerHandle inRun = add(1);
        add(3);
        TimerHandle inHeap = add(0.5);
        cancel(inRun);
        cancel(inHeap);
        queue.prune();
        assertEquals(1, queue.size(), "both cancelled heads dropped");
        assertEquals(0, queue.cancelledCount());
        assertEquals(3.0, queue.nextDeadline());
        assertFalse(inRun.scheduled);
        assertFalse(inHeap.scheduled);
    }

    @Test
    void randomMixesAgreeWithASortedList() {
        Random random = new Random(20261121);
        for (int round = 0; round < 200; round++) {
            double now = 0;
            List<TimerHandle> live = new ArrayList<>();
            for (int op = 0; op < 300; op++) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    // mostly the same few delays, as real programs schedule, sometimes anything
                    double delay = random.nextInt(4) == 0 ? random.nextDouble() * 5 : 1 + random.nextInt(3);
                    live.add(add(now + delay));
                } else if (kind < 8 && !live.isEmpty()) {
                    cancel(live.remove(random.nextInt(live.size())));
                } else if (kind < 9) {
                    queue.prune();
                    // only cancelled timers may go: all of them, or those at the head
                    assertTrue(reference.stream().allMatch(h -> h.scheduled || h.cancelled()));
                    reference.removeIf(h -> !h.scheduled);
                    assertEquals(reference.size(), queue.size(), "after prune");
                } else {
                    now += random.nextDouble() * 2;
                    popDue(now);
                    live.removeIf(h -> !h.scheduled);
                }
                assertEquals(reference.stream().mapToDouble(TimerHandle::when).min().orElse(Double.POSITIVE_INFINITY),
                        queue.nextDeadline(), "earliest deadline");
            }
            popDue(Double.POSITIVE_INFINITY);
            assertTrue(queue.isEmpty());
            assertEquals(0, queue.cancelledCount());
        }
    }

    /**
     * A burst of timers, in order and out of it, drained in stages: the order holds across the copies
     * that give the arrays back, and once drained the queue is sized small again (the JDK's collections
     * keep their longest arrays).
     */
    @Test
    void aDrainedBurstGivesItsArraysBackAndKeepsItsOrder() {
        Random random = new Random(20261123);
        for (int i = 0; i < 40_000; i++) {
            add(i % 3 == 0 ? random.nextDouble() * 100 : 100 + i * 0.001);
        }
        for (TimerHandle h : new ArrayList<>(reference.subList(0, 5_000))) {
            cancel(h);
        }
        queue.prune();
        reference.removeIf(h -> !h.scheduled);
        assertTrue(queue.peak() >= 20_000, "sized for the burst: " + queue.peak());
        for (double end = 10; end < 160; end += 10) {
            popDue(end);
        }
        popDue(Double.POSITIVE_INFINITY);
        assertTrue(queue.isEmpty());
        assertTrue(queue.peak() <= ShrinkingDeque.SHRINK_ABOVE, "sized small again: " + queue.peak());
        add(1);
        add(0.5);
        popDue(Double.POSITIVE_INFINITY);
    }
}
