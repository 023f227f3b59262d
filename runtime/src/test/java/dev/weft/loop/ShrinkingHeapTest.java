package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heap hands out what a PriorityQueue would whatever it does, and sizes itself small after a burst. */
class ShrinkingHeapTest {
    @Test
    void randomOperationsThroughBurstsAgreeWithAPriorityQueue() {
        Comparator<Integer> order = Comparator.reverseOrder();
        ShrinkingHeap<Integer> heap = new ShrinkingHeap<>(order);
        PriorityQueue<Integer> reference = new PriorityQueue<>(order);
        Random random = new Random(20261123);
        for (int round = 0; round < 6; round++) {
            int burst = 1 + random.nextInt(30_000);
            for (int i = 0; i < burst; i++) {
                int e = random.nextInt(1_000_000);
                heap.add(e);
                reference.add(e);
            }
            while (!reference.isEmpty()) {
                int kind = random.nextInt(100);
                if (kind < 95) {
                    assertEquals(reference.poll(), heap.poll());
                } else if (kind < 99) {
                    Integer e = reference.peek();
                    assertEquals(reference.remove(e), heap.remove(e));
                } else {
                    int mod = 2 + random.nextInt(5);
                    assertEquals(reference.removeIf(e -> e % mod == 0), heap.removeIf(e -> e % mod == 0));
                }
                assertEquals(reference.size(), heap.size());
                assertEquals(reference.peek(), heap.peek());
            }
        }
    }

    @Test
    void aDrainedBurstIsSizedSmallAgainAndKeepsItsOrder() {
        ShrinkingHeap<Integer> heap = new ShrinkingHeap<>(null);
        for (int i = 100_000; i > 0; i--) {
            heap.add(i);
        }
        assertEquals(100_000, heap.peak());
        for (int i = 1; i <= 100_000 - 100; i++) {
            assertEquals(i, heap.poll());
        }
        assertTrue(heap.peak() < 100_000 / 16, "copied small once under a sixteenth: " + heap.peak());
        assertEquals(99_901, heap.peek(), "the order survives the copies");
        heap.add(0);
        assertEquals(0, heap.poll());
    }
}
