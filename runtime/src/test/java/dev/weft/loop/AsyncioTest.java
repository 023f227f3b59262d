package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncioTest extends LoopFixture {

    private SelectorEventLoop virtualLoop() {
        return loop;
    }

    // ------------------------------------------------------------------ run

    @Test
    void runReturnsTheResultAndClosesTheLoop() {
        AtomicReference<EventLoop> used = new AtomicReference<>();
        Object r = Asyncio.run(Script.of(v -> {
            used.set(Asyncio.getRunningLoop());
            return Asyncio.sleep(10);
        }, v -> Script.ret("done")), this::virtualLoop);
        assertEquals("done", r);
        assertTrue(used.get().isClosed());
        assertEquals(10.0, used.get().time());
    }

    @Test
    void runCancelsLeftoverTasks() {
        AtomicReference<Task<Object>> leftover = new AtomicReference<>();
        List<String> cleanup = new ArrayList<>();
        Asyncio.run(Script.of(v -> {
            leftover.set(Asyncio.createTask(Script.of(x -> Asyncio.sleep(1000)).onError(e -> {
                cleanup.add("cleaned up after " + e.getClass().getSimpleName());
                throw (CancelledError) e;
            })));
            return null;
        }), this::virtualLoop);
        assertTrue(leftover.get().cancelled());
        assertEquals(List.of("cleaned up after CancelledError"), cleanup);
    }

    @Test
    void runReportsLeftoverTasksThatFailOnCancellation() {
        Asyncio.run(Script.of(v -> {
            Asyncio.createTask(Script.of(x -> Asyncio.sleep(1000)).onError(e -> {
                throw new IllegalStateException("refused to die");
            }));
            return null;
        }), this::virtualLoop);
        assertEquals(List.of("unhandled exception during Asyncio.run() shutdown"), errorMessages());
    }

    @Test
    void runThrowsTheFailureOfMain() {
        IllegalStateException boom = new IllegalStateException("main failed");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Asyncio.run(Script.of(v -> {
            throw boom;
        }), this::virtualLoop)));
        assertTrue(loop.isClosed());
    }

    @Test
    void runInsideARunningLoopIsRefused() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        run(Script.of(v -> {
            error.set(assertThrows(IllegalStateException.class, () -> Asyncio.run(Script.of(x -> Script.ret(1)))));
            return Script.ret(null);
        }));
        assertEquals("Asyncio.run() cannot be called from a running event loop", error.get().getMessage());
    }

    @Test
    void runOnTheSystemClock() {
        assertEquals(3, (int) Asyncio.<Integer>run(LoopCoroutine.typed(Script.of(v -> Asyncio.sleep(0.001), v -> Script.ret(3)))));
        assertEquals(4, (int) Asyncio.<Integer>run(LoopCoroutine.typed(Script.of(v -> Script.ret(4))), true));
    }

    @Test
    void getRunningLoopOutsideALoopFails() {
        String message = assertThrows(IllegalStateException.class, Asyncio::getRunningLoop).getMessage();
        assertTrue(message.startsWith("no running event loop: "), message);
        assertTrue(message.contains("Asyncio.run(main())"), "where a loop comes from: " + message);
        assertTrue(message.contains("thread \"" + Thread.currentThread().getName() + "\" runs none"), message);
        assertTrue(message.contains("CompletableFuture @Async method resumes"), "the usual way out: " + message);
        assertInstanceOf(SelectorEventLoop.class, Asyncio.newEventLoop());
    }

    // ------------------------------------------------------------------ sleep

    @Test
    void sleepTakesLoopTime() {
        run(Asyncio.sleep(Duration.ofMillis(1500)));
        assertEquals(1.5, loop.time());
        assertEquals("x", run(Asyncio.sleep(2, "x")));
        assertEquals(3.5, loop.time());
    }

    @Test
    void sleepZeroYieldsOnceToOtherTasks() {
        List<String> order = new ArrayList<>();
        Task<Object> a = loop.createTask(Script.of(v -> {
            order.add("a1");
            return Asyncio.sleep(0);
        }, v -> {
            order.add("a2");
            return Script.ret(null);
        }));
        Task<Object> b = loop.createTask(Script.of(v -> {
            order.add("b1");
            return Script.ret(null);
        }));
        run(Asyncio.gather(a, b));
        assertEquals(List.of("a1", "b1", "a2"), order);
        assertEquals(0.0, loop.time());
    }

    @Test
    void cancellingASleepingTaskCancelsItsTimer() {
        Task<Void> t = loop.createTask(Asyncio.sleep(100));
        runBriefly();
        assertEquals(1, loop.scheduledTimerCount());
        t.cancel();
        assertThrows(CancelledError.class, () -> run(t));
        loop.callSoon(() -> { });
        loop.runOnce();
        assertEquals(0, loop.scheduledTimerCount());
        assertEquals(0.0, loop.time());
    }

    @Test
    void sleepRefusesNaN() {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.sleep(Double.NaN));
    }

    // ------------------------------------------------------------------ gather

    @Test
    void gatherReturnsResultsInInputOrder() {
        Coroutine<Integer> slow = Asyncio.sleep(3, 1);
        Coroutine<Integer> fast = Asyncio.sleep(1, 2);
        Future<Integer> ready = loop.createFuture();
        ready.setResult(3);
        List<Integer> results = run(Asyncio.gather(slow, fast, ready));
        assertEquals(List.of(1, 2, 3), results);
        assertEquals(3.0, loop.time());
    }

    @Test
    void gatherOfNothingIsAnEmptyList() {
        List<Object> none = run(LoopCoroutine.typed(Script.of(v -> Asyncio.gather(), Script::ret)));
        assertEquals(List.of(), none);
    }

    @Test
    void gatherFailsWithTheFirstFailureWhileOthersRunOn() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> failing = loop.createTask(Script.of(v -> Asyncio.sleep(1), v -> {
            throw boom;
        }));
        Task<Integer> slow = loop.createTask(Asyncio.sleep(5, 5));
        Future<List<Object>> all = Asyncio.gather(failing, slow);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(all)));
        assertEquals(1.0, loop.time());
        assertFalse(slow.done());
        assertEquals(5, run(slow));
    }

    @Test
    void gatherWithReturnExceptionsPutsFailuresInTheList() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> failing = loop.createTask(Script.of(v -> {
            throw boom;
        }));
        Task<Integer> cancelled = loop.createTask(Asyncio.sleep(5, 5));
        cancelled.cancel("no");
        List<Object> results = run(Asyncio.gather(true, failing, Asyncio.sleep(1, "ok"), cancelled));
        assertSame(boom, results.get(0));
        assertEquals("ok", results.get(1));
        assertInstanceOf(CancelledError.class, results.get(2));
        assertEquals("no", ((CancelledError) results.get(2)).getMessage());
        loop.close();
        assertEquals(List.of(), errors, "gather retrieved the exceptions");
    }

    @Test
    void cancellingTheGatherCancelsTheChildren() {
        Task<Void> a = loop.createTask(Asyncio.sleep(10));
        Task<Void> b = loop.createTask(Asyncio.sleep(20));
        Future<List<Void>> all = Asyncio.gather(a, b);
        runBriefly();
        assertTrue(all.cancel());
        assertThrows(CancelledError.class, () -> run(all));
        assertTrue(a.cancelled());
        assertTrue(b.cancelled());
    }

    @Test
    void gatherWithReturnExceptionsStillEndsCancelledWhenCancelled() {
        Task<Void> a = loop.createTask(Asyncio.sleep(10));
        Future<List<Object>> all = Asyncio.gather(true, a);
        runBriefly();
        all.cancel();
        assertThrows(CancelledError.class, () -> run(all));
    }

    @Test
    void gatherAwaitsTheSameAwaitableOnce() {
        Task<Integer> t = loop.createTask(Asyncio.sleep(1, 7));
        assertEquals(List.of(7, 7), run(Asyncio.gather(t, t)));
    }

    @Test
    void cancellingATaskAwaitingGatherCancelsTheChildren() {
        AtomicReference<Future<List<Void>>> inner = new AtomicReference<>();
        Task<Object> outer = loop.createTask(Script.of(v -> {
            inner.set(Asyncio.gather(Asyncio.sleep(10), Asyncio.sleep(20)));
            return inner.get();
        }));
        runBriefly();
        outer.cancel();
        assertThrows(CancelledError.class, () -> run(outer));
        assertThrows(CancelledError.class, () -> run(inner.get()));
    }

    // ------------------------------------------------------------------ wait

    @Test
    void waitAllCompleted() {
        Task<Integer> a = loop.createTask(Asyncio.sleep(1, 1));
        Task<Integer> b = loop.createTask(Asyncio.sleep(2, 2));
        WaitResult<Task<Integer>> r = run(Asyncio.wait(List.of(a, b)));
        assertEquals(Set.of(a, b), r.done());
        assertEquals(Set.of(), r.pending());
        assertEquals(2.0, loop.time());
    }

    @Test
    void waitFirstCompleted() {
        Task<Integer> a = loop.createTask(Asyncio.sleep(1, 1));
        Task<Integer> b = loop.createTask(Asyncio.sleep(2, 2));
        WaitResult<Task<Integer>> r = run(Asyncio.wait(List.of(a, b), Asyncio.FIRST_COMPLETED));
        assertEquals(Set.of(a), r.done());
        assertEquals(Set.of(b), r.pending());
        assertEquals(1.0, loop.time());
    }

    @Test
    void waitFirstException() {
        Task<Integer> ok = loop.createTask(Asyncio.sleep(1, 1));
        Task<Object> bad = loop.createTask(Script.of(v -> Asyncio.sleep(2), v -> {
            throw new IllegalStateException("bad");
        }));
        Task<Integer> slow = loop.createTask(Asyncio.sleep(9, 9));
        List<Task<?>> all = List.of(ok, bad, slow);
        WaitResult<Task<?>> r = run(Asyncio.wait(all, ReturnWhen.FIRST_EXCEPTION));
        assertEquals(Set.of(ok, bad), r.done());
        assertEquals(Set.of(slow), r.pending());
        assertEquals(2.0, loop.time());
    }

    @Test
    void waitFirstExceptionWithoutExceptionsWaitsForAll() {
        Task<Integer> a = loop.createTask(Asyncio.sleep(1, 1));
        Task<Integer> b = loop.createTask(Asyncio.sleep(3, 3));
        WaitResult<Task<Integer>> r = run(Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION));
        assertEquals(2, r.done().size());
        assertEquals(3.0, loop.time());
    }

    @Test
    void waitWithTimeoutLeavesPendingOnesRunning() {
        Task<Integer> a = loop.createTask(Asyncio.sleep(1, 1));
        Task<Integer> b = loop.createTask(Asyncio.sleep(10, 2));
        WaitResult<Task<Integer>> r = run(Asyncio.wait(List.of(a, b), 5.0));
        assertEquals(Set.of(a), r.done());
        assertEquals(Set.of(b), r.pending());
        assertEquals(5.0, loop.time());
        assertFalse(b.cancelled());
        assertEquals(2, run(b));
    }

    @Test
    void waitOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<?>>of()));
    }

    // ------------------------------------------------------------------ asCompleted

    @Test
    void asCompletedYieldsInCompletionOrder() {
        List<Coroutine<Integer>> inputs = List.of(Asyncio.sleep(3, 3), Asyncio.sleep(1, 1), Asyncio.sleep(2, 2));
        List<Object> seen = run(LoopCoroutine.typed(Script.of(v -> {
            List<Coroutine<Integer>> next = Asyncio.asCompleted(inputs);
            Script<List<Object>> reader = Script.named("reader");
            List<Object> out = new ArrayList<>();
            for (Coroutine<Integer> c : next) {
                reader.then(x -> c).then(x -> {
                    out.add(x + "@" + loop.time());
                    return null;
                });
            }
            return reader.then(x -> Script.ret(out));
        }, Script::ret)));
        assertEquals(List.of("1@1.0", "2@2.0", "3@3.0"), seen);
    }

    @Test
    void asCompletedTimesOut() {
        List<Object> seen = new ArrayList<>();
        run(Script.of(v -> {
            List<Coroutine<Integer>> next = Asyncio.asCompleted(List.of(Asyncio.sleep(1, 1), Asyncio.sleep(10, 10)),
                    5.0);
            return Script.named("reader").then(x -> next.get(0)).then(x -> {
                seen.add(x);
                return next.get(1);
            }).onError(e -> {
                seen.add(e.getClass().getSimpleName() + "@" + loop.time());
                return Script.ret(null);
            });
        }));
        assertEquals(List.of(1, "TimeoutError@5.0"), seen);
    }

    // ------------------------------------------------------------------ waitFor and timeouts

    @Test
    void waitForReturnsInTime() {
        assertEquals("in time", run(Asyncio.waitFor(Asyncio.sleep(1, "in time"), 2)));
        assertEquals(1.0, loop.time());
    }

    @Test
    void waitForTimesOutAndCancelsTheInnerTask() {
        Task<Integer> inner = loop.createTask(Asyncio.sleep(10, 1));
        TimeoutError e = assertThrows(TimeoutError.class, () -> run(Asyncio.waitFor(inner, Duration.ofSeconds(2))));
        assertInstanceOf(CancelledError.class, e.getCause());
        assertTrue(inner.cancelled());
        assertEquals(2.0, loop.time());
    }

    @Test
    void waitForTimesOutAnInlineCoroutine() {
        List<String> seen = new ArrayList<>();
        Coroutine<Object> slow = Script.of(v -> Asyncio.sleep(10)).onError(e -> {
            seen.add(e.getClass().getSimpleName());
            throw (CancelledError) e;
        });
        assertThrows(TimeoutError.class, () -> run(Asyncio.waitFor(slow, 2)));
        assertEquals(List.of("CancelledError"), seen);
    }

    @Test
    void waitForReturnsTheValueOfAnInnerThatSwallowsTheCancellation() {
        Coroutine<Object> stubborn = Script.of(v -> Asyncio.sleep(10)).onError(e -> Script.ret("stubborn"));
        assertEquals("stubborn", run(Asyncio.waitFor(stubborn, 2)));
    }

    @Test
    void waitForWithZeroTimeout() {
        Future<Integer> ready = loop.createFuture();
        ready.setResult(5);
        assertEquals(5, run(Asyncio.waitFor(ready, 0)));
        Task<Integer> slow = loop.createTask(Asyncio.sleep(1, 1));
        assertThrows(TimeoutError.class, () -> run(Asyncio.waitFor(slow, 0)));
        assertTrue(slow.cancelled());
    }

    @Test
    void waitForWithoutTimeoutJustAwaits() {
        assertEquals(4, run(Asyncio.waitFor(Asyncio.sleep(100, 4), Double.POSITIVE_INFINITY)));
    }

    @Test
    void cancellingTheWaiterOfWaitForCancelsTheInner() {
        Task<Integer> inner = loop.createTask(Asyncio.sleep(10, 1));
        Task<Integer> outer = loop.createTask(Asyncio.waitFor(inner, 5));
        runBriefly();
        outer.cancel();
        assertThrows(CancelledError.class, () -> run(outer));
        assertTrue(inner.cancelled());
    }

    @Test
    void timeoutScopeRaisesTimeoutError() {
        AtomicReference<Timeout> scope = new AtomicReference<>();
        Coroutine<Object> body = Asyncio.timeout(2, t -> {
            scope.set(t);
            return Script.of(v -> Asyncio.sleep(10));
        });
        assertThrows(TimeoutError.class, () -> run(body));
        assertTrue(scope.get().expired());
        assertEquals(2.0, loop.time());
        assertEquals("Cannot change state of expired Timeout",
                assertThrows(IllegalStateException.class, () -> scope.get().reschedule(5)).getMessage());
    }

    @Test
    void timeoutScopeCanBeRescheduled() {
        Coroutine<Object> body = Asyncio.timeout(2, t -> Script.of(v -> {
            t.reschedule(loop.time() + 20);
            return Asyncio.sleep(10);
        }, v -> Script.ret("rescheduled")));
        assertEquals("rescheduled", run(body));
        assertEquals(10.0, loop.time());
    }

    @Test
    void timeoutScopeLetsAnOutsideCancellationThrough() {
        Task<Object> t = loop.createTask(Asyncio.timeout(5, Script.of(v -> Asyncio.sleep(10))));
        loop.callLater(1, t::cancel);
        assertThrows(CancelledError.class, () -> run(t));
    }

    @Test
    void timeoutAtUsesLoopTime() {
        clock.advance(100);
        assertThrows(TimeoutError.class, () -> run(Asyncio.timeoutAt(103, Asyncio.sleep(10))));
        assertEquals(103.0, loop.time());
        assertEquals(1, run(Asyncio.timeout(Duration.ofSeconds(1), Asyncio.sleep(0.5, 1))));
    }

    @Test
    void timeoutScopeNeedsATask() {
        Coroutine<Void> body = Asyncio.sleep(1);
        Coroutine<Void> scoped = Asyncio.timeout(1, body);
        AtomicReference<Throwable> error = new AtomicReference<>();
        loop.callSoon(() -> error.set(assertThrows(IllegalStateException.class, () -> scoped.send(null))));
        runBriefly();
        assertEquals("Timeout should be used inside a task", error.get().getMessage());
    }

    // ------------------------------------------------------------------ shield

    @Test
    void shieldProtectsTheInnerFromCancellation() {
        Task<Integer> inner = loop.createTask(Asyncio.sleep(5, 5));
        Task<Object> outer = loop.createTask(Script.awaiting(Asyncio.shield(inner)));
        runBriefly();
        outer.cancel();
        assertThrows(CancelledError.class, () -> run(outer));
        assertFalse(inner.cancelled());
        assertEquals(5, run(inner));
    }

    @Test
    void shieldPassesTheOutcomeThrough() {
        assertEquals(3, (int) run(Script.<Integer>of(v -> Asyncio.shield(Asyncio.sleep(1, 3)), Script::ret)));
        assertThrows(IllegalStateException.class, () -> Asyncio.shield(Asyncio.sleep(1, 3)));
        Future<Integer> done = loop.createFuture();
        done.setResult(1);
        assertSame(done, Asyncio.shield(done));
    }

    // ------------------------------------------------------------------ threads

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void runCoroutineThreadsafeFromAnotherThread() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        Thread loopThread = new Thread(real::runForever);
        loopThread.start();
        try {
            CompletableFuture<Object> r = Asyncio.runCoroutineThreadsafe(Script.of(v -> Asyncio.sleep(0.01),
                    v -> Script.ret(Thread.currentThread().getName())), real);
            assertEquals(loopThread.getName(), r.get(5, TimeUnit.SECONDS));
            CompletableFuture<Object> failing = Asyncio.runCoroutineThreadsafe(Script.of(v -> {
                throw new IllegalStateException("x");
            }), real);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> failing.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        } finally {
            real.callSoonThreadsafe(real::stop);
            loopThread.join();
            real.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        Thread loopThread = new Thread(real::runForever);
        loopThread.start();
        try {
            CompletableFuture<Boolean> cleanedUp = new CompletableFuture<>();
            CompletableFuture<Object> r = Asyncio.runCoroutineThreadsafe(Script.of(v -> Asyncio.sleep(1000))
                    .onError(e -> {
                        cleanedUp.complete(e instanceof CancelledError);
                        throw Throwing.sneaky(e);
                    }), real);
            Thread.sleep(20);
            assertTrue(r.cancel(false));
            assertTrue(cleanedUp.get(5, TimeUnit.SECONDS));
        } finally {
            real.callSoonThreadsafe(real::stop);
            loopThread.join();
            real.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void cancellationRacingCompletion() throws Exception {
        SelectorEventLoop real = new SelectorEventLoop();
        real.setExceptionHandler((l, c) -> errors.add(c));
        Thread loopThread = new Thread(real::runForever);
        loopThread.start();
        int rounds = 2000;
        int completed = 0;
        int cancelled = 0;
        try {
            List<CompletableFuture<Object>> futures = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                int id = i;
                futures.add(Asyncio.runCoroutineThreadsafe(Script.of(v -> id % 3 == 0 ? null : Asyncio.sleep(0),
                        v -> Script.ret(id)), real));
            }
            for (int i = rounds - 1; i >= 0; i--) {
                if (i % 2 == 0) {
                    futures.get(i).cancel(false);
                }
            }
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<Object> f = futures.get(i);
                try {
                    assertEquals(i, f.get(10, TimeUnit.SECONDS));
                    completed++;
                } catch (java.util.concurrent.CancellationException e) {
                    cancelled++;
                }
            }
        } finally {
            CompletableFuture<Set<Task<?>>> left = new CompletableFuture<>();
            real.callSoonThreadsafe(() -> left.complete(real.allTasks()));
            Set<Task<?>> pending = left.get(10, TimeUnit.SECONDS);
            real.callSoonThreadsafe(real::stop);
            loopThread.join();
            real.close();
            assertEquals(Set.of(), pending, "every task finished, cancelled or not");
        }
        assertEquals(rounds, completed + cancelled);
        assertTrue(cancelled <= rounds / 2);
        assertEquals(List.of(), errors);
    }

    // ------------------------------------------------------------------ ensureFuture

    @Test
    void ensureFutureWrapsCoroutinesAndStages() {
        Future<Integer> f = loop.createFuture();
        assertSame(f, Asyncio.ensureFuture(f, loop));
        AtomicReference<Future<Integer>> wrapped = new AtomicReference<>();
        run(Script.of(v -> {
            wrapped.set(Asyncio.ensureFuture(Asyncio.sleep(1, 1)));
            assertInstanceOf(Task.class, wrapped.get());
            return Asyncio.ensureFuture(CompletableFuture.completedFuture("stage"));
        }, v -> {
            assertEquals("stage", v);
            return wrapped.get();
        }));
        assertEquals(1, wrapped.get().result());
        assertThrows(IllegalArgumentException.class, () -> Asyncio.ensureFuture(new dev.weft.Awaitable<Object>() { }, loop));
        SelectorEventLoop other = new SelectorEventLoop(new VirtualClock());
        try {
            assertThrows(IllegalArgumentException.class, () -> Asyncio.ensureFuture(f, other));
        } finally {
            other.close();
        }
    }
}
