package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.internal.Frame;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TaskTest extends LoopFixture {

    @Test
    void taskRunsItsCoroutineAndHasAName() {
        Task<Object> t = loop.createTask(Script.of(v -> Script.ret("hi")));
        assertTrue(t.getName().matches("Task-\\d+"));
        t.setName("greeter");
        assertEquals("greeter", t.getName());
        assertFalse(t.done());
        assertEquals("hi", run(t));
        assertTrue(t.done());
        assertEquals("hi", t.result());
    }

    @Test
    void taskFailsWithItsCoroutinesException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Object> t = loop.createTask(Script.of(v -> {
            throw boom;
        }));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(t)));
        assertSame(boom, t.exception());
        List<StackTraceElement> trace = new java.util.ArrayList<>(List.of(boom.getStackTrace()));
        java.util.Collections.reverse(trace);
        assertEquals(trace, t.getStack(), "oldest frame first, as asyncio's get_stack");
    }

    @Test
    void taskAwaitsFuturesAndGetsTheirValues() {
        Future<Integer> a = loop.createFuture();
        Future<Integer> b = loop.createFuture();
        loop.callLater(1, () -> a.setResult(1));
        loop.callLater(2, () -> b.setResult(2));
        Task<Object> t = loop.createTask(Script.of(v -> a, v -> b, v -> Script.ret("b=" + v)));
        assertEquals("b=2", run(t));
        assertEquals(2.0, loop.time());
    }

    @Test
    void awaitedFailureIsThrownIntoTheCoroutine() {
        Future<Integer> f = loop.createFuture();
        RuntimeException boom = new RuntimeException("boom");
        loop.callSoon(() -> f.setException(boom));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Task<Object> t = loop.createTask(Script.of(v -> f).onError(e -> {
            seen.set(e);
            return Script.ret("handled");
        }));
        assertEquals("handled", run(t));
        assertSame(boom, seen.get());
    }

    @Test
    void cancelThrowsIntoTheCoroutineAtItsAwaitAndCancelsTheAwaitedFuture() {
        Future<Integer> f = loop.createFuture();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Task<Object> t = loop.createTask(Script.of(v -> f).onError(e -> {
            seen.set(e);
            throw (CancelledError) e;
        }));
        runBriefly();
        assertTrue(t.cancel("stop it"));
        assertTrue(f.cancelled());
        assertFalse(t.done());
        CancelledError e = assertThrows(CancelledError.class, () -> run(t));
        assertTrue(t.cancelled());
        assertInstanceOf(CancelledError.class, seen.get());
        assertEquals("stop it", seen.get().getMessage());
        assertSame(seen.get(), e);
        assertFalse(t.cancel());
    }

    @Test
    void coroutineThatSwallowsTheCancellationCompletesNormally() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(Script.of(v -> f).onError(e -> Script.ret("survived")));
        runBriefly();
        t.cancel();
        assertEquals("survived", run(t));
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.uncancel());
    }

    @Test
    void cancelBeforeStartNeverRunsTheBody() {
        List<String> ran = new ArrayList<>();
        Script<Object> body = Script.of(v -> {
            ran.add("body");
            return Script.ret(1);
        });
        Task<Object> t = loop.createTask(body);
        t.cancel();
        assertThrows(CancelledError.class, () -> run(t));
        assertTrue(t.cancelled());
        assertEquals(List.of(), ran);
        assertEquals(CoroutineState.CLOSED, body.state());
    }

    @Test
    void taskCancellingItselfGetsCancelledAtItsNextAwait() {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(Script.of(v -> {
            self.get().cancel();
            return f;
        }));
        self.set(t);
        assertThrows(CancelledError.class, () -> run(t));
        assertTrue(f.cancelled());
    }

    @Test
    void taskCancelledJustBeforeReturningEndsCancelled() {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Task<Object> t = loop.createTask(Script.of(v -> {
            self.get().cancel("late");
            return Script.ret(1);
        }));
        self.set(t);
        assertEquals("late", assertThrows(CancelledError.class, () -> run(t)).getMessage());
        assertTrue(t.cancelled());
    }

    @Test
    void cancelAfterTheAwaitedFutureCompletedStillCancels() {
        Future<Integer> f = loop.createFuture();
        List<Object> seen = new ArrayList<>();
        Task<Object> t = loop.createTask(Script.of(v -> f, v -> {
            seen.add(v);
            return Script.ret(v);
        }).onError(e -> {
            seen.add(e.getClass().getSimpleName());
            throw (CancelledError) e;
        }));
        runBriefly();
        f.setResult(1); // the wake-up is scheduled...
        assertTrue(t.cancel()); // ...but the cancellation wins
        assertThrows(CancelledError.class, () -> run(t));
        assertEquals(List.of("CancelledError"), seen);
    }

    @Test
    void completionRacingCancellationInOneIteration() {
        // a task and its canceller woken by the same timer: the outcome depends only on callback order
        for (int round = 0; round < 200; round++) {
            Future<Integer> f = loop.createFuture();
            Task<Object> t = loop.createTask(Script.awaiting(f));
            boolean cancelFirst = round % 2 == 0;
            loop.callLater(1, () -> {
                if (cancelFirst) {
                    t.cancel();
                }
                if (!f.done()) {
                    f.setResult(1);
                }
                t.cancel();
            });
            // either way the cancellation is requested before the task runs again: it wins
            assertThrows(CancelledError.class, () -> run(t));
            assertTrue(t.cancelled());
            assertEquals(cancelFirst, f.cancelled());
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void uncancelWithdrawsAPendingCancellation() {
        Task<Object> t = loop.createTask(Script.of(v -> Script.ret("ran")));
        t.cancel();
        assertEquals(1, t.cancelling());
        assertEquals(0, t.uncancel());
        assertEquals("ran", run(t));
    }

    @Test
    void cancellingATaskAwaitingATaskCancelsTheInnerOne() {
        Future<Integer> f = loop.createFuture();
        Task<Object> inner = loop.createTask(Script.awaiting(f));
        Task<Object> outer = loop.createTask(Script.awaiting(inner));
        runBriefly();
        outer.cancel();
        assertThrows(CancelledError.class, () -> run(outer));
        assertTrue(inner.cancelled());
        assertTrue(f.cancelled());
    }

    @Test
    void badYieldIsThrownIntoTheCoroutine() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Task<Object> t = loop.createTask(Script.of(v -> "not awaitable").onError(e -> {
            seen.set(e);
            return Script.ret("ok");
        }));
        assertEquals("ok", run(t));
        assertEquals("Task got bad yield: not awaitable", seen.get().getMessage());
    }

    @Test
    void taskCannotAwaitItself() {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        Task<Object> t = loop.createTask(Script.of(v -> self.get()));
        self.set(t);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(t));
        assertTrue(e.getMessage().startsWith("Task cannot await on itself: "), e.getMessage());
    }

    @Test
    void futureOfAnotherLoopIsRefused() {
        SelectorEventLoop other = new SelectorEventLoop(new VirtualClock());
        try {
            Future<Integer> foreign = other.createFuture();
            Task<Object> t = loop.createTask(Script.of(v -> foreign));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(t));
            assertTrue(e.getMessage().endsWith("attached to a different loop"), e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    @Timeout(10)
    void completionStageResumesOnTheLoopThread() {
        SelectorEventLoop real = new SelectorEventLoop();
        try {
            CompletableFuture<String> stage = new CompletableFuture<>();
            AtomicReference<Thread> resumedOn = new AtomicReference<>();
            Task<Object> t = real.createTask(Script.of(v -> stage, v -> {
                resumedOn.set(Thread.currentThread());
                return Script.ret(v + "!");
            }));
            new Thread(() -> stage.complete("done")).start();
            assertEquals("done!", real.runUntilComplete(t));
            assertSame(Thread.currentThread(), resumedOn.get());
        } finally {
            real.close();
        }
    }

    @Test
    void failedCompletionStageIsThrownUnwrapped() {
        CompletableFuture<String> stage = CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("bad");
        });
        Task<Object> t = loop.createTask(Script.of(v -> stage));
        assertEquals("bad", assertThrows(IllegalArgumentException.class, () -> run(t)).getMessage());
    }

    @Test
    void cancellingATaskWaitingOnAStageCancelsTheStage() {
        CompletableFuture<String> stage = new CompletableFuture<>();
        Task<Object> t = loop.createTask(Script.of(v -> stage));
        runBriefly();
        t.cancel();
        assertThrows(CancelledError.class, () -> run(t));
        assertTrue(stage.isCancelled());
    }

    @Test
    void nullLeafYieldsOnce() {
        List<String> order = new ArrayList<>();
        Task<Object> a = loop.createTask(Script.of(v -> {
            order.add("a1");
            return null;
        }, v -> {
            order.add("a2");
            return Script.ret(null);
        }));
        Task<Object> b = loop.createTask(Script.of(v -> {
            order.add("b1");
            return null;
        }, v -> {
            order.add("b2");
            return Script.ret(null);
        }));
        run(Asyncio.gather(a, b));
        assertEquals(List.of("a1", "b1", "a2", "b2"), order);
    }

    @Test
    void toStringOfAWovenCoroutineTask() {
        Future<Integer> f = loop.createFuture();
        Frame spin = Woven.spin(f);
        Task<Object> t = loop.createTask(castCoro(spin), "Task-1");
        assertEquals("Task[name=Task-1, pending, coro=Spin.spin() created]", t.toString());
        runBriefly();
        assertEquals("Task[name=Task-1, pending, coro=Spin.spin() suspended at Spin.java:23]", t.toString());
        t.cancel();
        assertEquals("Task[name=Task-1, cancelling, coro=Spin.spin() suspended at Spin.java:23]", t.toString());
        assertThrows(CancelledError.class, () -> run(t));
        assertEquals("Task[name=Task-1, cancelled, coro=Spin.spin() closed]", t.toString());
        Future<Integer> g = loop.createFuture();
        Task<Object> u = loop.createTask(castCoro(Woven.spin(g)), "Task-2");
        loop.callSoon(() -> g.setResult(42));
        run(u);
        assertEquals("Task[name=Task-2, finished, coro=Spin.spin() closed, result=42]", u.toString());
    }

    @Test
    void toStringOfFailedAndCancelledTasks() {
        Task<Object> failed = loop.createTask(Script.of(v -> {
            throw new IllegalStateException("x");
        }), "f");
        Task<Object> cancelled = loop.createTask(Script.of(v -> Script.ret(1)), "c");
        cancelled.cancel();
        runBriefly();
        assertEquals("Task[name=f, finished, coro=script closed, exception=java.lang.IllegalStateException: x]",
                failed.toString());
        assertEquals("Task[name=c, cancelled, coro=script closed]", cancelled.toString());
        failed.exception();
    }

    @Test
    void getStackShowsWhereTheWovenChainIsSuspended() {
        Future<Integer> f = loop.createFuture();
        Task<Object> t = loop.createTask(castCoro(Woven.outer(f)));
        runBriefly();
        List<StackTraceElement> stack = t.getStack();
        assertEquals(2, stack.size(), stack.toString());
        assertEquals("demo.Outer.outer(Outer.java:41)", stack.get(0).toString());
        assertEquals("demo.Spin.spin(Spin.java:23)", stack.get(1).toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.printStack(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Stack for Task["), printed);
        assertTrue(printed.contains("\tat demo.Outer.outer(Outer.java:41)\n\tat demo.Spin.spin(Spin.java:23)"), printed);
        f.setResult(3);
        assertEquals(3, run(t));
        assertEquals(List.of(), t.getStack());
    }

    @Test
    void getStackNamesTheLoopsOwnCoroutinesWhereATaskWaitsInThem() {
        Queue<String> q = new Queue<>();
        Task<Object> t = loop.createTask(Script.awaiting(q.get()));
        runBriefly();
        List<StackTraceElement> stack = t.getStack();
        assertEquals(2, stack.size(), stack.toString());
        assertEquals("dev.weft.loop.Script.send", stack.get(0).getClassName() + "." + stack.get(0).getMethodName());
        assertEquals("dev.weft.loop.Queue.get(Unknown Source)", stack.get(1).toString(), "innermost last");
        q.putNowait("item");
        assertEquals("item", run(t));
    }

    @Test
    void wovenCoroutineAwaitsLoopCoroutinesInline() {
        Task<Object> t = loop.createTask(castCoro(Woven.outer(Asyncio.sleep(5, "slept"))));
        assertEquals("slept", run(t));
        assertEquals(5.0, loop.time());
    }

    @Test
    void wovenCoroutineDoesNotSuspendOnADoneFuture() {
        Future<Integer> f = loop.createFuture();
        f.setResult(9);
        Frame spin = Woven.spin(f);
        assertThrows(dev.weft.StopIteration.class, () -> spin.send(null));
    }

    @Test
    void currentTaskAndAllTasks() {
        AtomicReference<Task<?>> current = new AtomicReference<>();
        AtomicReference<Set<Task<?>>> all = new AtomicReference<>();
        Future<Integer> f = loop.createFuture();
        Task<Object> other = loop.createTask(Script.awaiting(f));
        Task<Object> t = loop.createTask(Script.of(v -> {
            current.set(Asyncio.currentTask());
            all.set(Asyncio.allTasks());
            return Script.ret(null);
        }));
        run(t);
        assertSame(t, current.get());
        assertEquals(Set.of(other, t), all.get());
        assertEquals(Set.of(other), loop.allTasks());
        assertThrows(IllegalStateException.class, Asyncio::currentTask);
        AtomicReference<Task<?>> inCallback = new AtomicReference<>(other);
        loop.callSoon(() -> inCallback.set(Asyncio.currentTask()));
        runBriefly();
        assertNull(inCallback.get());
        f.setResult(1);
        run(other);
        assertEquals(Set.of(), loop.allTasks());
    }

    @Test
    void allTasksKeepsCreationOrderWhateverOrderTasksFinishIn() {
        List<Future<Integer>> gates = new ArrayList<>();
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Future<Integer> gate = loop.createFuture();
            gates.add(gate);
            tasks.add(loop.createTask(Script.awaiting(gate)));
        }
        runBriefly();
        List<Task<Object>> left = new ArrayList<>(tasks);
        for (int i : new int[] {0, 5, 2, 3, 1, 4}) { // the first, the last, then from the middle
            gates.get(i).setResult(i);
            assertEquals(i, run(tasks.get(i)));
            left.remove(tasks.get(i));
            assertEquals(left, new ArrayList<>(loop.allTasks()), "after task " + i + " finished");
        }
        Task<Object> again = loop.createTask(Script.of(v -> Script.ret(7)));
        assertEquals(List.of(again), new ArrayList<>(loop.allTasks()), "the emptied list takes new tasks");
        assertEquals(7, run(again));
        assertEquals(Set.of(), loop.allTasks());
    }

    @Test
    void setResultAndSetExceptionAreUnsupported() {
        Task<Object> t = loop.createTask(Script.of(v -> Script.ret(1)));
        assertThrows(UnsupportedOperationException.class, () -> t.setResult(2));
        assertThrows(UnsupportedOperationException.class, () -> t.setException(new RuntimeException()));
        run(t);
    }

    @Test
    void taskExceptionNeverRetrievedIsReportedAtClose() {
        RuntimeException boom = new RuntimeException("boom");
        Task<Object> t = loop.createTask(Script.of(v -> {
            throw boom;
        }));
        Task<Object> seen = loop.createTask(Script.of(v -> {
            throw new RuntimeException("seen");
        }));
        runBriefly();
        seen.exception();
        loop.close();
        assertEquals(List.of("Task exception was never retrieved"), errorMessages());
        assertSame(boom, errors.get(0).get("exception"));
        assertSame(t, errors.get(0).get("future"));
    }

    @Test
    void cancellingAFailedTaskMarksItsExceptionRetrieved() {
        Task<Object> t = loop.createTask(Script.of(v -> {
            throw new RuntimeException("boom");
        }));
        runBriefly();
        assertFalse(t.cancel());
        loop.close();
        assertEquals(List.of(), errors);
    }

    @Test
    void taskNeedsACoroutine() {
        assertThrows(NullPointerException.class, () -> loop.createTask(null));
    }

    @Test
    void taskWithoutRunningLoopNeedsOne() {
        assertThrows(IllegalStateException.class, () -> new Task<>(Script.of(v -> Script.ret(1))));
    }

    @Test
    @Timeout(120)
    void hundredThousandConcurrentTasks() {
        int n = 100_000;
        List<Task<Object>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            tasks.add(loop.createTask(Script.of(v -> Asyncio.sleep((id % 100) / 10.0), v -> null,
                    v -> Script.ret(id))));
        }
        List<Object> results = run(Asyncio.gather(tasks));
        assertEquals(n, results.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, results.get(i));
        }
        assertEquals(9.9, loop.time(), 1e-9);
        assertEquals(Set.of(), loop.allTasks());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Coroutine<Object> castCoro(Frame frame) {
        return (Coroutine) frame;
    }
}
