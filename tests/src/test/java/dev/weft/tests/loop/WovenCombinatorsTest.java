package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncIterator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Barrier;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.ReturnWhen;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Semaphore;
import dev.weft.loop.Task;
import dev.weft.loop.TimeoutError;
import dev.weft.loop.VirtualClock;
import dev.weft.loop.WaitResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asCompleted, wait, Semaphore and Barrier used from woven coroutines, as Python programs use them. */
class WovenCombinatorsTest {
    private final List<String> log = new ArrayList<>();

    private static EventLoop virtualLoop() {
        return new SelectorEventLoop(new VirtualClock());
    }

    private static double now() {
        return Asyncio.getRunningLoop().time();
    }

    @Async
    static Coroutine<String> fetch(String what, double seconds) {
        await(Asyncio.sleep(seconds));
        return done(what);
    }

    @Async
    Coroutine<Void> earliestFirst() {
        List<Coroutine<String>> aws = List.of(fetch("slow", 3), fetch("fast", 1), fetch("medium", 2));
        for (Coroutine<String> coro : Asyncio.asCompleted(aws)) {
            String earliestResult = await(coro);
            log.add(earliestResult + "@" + now());
        }
        return done();
    }

    @Test
    void asCompletedInCompletionOrder() {
        Asyncio.run(earliestFirst(), WovenCombinatorsTest::virtualLoop);
        assertEquals(List.of("fast@1.0", "medium@2.0", "slow@3.0"), log);
    }

    @Async
    Coroutine<Void> asyncForOverCompleted() {
        Task<String> slow = Asyncio.createTask(fetch("slow", 3));
        Task<String> fast = Asyncio.createTask(fetch("fast", 1));
        List<Awaitable<String>> aws = List.of(slow, fast, fetch("medium", 2), fetch("never", 100));
        AsyncIterator<Future<? extends String>> finished = Asyncio.asCompletedFutures(aws, 5).aiter();
        List<Future<? extends String>> seen = new ArrayList<>();
        try {
            while (await(finished.hasNext())) {
                Future<? extends String> f = finished.next();
                seen.add(f);
                log.add(f.result() + "@" + now());
            }
        } catch (TimeoutError e) {
            log.add("timed out@" + now());
        }
        assertSame(fast, seen.get(0), "a task given is handed out itself");
        assertSame(slow, seen.get(2));
        assertTrue(seen.get(1) instanceof Task, "a coroutine's is the task made for it");
        assertFalse(await(finished.hasNext()), "the one that timed out was the last");
        return done();
    }

    /** Python 3.13's as_completed in async for: the futures themselves, in completion order; a timeout. */
    @Test
    void asCompletedFuturesHandsOutTheFuturesInCompletionOrder() {
        Asyncio.run(asyncForOverCompleted(), WovenCombinatorsTest::virtualLoop);
        assertEquals(List.of("fast@1.0", "medium@2.0", "slow@3.0", "timed out@5.0"), log);
    }

    @Async
    Coroutine<Integer> waitFirst() {
        Task<String> a = Asyncio.createTask(fetch("a", 1));
        Task<String> b = Asyncio.createTask(fetch("b", 5));
        WaitResult<Task<String>> r = await(Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED));
        for (Task<String> t : r.done()) {
            log.add("done " + t.result());
        }
        for (Task<String> t : r.pending()) {
            t.cancel();
        }
        return done(r.pending().size());
    }

    @Test
    void waitForTheFirstAndCancelTheRest() {
        assertEquals(1, Asyncio.run(waitFirst(), WovenCombinatorsTest::virtualLoop));
        assertEquals(List.of("done a"), log);
    }

    private int inside;
    private int maxInside;

    @Async
    Coroutine<Void> limited(Semaphore sem, int n) {
        await(sem.acquire());
        try {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await(Asyncio.sleep(1));
            inside--;
        } finally {
            sem.release();
        }
        return done();
    }

    @Async
    Coroutine<Double> semaphoreMain() {
        Semaphore sem = new Semaphore(3);
        List<Coroutine<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(limited(sem, i));
        }
        await(Asyncio.gather(jobs));
        return done(now());
    }

    @Test
    void semaphoreBoundsConcurrency() {
        assertEquals(4.0, Asyncio.run(semaphoreMain(), WovenCombinatorsTest::virtualLoop));
        assertEquals(3, maxInside);
    }

    @Async
    Coroutine<Integer> party(Barrier barrier, double arriveAfter) {
        await(Asyncio.sleep(arriveAfter));
        int index = await(barrier.untilAllArrive());
        log.add("passed@" + now());
        return done(index);
    }

    @Async
    Coroutine<List<Integer>> barrierMain() {
        Barrier barrier = new Barrier(3);
        List<Integer> indexes = await(Asyncio.gather(party(barrier, 1), party(barrier, 2), party(barrier, 3)));
        return done(indexes);
    }

    @Test
    void barrierLetsThePartiesThroughTogether() {
        List<Integer> indexes = Asyncio.run(barrierMain(), WovenCombinatorsTest::virtualLoop);
        assertEquals(List.of(0, 1, 2), indexes);
        assertEquals(List.of("passed@3.0", "passed@3.0", "passed@3.0"), log);
    }

    @Test
    void runUntilCompleteOfAWovenCoroutine() {
        SelectorEventLoop loop = new SelectorEventLoop(new VirtualClock());
        try {
            assertEquals("x", loop.runUntilComplete(fetch("x", 2)));
            assertEquals(2.0, loop.time());
            assertTrue(loop.allTasks().isEmpty());
        } finally {
            loop.close();
        }
    }
}
