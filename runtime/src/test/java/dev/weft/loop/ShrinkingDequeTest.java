package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The deque behaves as an ArrayDeque whatever it does, and sizes itself small again after a burst. */
class ShrinkingDequeTest {
    private final ShrinkingDeque<Integer> deque = new ShrinkingDeque<>();
    private final ArrayDeque<Integer> reference = new ArrayDeque<>();

    private void assertSame() {
        assertEquals(new ArrayList<>(reference), list(), "contents");
        assertEquals(reference.size(), deque.size());
        assertEquals(reference.isEmpty(), deque.isEmpty());
        assertEquals(reference.peekFirst(), deque.peekFirst());
        assertEquals(reference.peekLast(), deque.peekLast());
    }

    private List<Integer> list() {
        List<Integer> out = new ArrayList<>();
        deque.forEach(out::add);
        return out;
    }

    @Test
    void randomOperationsThroughBurstsAgreeWithAnArrayDeque() {
        Random random = new Random(20261123);
        int next = 0;
        for (int round = 0; round < 6; round++) {
            int burst = 1 + random.nextInt(30_000);
            for (int i = 0; i < burst; i++) {
                Integer e = next++;
                if (random.nextInt(5) == 0) {
                    deque.addFirst(e);
                    reference.addFirst(e);
                } else {
                    deque.addLast(e);
                    reference.addLast(e);
                }
            }
            assertSame();
            while (!reference.isEmpty()) {
                int kind = random.nextInt(100);
                if (kind < 90) {
                    assertEquals(reference.pollFirst(), deque.pollFirst());
                } else if (kind < 99) {
                    Integer e = reference.isEmpty() ? -1 : reference.peekLast();
                    assertEquals(reference.remove(e), deque.remove(e));
                } else {
                    int mod = 2 + random.nextInt(5);
                    assertEquals(reference.removeIf(e -> e % mod == 0), deque.removeIf(e -> e % mod == 0));
                }
                if (random.nextInt(1000) == 0) {
                    assertSame();
                }
            }
            assertSame();
            assertNull(deque.pollFirst());
        }
    }

    @Test
    void aDrainedBurstIsSizedSmallAgain() {
        for (int i = 0; i < 100_000; i++) {
            deque.addLast(i);
        }
        assertEquals(100_000, deque.peak());
        for (int i = 0; i < 100_000 - 100; i++) {
            assertEquals(i, deque.pollFirst());
        }
        assertTrue(deque.peak() < 100_000 / 16, "copied small once under a sixteenth: " + deque.peak());
        assertEquals(100, deque.size());
        assertEquals(99_900, deque.peekFirst());
        deque.clear();
        assertTrue(deque.isEmpty());
    }

    @Test
    void aDequeNeverLongerThanTheThresholdKeepsItsArray() {
        for (int i = 0; i < ShrinkingDeque.SHRINK_ABOVE; i++) {
            deque.addLast(i);
        }
        while (deque.pollFirst() != null) {
            // drain
        }
        assertEquals(ShrinkingDeque.SHRINK_ABOVE, deque.peak(), "not copied: it never grew past the threshold");
    }
}
