package dev.weft.bench.memory;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.bench.support.Heap;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Future;
import dev.weft.loop.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The weft code whose suspended state the memory probe measures. Woven at build time. */
final class WeftRows {
    private WeftRows() {
    }

    // ------------------------------------------------------------------ a task waiting on a shared future

    @Async
    static Coroutine<Long> waiter(Future<Integer> gate, int i, Object shared) {
        int a = i;
        long b = i * 31L;
        Object c = shared;
        int v = Coroutines.await(gate);
        return Coroutines.done(a + b + v + c.hashCode());
    }

    /** Inside a loop: n tasks waiting on one future; returns {heap before, heap after}. */
    @Async
    static Coroutine<long[]> tasksWaiting(int n, Object shared) {
        Future<Integer> gate = Asyncio.getRunningLoop().createFuture();
        Task<?>[] tasks = new Task<?>[n];
        long before = Heap.usedAfterGc();
        long rssBefore = Heap.residentBytes();
        for (int i = 0; i < n; i++) {
            tasks[i] = Asyncio.createTask(waiter(gate, i, shared));
        }
        Coroutines.await(Asyncio.sleep(0)); // every task runs to its await
        // once more: the loop gives back its ready queue after a burst, as CPython's deque does; measured
        // inside the burst, that transient queue (~5 B a task here) would count as the tasks' own
        Coroutines.await(Asyncio.sleep(0));
        long after = Heap.usedAfterGc();
        long rssAfter = Heap.residentBytes();
        gate.setResult(1);
        for (Task<?> t : tasks) {
            Coroutines.await(t);
        }
        return Coroutines.done(new long[] {before, after, rssBefore, rssAfter});
    }

    // ------------------------------------------------------------------ tasks asleep

    @Async
    static Coroutine<Void> sleeper(double seconds) {
        Coroutines.await(Asyncio.sleep(seconds));
        return Coroutines.done();
    }

    /** Inside a loop: n tasks in {@code Asyncio.sleep(60)}; returns {heap before, heap after, rss before, rss after}. */
    @Async
    static Coroutine<long[]> tasksSleeping(int n) {
        Task<?>[] tasks = new Task<?>[n];
        long before = Heap.usedAfterGc();
        long rssBefore = Heap.residentBytes();
        for (int i = 0; i < n; i++) {
            tasks[i] = Asyncio.createTask(sleeper(60));
        }
        Coroutines.await(Asyncio.sleep(0));
        Coroutines.await(Asyncio.sleep(0)); // after the burst (see tasksWaiting)
        long after = Heap.usedAfterGc();
        long rssAfter = Heap.residentBytes();
        for (Task<?> t : tasks) {
            t.cancel();
        }
        Coroutines.await(Asyncio.sleep(0));
        Coroutines.await(Asyncio.sleep(0));
        return Coroutines.done(new long[] {before, after, rssBefore, rssAfter});
    }

    // ------------------------------------------------------------------ generators and chains

    @Async
    static Generator<Object, Object, Long> generator(int i, Object shared) {
        int a = i;
        long b = i * 31L;
        Object c = shared;
        for (;;) {
            Object sent = Coroutines.yield(c);
            if (sent != null) {
                return Coroutines.done(a + b + sent.hashCode());
            }
        }
    }

    /** One level, yielding from the next by a direct call (as the coroutine level awaits the next). */
    @Async
    static Generator<Object, Object, Long> generatorLevel(int d, int i, Object shared) {
        long r = d == 2 ? Coroutines.yieldFrom(generator(i, shared)) : Coroutines.yieldFrom(generatorLevel(d - 1, i, shared));
        return Coroutines.done(r + 1);
    }

    /** A chain of {@code depth} generators, the innermost one {@link #generator}. */
    static Generator<Object, Object, Long> generatorChain(int depth, int i, Object shared) {
        return depth == 1 ? generator(i, shared) : generatorLevel(depth, i, shared);
    }

    /** What a coroutine chain waits on. */
    static final class Gate implements Awaitable<Integer> {
    }

    @Async
    static Coroutine<Long> coroutine(Gate gate, int i, Object shared) {
        int a = i;
        long b = i * 31L;
        Object c = shared;
        int v = Coroutines.await(gate);
        return Coroutines.done(a + b + v + c.hashCode());
    }

    /** One level, awaiting the next by a direct call as Kotlin's {@code chainLevel} calls itself. */
    @Async
    static Coroutine<Long> coroutineLevel(int d, Gate gate, int i, Object shared) {
        long r = d == 2 ? Coroutines.await(coroutine(gate, i, shared)) : Coroutines.await(coroutineLevel(d - 1, gate, i, shared));
        return Coroutines.done(r + 1);
    }

    /** A chain of {@code depth} coroutines, the innermost one {@link #coroutine}. */
    static Coroutine<Long> coroutineChain(int depth, Gate gate, int i, Object shared) {
        return depth == 1 ? coroutine(gate, i, shared) : coroutineLevel(depth, gate, i, shared);
    }

    // ------------------------------------------------------------------ CompletableFuture methods

    @Async
    static CompletableFuture<Long> futureWaiter(CompletableFuture<Integer> gate, int i, Object shared) {
        int a = i;
        long b = i * 31L;
        Object c = shared;
        int v = Coroutines.await(gate);
        return CompletableFuture.completedFuture(a + b + v + c.hashCode());
    }

    @Async
    static CompletableFuture<Void> futureSleeper(ScheduledExecutorService timer, long millis) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(null), millis, TimeUnit.MILLISECONDS);
        Coroutines.await(f);
        return CompletableFuture.completedFuture(null);
    }
}
