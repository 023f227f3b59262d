package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Condition;
import dev.weft.loop.Event;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.Lock;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Task;
import dev.weft.loop.TimeoutError;
import dev.weft.loop.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Woven coroutines on the event loop: task introspection, timeouts, locks, and the bridges to threads. */
class WovenLoopTest {
    private final List<String> log = new ArrayList<>();

    private static EventLoop virtualLoop() {
        return new SelectorEventLoop(new VirtualClock());
    }

    /** The line of this file that contains {@code marker}. */
    private static int lineOf(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/weft/tests/loop/WovenLoopTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker) && !lines.get(i).contains("lineOf(")) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not found");
    }

    // ------------------------------------------------------------------ introspection

    @Async
    static Coroutine<Integer> inner(Future<Integer> f) {
        int v = await(f); // INNER-AWAIT
        return done(v + 1);
    }

    @Async
    static Coroutine<Integer> outer(Future<Integer> f) {
        int v = await(inner(f)); // OUTER-AWAIT
        return done(v * 2);
    }

    @Async
    static Coroutine<Object> introspect() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = Asyncio.createTask(outer(f), "Task-1");
        await(Asyncio.sleep(0));
        int innerLine = lineOf("// INNER-AWAIT");
        int outerLine = lineOf("// OUTER-AWAIT");
        assertEquals("Task[name=Task-1, pending, coro=WovenLoopTest.outer() suspended at WovenLoopTest.java:"
                + outerLine + "]", t.toString());
        List<StackTraceElement> stack = t.getStack();
        assertEquals(2, stack.size(), stack.toString());
        assertEquals("dev.weft.tests.loop.WovenLoopTest.outer(WovenLoopTest.java:" + outerLine + ")",
                stack.get(0).toString());
        assertEquals("dev.weft.tests.loop.WovenLoopTest.inner(WovenLoopTest.java:" + innerLine + ")",
                stack.get(1).toString(), "innermost last, as asyncio's get_stack");
        f.setResult(20);
        int r = await(t);
        assertEquals(42, r);
        assertEquals("Task[name=Task-1, finished, coro=WovenLoopTest.outer() closed, result=42]", t.toString());
        return done(null);
    }

    @Test
    void taskReprAndStackShowWhereTheWovenChainWaits() throws IOException {
        Asyncio.run(introspect(), WovenLoopTest::virtualLoop);
    }

    // ------------------------------------------------------------------ awaiting done futures

    @Async
    Coroutine<Void> other() {
        log.add("other ran");
        return done();
    }

    @Async
    Coroutine<Void> awaitsDoneFuture() {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("ready");
        Asyncio.createTask(other());
        String v = await(f);
        log.add("got " + v);
        await(Asyncio.sleep(0));
        log.add("after yield");
        return done();
    }

    @Test
    void awaitingADoneFutureDoesNotSuspend() {
        Asyncio.run(awaitsDoneFuture(), WovenLoopTest::virtualLoop);
        assertEquals(List.of("got ready", "other ran", "after yield"), log);
    }

    // ------------------------------------------------------------------ timeouts

    @Async
    Coroutine<String> slow(double seconds) {
        try {
            await(Asyncio.sleep(seconds));
            return done("finished");
        } catch (CancelledError e) {
            log.add("slow cancelled at " + Asyncio.getRunningLoop().time());
            throw e;
        }
    }

    @Async
    Coroutine<String> timeouts() {
        String fast = await(Asyncio.waitFor(slow(1), 5));
        log.add(fast);
        try {
            await(Asyncio.waitFor(slow(10), 2));
        } catch (TimeoutError e) {
            log.add("waitFor timed out at " + Asyncio.getRunningLoop().time());
        }
        try {
            await(Asyncio.timeout(1, slow(10)));
        } catch (TimeoutError e) {
            log.add("timeout scope expired at " + Asyncio.getRunningLoop().time());
        }
        return done("cancelling=" + Asyncio.currentTask().cancelling());
    }

    @Test
    void waitForAndTimeoutScopes() {
        assertEquals("cancelling=0", Asyncio.run(timeouts(), WovenLoopTest::virtualLoop));
        assertEquals(List.of("finished", "slow cancelled at 3.0", "waitFor timed out at 3.0",
                "slow cancelled at 4.0", "timeout scope expired at 4.0"), log);
    }

    // ------------------------------------------------------------------ synchronization

    private int counter;

    @Async
    Coroutine<Void> increment(Lock lock, int times) {
        for (int i = 0; i < times; i++) {
            await(lock.acquire());
            try {
                int seen = counter;
                await(Asyncio.sleep(0)); // let the others run inside the critical section
                counter = seen + 1;
            } finally {
                lock.release();
            }
        }
        return done();
    }

    @Async
    Coroutine<Integer> lockMain() {
        Lock lock = new Lock();
        await(Asyncio.gather(increment(lock, 50), increment(lock, 50), increment(lock, 50)));
        return done(counter);
    }

    @Test
    void lockProtectsACriticalSectionAcrossAwaits() {
        assertEquals(150, Asyncio.run(lockMain(), WovenLoopTest::virtualLoop));
    }

    @Async
    Coroutine<Void> waitsForEvent(Event event, String name) {
        await(event.untilSet());
        log.add(name + " saw the event");
        return done();
    }

    @Async
    Coroutine<Void> consumer(Condition cond, List<Integer> items) {
        await(cond.acquire());
        try {
            await(cond.waitFor(() -> !items.isEmpty()));
            log.add("consumed " + items.remove(0));
        } finally {
            cond.release();
        }
        return done();
    }

    @Async
    Coroutine<Void> syncMain() {
        Event event = new Event();
        Task<Void> a = Asyncio.createTask(waitsForEvent(event, "a"));
        Task<Void> b = Asyncio.createTask(waitsForEvent(event, "b"));
        await(Asyncio.sleep(1));
        event.set();
        await(Asyncio.gather(a, b));
        Condition cond = new Condition();
        List<Integer> items = new ArrayList<>();
        Task<Void> c = Asyncio.createTask(consumer(cond, items));
        await(Asyncio.sleep(1));
        await(cond.acquire());
        items.add(7);
        cond.signal();
        cond.release();
        await(c);
        return done();
    }

    @Test
    void eventAndCondition() {
        Asyncio.run(syncMain(), WovenLoopTest::virtualLoop);
        assertEquals(List.of("a saw the event", "b saw the event", "consumed 7"), log);
    }

    // ------------------------------------------------------------------ threads

    @Async
    static CompletableFuture<Integer> plusOne(Future<Integer> f) {
        int v = await(f);
        return CompletableFuture.completedFuture(v + 1);
    }

    @Async
    Coroutine<Integer> completableFutureMethodAwaitsALoopFuture() {
        Future<Integer> f = Asyncio.getRunningLoop().createFuture();
        CompletableFuture<Integer> cf = plusOne(f);
        await(Asyncio.sleep(1));
        f.setResult(41);
        int r = await(cf);
        return done(r);
    }

    @Test
    void completableFutureMethodsAwaitLoopFutures() {
        assertEquals(42, Asyncio.run(completableFutureMethodAwaitsALoopFuture(), WovenLoopTest::virtualLoop));
    }

    @Async
    static Coroutine<Integer> awaitsMinimalStages() {
        int done = await(CompletableFuture.completedFuture(1).minimalCompletionStage());
        CompletableFuture<Integer> later = new CompletableFuture<>();
        Asyncio.getRunningLoop().callLater(0.5, () -> later.complete(2));
        return done(done + await(later.minimalCompletionStage()));
    }

    /** A task awaits a stage of minimalCompletionStage() (a CompletableFuture whose own methods throw). */
    @Test
    void aTaskAwaitsMinimalStages() {
        assertEquals(3, Asyncio.run(awaitsMinimalStages(), WovenLoopTest::virtualLoop));
    }

    @Async
    static Coroutine<String> onLoop(String what) {
        await(Asyncio.sleep(0.01));
        return done(what + " on " + Thread.currentThread().getName());
    }

    @Test
    @Timeout(20)
    void runCoroutineThreadsafeAndCancellation() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        Thread loopThread = new Thread(loop::runForever, "loop-thread");
        loopThread.start();
        try {
            assertEquals("hi on loop-thread",
                    Asyncio.runCoroutineThreadsafe(onLoop("hi"), loop).get(5, TimeUnit.SECONDS));
            CompletableFuture<String> never = Asyncio.runCoroutineThreadsafe(slow(3600), loop);
            Thread.sleep(50);
            never.cancel(false);
            CompletableFuture<List<String>> seen = new CompletableFuture<>();
            Thread.sleep(50);
            loop.callSoonThreadsafe(() -> seen.complete(new ArrayList<>(log)));
            List<String> lines = seen.get(5, TimeUnit.SECONDS);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("slow cancelled at "));
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            loopThread.join();
            loop.close();
        }
    }

    @Async
    Coroutine<Object> failingMain() throws IOException {
        await(Asyncio.sleep(1));
        throw new IOException("checked, unwrapped");
    }

    @Test
    void runThrowsTheCheckedFailureItself() {
        IOException e = assertThrows(IOException.class, () -> Asyncio.run(failingMain(), WovenLoopTest::virtualLoop));
        assertEquals("checked, unwrapped", e.getMessage());
    }

    @Async
    Coroutine<Object> cancelledMain() {
        Task<String> t = Asyncio.createTask(slow(100));
        await(Asyncio.sleep(1));
        t.cancel("enough");
        try {
            await(t);
            return done("not cancelled");
        } catch (CancelledError e) {
            return done(e);
        }
    }

    @Test
    void cancelMessageReachesTheAwaiter() {
        Object r = Asyncio.run(cancelledMain(), WovenLoopTest::virtualLoop);
        assertInstanceOf(CancelledError.class, r);
        assertEquals("enough", ((CancelledError) r).getMessage());
        assertSame(r, r);
    }

    @Async
    Coroutine<Object> reusesAFinishedCoroutine() {
        Coroutine<String> finished = slow(1);
        await(Asyncio.createTask(finished));
        Task<String> again = Asyncio.createTask(finished);
        try {
            await(again);
            return done("ran again");
        } catch (IllegalStateException e) {
            return done(e);
        }
    }

    @Async
    Coroutine<Object> awaitsTheCoroutineOfATask() {
        Coroutine<String> shared = slow(1);
        Task<String> task = Asyncio.createTask(shared);
        await(Asyncio.sleep(0)); // the task starts, and suspends in its sleep
        Object refused;
        try {
            await(shared);
            refused = "awaited it";
        } catch (IllegalStateException e) {
            refused = e;
        }
        return done(List.of(refused, await(task), Asyncio.getRunningLoop().time()));
    }

    @Test
    void aCoroutineATaskIsRunningCannotBeAwaitedBesideIt() {
        // asyncio: "RuntimeError: coroutine is being awaited already"; the task goes on undisturbed
        List<?> r = (List<?>) Asyncio.run(awaitsTheCoroutineOfATask(), WovenLoopTest::virtualLoop);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, r.get(0));
        assertTrue(e.getMessage().startsWith("coroutine is being awaited already"), e.getMessage());
        assertEquals("finished", r.get(1));
        assertEquals(1.0, (double) r.get(2), 1e-9);
    }

    @Test
    void aTaskOfAFinishedCoroutineFailsAsAsyncioSays() {
        Object r = Asyncio.run(reusesAFinishedCoroutine(), WovenLoopTest::virtualLoop);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, r);
        assertTrue(e.getMessage().startsWith("cannot reuse already awaited coroutine"), e.getMessage());
    }
}
