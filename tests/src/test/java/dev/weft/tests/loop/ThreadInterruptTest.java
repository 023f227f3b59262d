package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Thread#interrupt} of the thread a loop runs on, Java's way to ask a thread to stop (an
 * executor's {@code shutdownNow}, {@code Future.cancel(true)}, a structured scope): it cancels what the
 * loop runs, the coroutine unwinds, and the run ends with the interrupt status set again. A selector does
 * not block on an interrupted thread, so a loop that left the status set would spin.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadInterruptTest {
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);

    /** Waits long; when cancelled, cleans up for {@code cleanup} seconds of awaiting, then rethrows. */
    @Async
    Coroutine<String> serve(double cleanup) {
        try {
            started.countDown();
            await(Asyncio.sleep(3600));
            return done("slept");
        } catch (CancelledError e) {
            log.add("cancelled: " + e.getMessage());
            throw e;
        } finally {
            await(Asyncio.sleep(cleanup));
            log.add("cleaned up");
        }
    }

    /** What a run on another thread ended with, and whether that thread's interrupt status was set then. */
    private record Outcome(Object result, boolean interruptedAfter, long cpuNanos) {}

    private Outcome runInterrupted(double cleanup) throws InterruptedException {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread runner = new Thread(() -> {
            Object result;
            try {
                result = Asyncio.run(serve(cleanup));
            } catch (RuntimeException | Error e) {
                result = e;
            }
            outcome.set(new Outcome(result, Thread.currentThread().isInterrupted(),
                    threads.getCurrentThreadCpuTime()));
        }, "loop");
        runner.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        runner.interrupt();
        runner.join(20_000);
        assertFalse(runner.isAlive(), "the run ended");
        return outcome.get();
    }

    @Test
    void anInterruptCancelsTheMainTaskWhichUnwindsThenRunThrowsCancelledError() throws Exception {
        Outcome o = runInterrupted(0.01);
        assertTrue(o.result() instanceof CancelledError, String.valueOf(o.result()));
        assertEquals(List.of("cancelled: the event loop's thread was interrupted", "cleaned up"), log);
        assertTrue(o.interruptedAfter(), "the interrupt status is set again");
    }

    @Test
    void theLoopBlocksWhileTheCancelledTaskAwaitsItsCleanUp() throws Exception {
        Outcome o = runInterrupted(1.0);
        assertEquals(List.of("cancelled: the event loop's thread was interrupted", "cleaned up"), log);
        // a loop spinning in a selector that never blocks would burn the second of clean-up
        assertTrue(o.cpuNanos() < 500_000_000L, "the loop thread's CPU time: " + o.cpuNanos() / 1_000_000 + " ms");
    }

    @Test
    void shutdownNowEndsAServerRunningInAnExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<?> run = executor.submit(() -> Asyncio.run(serve(0.01)));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS), "the executor terminated");
        assertTrue(run.isDone());
        assertEquals(List.of("cancelled: the event loop's thread was interrupted", "cleaned up"), log);
    }

    @Test
    void aThreadInterruptedBeforeTheRunEndsItBeforeTheBodyRuns() {
        Thread.currentThread().interrupt();
        try {
            Asyncio.run(serve(0));
            throw new AssertionError("the run should have been cancelled");
        } catch (CancelledError expected) {
            assertTrue(Thread.interrupted(), "the interrupt status is set again (and cleared here)");
        }
        assertEquals(1, started.getCount(), "the body never started, as a task cancelled before its first step");
        assertEquals(List.of(), log);
    }

    @Test
    void anInterruptStopsRunForeverAtOnce() {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            loop.callSoon(() -> Thread.currentThread().interrupt());
            loop.callLater(10, () -> log.add("the timer stopped it"));
            loop.callLater(10, loop::stop);
            loop.runForever();
            assertTrue(Thread.interrupted(), "the interrupt status is set again (and cleared here)");
            assertEquals(List.of(), log);
        } finally {
            loop.close();
        }
    }
}
