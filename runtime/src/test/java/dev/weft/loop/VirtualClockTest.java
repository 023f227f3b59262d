package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link VirtualClock}: jumps to the next timer when the loop would wait, at once or once the loop has been
 * idle for the clock's autojump threshold in real time; {@link VirtualClock#advance} moves it by hand.
 * Real-time bounds are only asserted from below (what the clock must not do before), never from above.
 */
@Timeout(60)
class VirtualClockTest {
    private SelectorEventLoop loop;

    private SelectorEventLoop loopOn(VirtualClock clock) {
        loop = new SelectorEventLoop(clock);
        return loop;
    }

    @AfterEach
    void closeLoop() {
        if (loop != null && !loop.isClosed()) {
            loop.close();
        }
    }

    @Test
    void jumpsToTheNextTimerAtOnceByDefault() {
        VirtualClock clock = new VirtualClock(5);
        loopOn(clock).runUntilComplete(Asyncio.sleep(3600));
        assertEquals(3605.0, loop.time());
        assertEquals(0.0, clock.autojumpThreshold());
    }

    @Test
    void atThresholdZeroATimeoutFiresWhileExecutorWorkRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        loopOn(new VirtualClock());
        try {
            Future<String> job = loop.runInExecutor(null, () -> {
                release.await();
                return "done";
            });
            assertThrows(TimeoutError.class, () -> loop.runUntilComplete(Asyncio.waitFor(job, 5.0)));
            assertEquals(5.0, loop.time());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aThresholdGivesExecutorWorkTimeToReportBack() {
        loopOn(new VirtualClock(0, 30));
        Future<String> job = loop.runInExecutor(null, () -> {
            Thread.sleep(200);
            return "done";
        });
        assertEquals("done", loop.runUntilComplete(Asyncio.waitFor(job, 5.0)));
        assertEquals(0.0, loop.time(), "the clock must not jump while the loop waits for the job");
    }

    @Test
    void jumpsOnceTheLoopHasBeenIdleForTheThreshold() {
        loopOn(new VirtualClock(0, 0.2));
        long t0 = System.nanoTime();
        loop.runUntilComplete(Asyncio.sleep(3600));
        double real = (System.nanoTime() - t0) / 1e9;
        assertEquals(3600.0, loop.time());
        assertTrue(real >= 0.2, "jumped after " + real + " s of real time, before the 0.2 s threshold");
    }

    @Test
    void eachIterationThatRunsSomethingStartsTheIdleSpellOver() throws InterruptedException {
        loopOn(new VirtualClock(0, 0.5));
        Thread pinger = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
            while (System.nanoTime() < end) {
                loop.callSoonThreadsafe(() -> { });
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        pinger.start();
        loop.runUntilComplete(Asyncio.sleep(1));
        double real = (System.nanoTime() - t0) / 1e9;
        pinger.join();
        assertEquals(1.0, loop.time());
        // pings every 20 ms for 0.6 s keep the loop busy; the 0.5 s spell can only start after the last one
        assertTrue(real >= 1.0, "jumped after " + real + " s of real time, while the loop was still busy");
    }

    @Test
    void atInfiniteThresholdOnlyAdvanceMovesTime() throws InterruptedException {
        VirtualClock clock = new VirtualClock(0, Double.POSITIVE_INFINITY);
        loopOn(clock);
        Thread mover = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            clock.advance(2);
            loop.callSoonThreadsafe(() -> { }); // the loop sees the new time when it next wakes
        });
        long t0 = System.nanoTime();
        mover.start();
        loop.runUntilComplete(Asyncio.sleep(1));
        double real = (System.nanoTime() - t0) / 1e9;
        mover.join();
        assertEquals(2.0, loop.time());
        assertTrue(real >= 0.2, "the sleep ended after " + real + " s, before the clock was advanced");
    }

    @Test
    void blockForCountsTheThresholdFromTheLoopsLastWork() throws InterruptedException {
        VirtualClock clock = new VirtualClock(0, 0.1);
        double first = clock.blockFor(10);
        assertTrue(first > 0 && first <= 0.1, "blocks for what is left of the threshold: " + first);
        assertEquals(0.0, clock.time());
        Thread.sleep(120);
        assertEquals(0.0, clock.blockFor(10));
        assertEquals(10.0, clock.time());
        assertTrue(clock.blockFor(20) > 0, "the next deadline needs an idle spell of its own");
        Thread.sleep(120);
        clock.ranCallbacks();
        assertTrue(clock.blockFor(20) > 0, "work ends the idle spell");
        assertEquals(10.0, clock.time());
        assertEquals(0.0, clock.blockFor(10), "a deadline already passed is due without waiting");
        assertEquals(Double.POSITIVE_INFINITY, clock.blockFor(Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsANegativeOrUndefinedThreshold() {
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock().advance(-1));
    }
}
