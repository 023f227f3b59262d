package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventLoopTest extends LoopFixture {

    @Test
    void callSoonRunsCallbacksInOrder() {
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.callSoon(() -> calls.add(n));
        }
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of(0, 1, 2, 3, 4), calls);
    }

    @Test
    void callbacksScheduledByCallbacksRunAtTheNextIteration() {
        List<String> calls = new ArrayList<>();
        loop.callSoon(() -> {
            calls.add("a");
            loop.callSoon(() -> calls.add("c"));
        });
        loop.callSoon(() -> calls.add("b"));
        loop.runOnce();
        assertEquals(List.of("a", "b"), calls);
        loop.runOnce();
        assertEquals(List.of("a", "b", "c"), calls);
    }

    @Test
    void threadsafeCallsKeepTheirPlaceFromTheOwnerThread() {
        List<String> calls = new ArrayList<>();
        loop.callSoon(() -> calls.add("a"));
        loop.callSoonThreadsafe(() -> calls.add("b"));
        loop.callSoon(() -> calls.add("c"));
        loop.runOnce();
        assertEquals(List.of("a", "b", "c"), calls);
    }

    @Test
    void timersRunInDeadlineOrderTiesFirstInFirstOut() {
        List<String> calls = new ArrayList<>();
        loop.callLater(2, () -> calls.add("2a"));
        loop.callLater(1, () -> calls.add("1"));
        loop.callLater(2, () -> calls.add("2b"));
        loop.callAt(0.5, () -> calls.add("0.5"));
        loop.callLater(2, () -> calls.add("2c"));
        loop.callLater(3, loop::stop);
        loop.runForever();
        assertEquals(List.of("0.5", "1", "2a", "2b", "2c"), calls);
        assertEquals(3.0, loop.time());
    }

    @Test
    void timerHandleKnowsItsDeadlineAndCanBeCancelled() {
        clock.advance(10);
        List<String> calls = new ArrayList<>();
        TimerHandle h = loop.callLater(5, () -> calls.add("cancelled"));
        assertEquals(15.0, h.when());
        assertFalse(h.cancelled());
        h.cancel();
        assertTrue(h.cancelled());
        loop.callLater(6, loop::stop);
        loop.runForever();
        assertEquals(List.of(), calls);
        assertEquals(16.0, loop.time());
        assertEquals(0, loop.scheduledTimerCount());
    }

    @Test
    void cancelledHandleDoesNotRun() {
        List<String> calls = new ArrayList<>();
        Handle h = loop.callSoon(() -> calls.add("x"));
        h.cancel();
        runBriefly();
        assertTrue(h.cancelled());
        assertEquals(List.of(), calls);
    }

    @Test
    void manyCancelledTimersAreCompactedAway() {
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            handles.add(loop.callLater(100 + i, () -> { }));
        }
        for (int i = 0; i < 600; i++) {
            handles.get(999 - i).cancel();
        }
        assertEquals(1000, loop.scheduledTimerCount());
        loop.callSoon(() -> { });
        loop.runOnce();
        assertEquals(400, loop.scheduledTimerCount());
        assertEquals(0.0, loop.time());
    }

    @Test
    void fewCancelledTimersAreOnlyDroppedFromTheHead() {
        TimerHandle first = loop.callLater(1, () -> { });
        TimerHandle last = loop.callLater(10, () -> { });
        loop.callLater(5, () -> { });
        first.cancel();
        last.cancel();
        loop.callSoon(() -> { });
        loop.runOnce();
        assertEquals(2, loop.scheduledTimerCount());
    }

    @Test
    void virtualTimeJumpsToTheNextTimer() {
        assertEquals(0.0, loop.time());
        run(Asyncio.sleep(3600));
        assertEquals(3600.0, loop.time());
    }

    @Test
    void runForeverOnARunningLoopFails() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        loop.callSoon(() -> {
            error.set(assertThrows(IllegalStateException.class, loop::runForever));
            loop.stop();
        });
        loop.runForever();
        assertEquals("This event loop is already running", error.get().getMessage());
    }

    @Test
    void runningAnotherLoopInsideALoopFails() {
        SelectorEventLoop other = new SelectorEventLoop(new VirtualClock());
        try {
            AtomicReference<Throwable> error = new AtomicReference<>();
            loop.callSoon(() -> {
                error.set(assertThrows(IllegalStateException.class, other::runForever));
                loop.stop();
            });
            loop.runForever();
            assertEquals("Cannot run the event loop while another loop is running", error.get().getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void closedLoopRefusesEverything() {
        loop.close();
        assertTrue(loop.isClosed());
        assertEquals("Event loop is closed", assertThrows(IllegalStateException.class, loop::runForever).getMessage());
        assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(() -> { }));
        assertThrows(IllegalStateException.class, () -> loop.callLater(1, () -> { }));
        loop.close();
    }

    @Test
    void closingARunningLoopFails() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        loop.callSoon(() -> {
            error.set(assertThrows(IllegalStateException.class, loop::close));
            loop.stop();
        });
        loop.runForever();
        assertEquals("Cannot close a running event loop", error.get().getMessage());
        assertFalse(loop.isClosed());
    }

    @Test
    void isRunningWhileRunning() {
        assertFalse(loop.isRunning());
        AtomicReference<Boolean> running = new AtomicReference<>();
        loop.callSoon(() -> running.set(loop.isRunning()));
        runBriefly();
        assertTrue(running.get());
        assertFalse(loop.isRunning());
    }

    @Test
    void stopBeforeRunRunsOneIteration() {
        List<String> calls = new ArrayList<>();
        loop.callSoon(() -> calls.add("a"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("a"), calls);
    }

    @Test
    void runUntilCompleteOfAStoppedLoopReportsIt() {
        Future<Integer> never = loop.createFuture();
        loop.callSoon(loop::stop);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(never));
        assertEquals("Event loop stopped before Future completed.", e.getMessage());
    }

    @Test
    void runUntilCompleteThrowsTheFailureItself() {
        Future<Integer> f = loop.createFuture();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        loop.callSoon(() -> f.setException(boom));
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(f)));
    }

    @Test
    void failingCallbackIsReportedWithContext() {
        RuntimeException boom = new RuntimeException("boom");
        Handle h = loop.callSoon(() -> {
            throw boom;
        });
        List<String> after = new ArrayList<>();
        loop.callSoon(() -> after.add("still running"));
        runBriefly();
        assertEquals(1, errors.size());
        assertTrue(errorMessages().get(0).startsWith("Exception in callback "));
        assertSame(boom, errors.get(0).get("exception"));
        assertSame(h, errors.get(0).get("handle"));
        assertEquals(List.of("still running"), after);
    }

    @Test
    void exceptionHandlerAccessors() {
        ExceptionHandler h = loop.getExceptionHandler();
        assertNotNull(h);
        loop.setExceptionHandler(null);
        assertNull(loop.getExceptionHandler());
    }

    @Test
    void defaultHandlerLogsMessageKeysAndException() {
        loop.setExceptionHandler(null);
        List<LogRecord> records = captureLog(() -> {
            java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
            context.put("message", "something broke");
            context.put("exception", new IllegalStateException("why"));
            context.put("zeta", "last");
            context.put("alpha", "first");
            loop.callExceptionHandler(context);
        });
        assertEquals(1, records.size());
        LogRecord r = records.get(0);
        assertEquals(java.util.logging.Level.SEVERE, r.getLevel());
        assertEquals("something broke\nalpha: first\nzeta: last", r.getMessage());
        assertEquals("why", r.getThrown().getMessage());
    }

    @Test
    void failingHandlerFallsBackToTheDefaultOne() {
        loop.setExceptionHandler((l, c) -> {
            throw new IllegalStateException("handler bug");
        });
        List<LogRecord> records = captureLog(() -> loop.callExceptionHandler(java.util.Map.of("message", "first")));
        assertEquals(1, records.size());
        assertTrue(records.get(0).getMessage().startsWith("Unhandled error in exception handler"));
        assertEquals("handler bug", records.get(0).getThrown().getMessage());
    }

    /** Runs {@code call} on another thread while the loop runs; returns what it threw. */
    private Throwable thrownOnAForeignThread(Runnable call) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
            done.countDown();
        });
        loop.callSoon(t::start); // once the loop runs, so that it has a thread of its own
        loop.runUntilComplete(Asyncio.wrapFuture(java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }), loop));
        return thrown.get();
    }

    @Test
    void foreignThreadsAreRefusedInAnyMode() {
        Throwable refused = thrownOnAForeignThread(() -> loop.callSoon(() -> { }));
        assertFalse(loop.getDebug(), "asyncio refuses in debug mode only; weft always");
        assertTrue(refused.getMessage().startsWith(
                "Non-thread-safe operation invoked on an event loop other than the current one; from another"
                + " thread, use loop.callSoonThreadsafe"), refused.getMessage());
    }

    @Test
    void aTaskFromAForeignThreadIsRefusedBeforeTheLoopKnowsIt() {
        Throwable refused = thrownOnAForeignThread(() -> loop.createTask(Asyncio.sleep(0)));
        assertTrue(refused.getMessage().startsWith(
                "Non-thread-safe operation invoked on an event loop other than the current one; from another"
                + " thread, use loop.callSoonThreadsafe"), refused.getMessage());
        assertEquals(java.util.Set.of(), loop.allTasks(), "a refused task is not one of the loop's tasks");
    }

    @Test
    void aFutureCompletedFromAForeignThreadIsRefusedAndLeftPending() {
        Future<String> future = loop.createFuture();
        for (Runnable call : List.<Runnable>of(() -> future.setResult("x"),
                () -> future.setException(new RuntimeException()), future::cancel,
                () -> future.addDoneCallback(f -> { }))) {
            Throwable refused = thrownOnAForeignThread(call);
            assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
            assertFalse(future.done(), "a refused call changes nothing");
        }
        future.setResult("on the loop's thread");
        assertEquals("on the loop's thread", future.result());
    }

    @Test
    void primitivesBoundToARunningLoopRefuseForeignThreadsBeforeChangingAnything() {
        Event event = new Event();
        Queue<String> queue = new Queue<>();
        Task<Boolean> waitsForTheEvent = loop.createTask(event.untilSet());
        Task<String> waitsForAnItem = loop.createTask(queue.get());
        Throwable refusedSet = thrownOnAForeignThread(event::set);
        Throwable refusedPut = thrownOnAForeignThread(() -> queue.putNowait("x"));
        assertTrue(refusedSet instanceof IllegalStateException, String.valueOf(refusedSet));
        assertTrue(refusedPut instanceof IllegalStateException, String.valueOf(refusedPut));
        assertFalse(event.isSet(), "a refused set() changes nothing");
        assertEquals(0, queue.qsize(), "a refused putNowait adds nothing");
        loop.callSoon(event::set);
        loop.callSoon(() -> queue.putNowait("y"));
        assertEquals(true, loop.runUntilComplete(waitsForTheEvent));
        assertEquals("y", loop.runUntilComplete(waitsForAnItem));
    }

    @Test
    void debugModeLogsSlowCallbacks() {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.05);
        List<LogRecord> records = captureLog(() -> {
            loop.callSoon(() -> clock.advance(0.2));
            loop.callSoon(() -> clock.advance(0.01));
            runBriefly();
        });
        assertEquals(1, records.size(), records.toString());
        assertTrue(records.get(0).getMessage().matches("Executing Handle\\[.*\\] took 0\\.200 seconds"),
                records.get(0).getMessage());
    }

    @Test
    void debugModeHandlesRememberWhereTheyWereCreated() {
        loop.setDebug(true);
        Handle h = loop.callSoon(() -> {
            throw new RuntimeException("x");
        });
        runBriefly();
        @SuppressWarnings("unchecked")
        List<StackTraceElement> where = (List<StackTraceElement>) errors.get(0).get("source_traceback");
        assertEquals(getClass().getName(), where.get(0).getClassName());
        assertEquals("debugModeHandlesRememberWhereTheyWereCreated", where.get(0).getMethodName());
        assertSame(h, errors.get(0).get("handle"));
    }

    @Test
    void runInExecutorDeliversOnTheLoopThread() {
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            Future<String> f = real.runInExecutor(null, () -> Thread.currentThread().getName());
            assertTrue(real.runUntilComplete(f).startsWith("weft-loop-executor-"));
            Future<Object> failing = real.runInExecutor(null, () -> {
                throw new java.io.IOException("io");
            });
            assertEquals("io", assertThrows(java.io.IOException.class, () -> real.runUntilComplete(failing)).getMessage());
        } finally {
            real.close();
        }
        assertThrows(IllegalStateException.class, () -> real.runInExecutor(null, () -> 1));
    }

    @Test
    void runInExecutorUsesTheGivenOrDefaultExecutor() {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            assertEquals("mine", real.runUntilComplete(real.runInExecutor(pool, () -> Thread.currentThread().getName())));
            real.setDefaultExecutor(pool);
            assertEquals("mine", real.runUntilComplete(real.runInExecutor(null, () -> Thread.currentThread().getName())));
            real.runUntilComplete(real.shutdownDefaultExecutor());
            assertTrue(pool.isShutdown());
            assertEquals("Executor shutdown has been called",
                    assertThrows(IllegalStateException.class, () -> real.runInExecutor(null, () -> 1)).getMessage());
        } finally {
            real.close();
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(10)
    void callSoonThreadsafeWakesABlockedLoop() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            Future<String> f = real.createFuture();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                real.callSoonThreadsafe(() -> f.setResult("woken"));
            });
            t.start();
            assertEquals("woken", real.runUntilComplete(f));
            t.join();
        } finally {
            real.close();
        }
    }

    @Test
    @Timeout(10)
    void stopFromAnotherThreadWakesTheLoop() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            CountDownLatch running = new CountDownLatch(1);
            real.callSoon(running::countDown);
            Thread t = new Thread(() -> {
                try {
                    running.await();
                } catch (InterruptedException e) {
                    return;
                }
                real.stop();
            });
            t.start();
            real.runForever();
            t.join();
            assertFalse(real.isRunning());
        } finally {
            real.close();
        }
    }

    @Test
    @Timeout(60)
    void callSoonThreadsafeFromManyThreadsRunsEachCallbackOnce() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        int threads = 8;
        int perThread = 20_000;
        AtomicReferenceArray<Integer> runs = new AtomicReferenceArray<>(threads * perThread);
        AtomicInteger total = new AtomicInteger();
        Future<Void> allDone = real.createFuture();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                producers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        real.callSoonThreadsafe(() -> {
                            runs.accumulateAndGet(id, 1, (a, b) -> a == null ? b : a + b);
                            order.add(id);
                            if (total.incrementAndGet() == threads * perThread) {
                                allDone.setResult(null);
                            }
                        });
                    }
                }));
            }
            producers.forEach(Thread::start);
            real.runUntilComplete(allDone);
            for (Thread p : producers) {
                p.join();
            }
        } finally {
            real.close();
        }
        for (int i = 0; i < threads * perThread; i++) {
            assertEquals(1, runs.get(i), "callback " + i);
        }
        // each producer's callbacks ran in the order it scheduled them
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (int id : order) {
            int t = id / perThread;
            assertTrue(id > last[t]);
            last[t] = id;
        }
    }

    @Test
    void taskFactoryIsUsed() {
        assertNull(loop.getTaskFactory());
        List<String> made = new ArrayList<>();
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> newTask(EventLoop l, dev.weft.Coroutine<T> coro, String name) {
                made.add(name);
                return new Task<>(l, coro, name);
            }
        });
        Task<Object> t = loop.createTask(Script.of(v -> Script.ret(1)), "named");
        assertEquals("named", t.getName());
        assertEquals(1, run(t));
        assertEquals(List.of("named"), made);
        assertNotNull(loop.getTaskFactory());
    }

    @Test
    void toStringSaysState() {
        assertEquals("SelectorEventLoop[idle, debug=false]", loop.toString());
        loop.close();
        assertEquals("SelectorEventLoop[closed, debug=false]", loop.toString());
    }

    static List<LogRecord> captureLog(Runnable action) {
        Logger logger = Logger.getLogger("dev.weft.loop");
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        boolean parent = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(h);
        try {
            action.run();
        } finally {
            logger.removeHandler(h);
            logger.setUseParentHandlers(parent);
        }
        return records;
    }
}
