package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocksTest extends LoopFixture {

    /** A task that acquires {@code lock}, logs, holds it for {@code hold} seconds, releases it. */
    private Task<Object> holder(Lock lock, String name, double hold, List<String> log) {
        return loop.createTask(Script.of(v -> lock.acquire(), v -> {
            log.add(name + "@" + loop.time());
            return Asyncio.sleep(hold);
        }, v -> {
            lock.release();
            return Script.ret(name);
        }), name);
    }

    // ------------------------------------------------------------------ Lock

    @Test
    void lockIsMutualExclusionServedFirstComeFirstServed() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        List<Task<Object>> tasks = List.of(holder(lock, "a", 1, log), holder(lock, "b", 1, log),
                holder(lock, "c", 1, log));
        run(Asyncio.gather(tasks));
        assertEquals(List.of("a@0.0", "b@1.0", "c@2.0"), log);
        assertFalse(lock.locked());
    }

    @Test
    void lockCreatedWithoutLoopAcquiresWithoutOne() {
        Lock lock = new Lock();
        assertThrows(dev.weft.StopIteration.class, () -> lock.acquire().send(null));
        assertTrue(lock.locked());
        lock.release();
        assertEquals("Lock is not acquired.", assertThrows(IllegalStateException.class, lock::release).getMessage());
    }

    @Test
    void cancelledWaiterDoesNotLoseTheWakeUp() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Task<Object> a = holder(lock, "a", 1, log);
        Task<Object> b = holder(lock, "b", 1, log);
        Task<Object> c = holder(lock, "c", 1, log);
        runBriefly();
        // at t=1 a releases and hands the lock to b; b is cancelled before it runs
        loop.callLater(1, () -> {
            assertTrue(lock.locked());
        });
        run(Script.of(v -> Asyncio.sleep(1), v -> {
            b.cancel();
            return Script.ret(null);
        }));
        run(Asyncio.gather(true, a, b, c));
        assertTrue(b.cancelled());
        assertEquals(List.of("a@0.0", "c@1.0"), log);
        assertFalse(lock.locked());
    }

    @Test
    void cancelledWaiterIsSkipped() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Task<Object> a = holder(lock, "a", 2, log);
        Task<Object> b = holder(lock, "b", 1, log);
        Task<Object> c = holder(lock, "c", 1, log);
        loop.callLater(1, b::cancel);
        run(Asyncio.gather(true, a, b, c));
        assertEquals(List.of("a@0.0", "c@2.0"), log);
    }

    @Test
    void lockBoundToOneLoopRefusesAnother() {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        holder(lock, "a", 1, log);
        holder(lock, "b", 1, log);
        runBriefly();
        SelectorEventLoop other = new SelectorEventLoop(new VirtualClock());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(lock.acquire()));
            assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
        } finally {
            other.close();
        }
    }

    // ------------------------------------------------------------------ Event

    @Test
    void eventWakesAllWaiters() {
        Event event = new Event();
        List<String> log = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            loop.createTask(Script.of(v -> event.untilSet(), v -> {
                log.add(name + ":" + v + "@" + loop.time());
                return Script.ret(null);
            }));
        }
        loop.callLater(2, event::set);
        run(Asyncio.sleep(3));
        assertEquals(List.of("a:true@2.0", "b:true@2.0"), log);
        assertTrue(event.isSet());
        assertEquals(true, run(event.untilSet()));
        event.clear();
        assertFalse(event.isSet());
    }

    @Test
    void cancelledEventWaiterIsForgotten() {
        Event event = new Event();
        Task<Boolean> t = loop.createTask(event.untilSet());
        runBriefly();
        t.cancel();
        assertThrows(CancelledError.class, () -> run(t));
        assertEquals("Event[unset]", event.toString());
    }

    // ------------------------------------------------------------------ Condition

    @Test
    void conditionSignalWakesWaitersInOrderWithTheLockHeld() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            loop.createTask(Script.of(v -> cond.acquire(), v -> cond.untilSignaled(), v -> {
                log.add(name + " locked=" + cond.locked());
                cond.release();
                return Script.ret(null);
            }));
        }
        run(Script.of(v -> Asyncio.sleep(1), v -> cond.acquire(), v -> {
            cond.signal();
            cond.release();
            return Asyncio.sleep(1);
        }, v -> cond.acquire(), v -> {
            cond.signalAll();
            cond.release();
            return Asyncio.sleep(1);
        }));
        assertEquals(List.of("a locked=true", "b locked=true", "c locked=true"), log);
    }

    @Test
    void conditionWaitForChecksThePredicate() {
        Condition cond = new Condition();
        List<Integer> items = new ArrayList<>();
        Task<Object> consumer = loop.createTask(Script.of(v -> cond.acquire(),
                v -> cond.waitFor(() -> items.size() >= 2), v -> {
                    cond.release();
                    return Script.ret(new ArrayList<>(items));
                }));
        for (int i = 1; i <= 3; i++) {
            int n = i;
            loop.callLater(i, () -> loop.createTask(Script.of(v -> cond.acquire(), v -> {
                items.add(n);
                cond.signalAll();
                cond.release();
                return Script.ret(null);
            })));
        }
        assertEquals(List.of(1, 2), run(consumer));
        assertEquals(2.0, loop.time());
    }

    @Test
    void conditionNeedsTheLock() {
        Condition cond = new Condition();
        assertEquals("cannot notify on un-acquired lock",
                assertThrows(IllegalStateException.class, cond::signal).getMessage());
        assertThrows(IllegalStateException.class, () -> run(cond.untilSignaled()));
    }

    @Test
    void cancelledConditionWaiterReacquiresTheLockAndPassesTheSignalOn() {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        Task<Object> a = loop.createTask(Script.of(v -> cond.acquire(), v -> cond.untilSignaled()).onError(e -> {
            log.add("a cancelled, locked=" + cond.locked());
            cond.release();
            throw (CancelledError) e;
        }));
        Task<Object> b = loop.createTask(Script.of(v -> cond.acquire(), v -> cond.untilSignaled(), v -> {
            log.add("b signaled");
            cond.release();
            return Script.ret(null);
        }));
        run(Script.of(v -> Asyncio.sleep(1), v -> cond.acquire(), v -> {
            cond.signal(); // a is signaled...
            a.cancel(); // ...but cancelled before it runs: b must get the signal
            cond.release();
            return Script.ret(null);
        }));
        run(Asyncio.gather(true, a, b));
        assertEquals(List.of("a cancelled, locked=true", "b signaled"), log);
        assertTrue(a.cancelled());
    }

    // ------------------------------------------------------------------ Semaphore

    @Test
    void semaphoreLimitsConcurrencyFirstComeFirstServed() {
        Semaphore sem = new Semaphore(2);
        List<String> log = new ArrayList<>();
        List<Task<Object>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            tasks.add(loop.createTask(Script.of(v -> sem.acquire(), v -> {
                log.add(name + "@" + loop.time());
                return Asyncio.sleep(1);
            }, v -> {
                sem.release();
                return Script.ret(null);
            })));
        }
        run(Asyncio.gather(tasks));
        assertEquals(List.of("a@0.0", "b@0.0", "c@1.0", "d@1.0"), log);
        assertFalse(sem.locked());
    }

    @Test
    void semaphoreWaiterCancelledAfterWakeUpGivesThePermitBack() {
        Semaphore sem = new Semaphore(1);
        List<String> log = new ArrayList<>();
        run(sem.acquire());
        Task<Object> b = loop.createTask(Script.of(v -> sem.acquire(), v -> {
            log.add("b");
            return Script.ret(null);
        }));
        Task<Object> c = loop.createTask(Script.of(v -> sem.acquire(), v -> {
            log.add("c");
            sem.release();
            return Script.ret(null);
        }));
        runBriefly();
        sem.release(); // hands the permit to b
        b.cancel(); // b never takes it
        run(Asyncio.gather(true, b, c));
        assertEquals(List.of("c"), log);
        assertFalse(sem.locked());
        assertEquals("Semaphore[unlocked, value=1]", sem.toString());
    }

    @Test
    void semaphoreRefusesNegativeValues() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(new Semaphore(0).locked());
    }

    @Test
    void boundedSemaphoreRefusesTooManyReleases() {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        assertThrows(IllegalStateException.class, sem::release);
        run(sem.acquire());
        sem.release();
        assertEquals("BoundedSemaphore released too many times",
                assertThrows(IllegalStateException.class, sem::release).getMessage());
    }

    // ------------------------------------------------------------------ Barrier

    @Test
    void barrierReleasesAllPartiesTogetherAndResets() {
        Barrier barrier = new Barrier(3);
        List<String> log = new ArrayList<>();
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            tasks.add(loop.createTask(Script.of(v -> Asyncio.sleep(n), v -> barrier.untilAllArrive(), v -> {
                log.add(n + ":" + v + "@" + loop.time());
                return Script.ret(null);
            })));
        }
        run(Asyncio.gather(tasks));
        assertEquals(List.of("2:2@2.0", "0:0@2.0", "1:1@2.0", "5:2@5.0", "3:0@5.0", "4:1@5.0"), log);
        assertEquals(0, barrier.nWaiting());
        assertEquals(3, barrier.parties());
    }

    @Test
    void abortBreaksTheBarrier() {
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> waiting = List.of(loop.createTask(barrier.untilAllArrive()),
                loop.createTask(barrier.untilAllArrive()));
        runBriefly();
        assertEquals(2, barrier.nWaiting());
        run(barrier.abort());
        List<Object> results = run(Asyncio.gather(true, waiting.get(0), waiting.get(1)));
        for (Object r : results) {
            assertEquals(BrokenBarrierError.class, r.getClass());
            assertEquals("Abort or reset of barrier", ((Throwable) r).getMessage(), "asyncio's message");
        }
        assertTrue(barrier.broken());
        assertEquals("Barrier aborted",
                assertThrows(BrokenBarrierError.class, () -> run(barrier.untilAllArrive())).getMessage());
        run(barrier.reset());
        assertFalse(barrier.broken());
    }

    @Test
    void cancelledPartyLeavesTheBarrier() {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = loop.createTask(barrier.untilAllArrive());
        runBriefly();
        assertEquals(1, barrier.nWaiting());
        a.cancel();
        assertThrows(CancelledError.class, () -> run(a));
        assertEquals(0, barrier.nWaiting());
        Coroutine<List<Integer>> both = LoopCoroutine.typed(Script.of(v -> Asyncio.gather(barrier.untilAllArrive(), barrier.untilAllArrive()),
                Script::ret));
        assertEquals(List.of(0, 1), run(both));
    }
}
