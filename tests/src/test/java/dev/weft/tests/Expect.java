package dev.weft.tests;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ordering checks in the style of kotlinx.coroutines' {@code TestBase}: {@code expect(n)} asserts that it is
 * the n-th step of the test, {@code finish(n)} that it is the last. Thread-safe, so steps may run on the
 * threads that resume a coroutine.
 */
final class Expect {
    private final AtomicInteger step = new AtomicInteger();
    private volatile boolean finished;

    /** Asserts that this is step {@code n} (steps count from 1). */
    void expect(int n) {
        if (finished) {
            throw new AssertionError("step " + n + " came after finish");
        }
        int actual = step.incrementAndGet();
        if (actual != n) {
            throw new AssertionError("expected step " + n + " here, but this is step " + actual);
        }
    }

    /** Asserts that this is step {@code n} and that no step follows. */
    void finish(int n) {
        expect(n);
        finished = true;
    }
}
