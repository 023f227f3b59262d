package dev.weft.bench.memory;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.bench.ea.EaAsyncRows;
import dev.weft.bench.kotlin.KotlinMemory;
import dev.weft.bench.support.Heap;
import dev.weft.bench.support.VirtualThreads;
import dev.weft.loop.Asyncio;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.Continuation;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;

/**
 * One JVM's memory measurements, started by {@link MemoryMain}: {@code MemoryProbe ROW N REPS WARMUPS}
 * creates N suspended objects of one row's kind, measures the heap in use after a full collection before
 * and after (and the resident set), and prints one {@code sample HEAP RSS} line per repetition: bytes per
 * object. The objects' handles are kept in an array allocated before the first measurement, so the array
 * is not counted. Warm-up repetitions (with the same code, so it is compiled) come first and print nothing.
 */
public final class MemoryProbe {
    /** Seconds a sleeping row sleeps: far longer than a measurement, then it is cancelled. */
    static final long SLEEP_MILLIS = 60_000;
    /** The depth of the chains whose difference with depth 1 gives the cost of one delegation level. */
    static final int DEEP = 11;

    /** Heap and resident bytes per object in one repetition. */
    record Sample(double heap, double resident) {
        static Sample of(long[] m, int n) {
            return new Sample((m[1] - m[0]) / (double) n, (m[3] - m[2]) / (double) n);
        }

        Sample minus(Sample other, int levels) {
            return new Sample((heap - other.heap) / levels, (resident - other.resident) / levels);
        }
    }

    /** One row: measures n objects. */
    interface Row {
        Sample measure(int n) throws Exception;
    }

    static final Object SHARED = new Object();
    static final Map<String, Row> ROWS = new LinkedHashMap<>();

    static {
        // Workload 5: suspended with three live locals (int, long, reference), waiting on one shared gate.
        ROWS.put("Memory.weftTask", n -> Sample.of(Asyncio.run(WeftRows.tasksWaiting(n, SHARED)), n));
        ROWS.put("Memory.weftCoroutine", n -> coroutines(n, 1));
        ROWS.put("Memory.weftCoroutineLevel", n -> coroutines(n, DEEP).minus(coroutines(n, 1), DEEP - 1));
        ROWS.put("Memory.weftGenerator", n -> generators(n, 1));
        ROWS.put("Memory.weftGeneratorLevel", n -> generators(n, DEEP).minus(generators(n, 1), DEEP - 1));
        ROWS.put("Memory.weftCompletableFuture", MemoryProbe::weftFutures);
        ROWS.put("Memory.kotlinLaunch", MemoryProbe::kotlinLaunch);
        ROWS.put("Memory.kotlinCoroutine", n -> kotlinChains(n, 1));
        ROWS.put("Memory.kotlinLevel", n -> kotlinChains(n, DEEP).minus(kotlinChains(n, 1), DEEP - 1));
        ROWS.put("Memory.virtualThread", n -> threadsWaiting(true, n, 1));
        ROWS.put("Memory.virtualThreadP1", n -> threadsWaiting(true, n, 1));
        ROWS.put("Memory.virtualThreadLevel",
                n -> threadsWaiting(true, n, DEEP).minus(threadsWaiting(true, n, 1), DEEP - 1));
        ROWS.put("Memory.completableFuture", MemoryProbe::futureCallbacks);
        ROWS.put("Memory.eaAsync", MemoryProbe::eaAsync);
        ROWS.put("Memory.platformThread", n -> threadsWaiting(false, n, 1));
        // Workload 4's memory against N: tasks asleep (a timer each), as in spawn-and-sleep.
        ROWS.put("SleepMemory.weft", n -> Sample.of(Asyncio.run(WeftRows.tasksSleeping(n)), n));
        ROWS.put("SleepMemory.weftCompletableFuture", n -> timerSleepers(n, 0));
        ROWS.put("SleepMemory.virtualThread", n -> threadsSleeping(true, n));
        ROWS.put("SleepMemory.virtualThreadP1", n -> threadsSleeping(true, n));
        ROWS.put("SleepMemory.kotlin", MemoryProbe::kotlinSleeping);
        ROWS.put("SleepMemory.completableFuture", n -> timerSleepers(n, 1));
        ROWS.put("SleepMemory.eaAsync", n -> timerSleepers(n, 2));
        ROWS.put("SleepMemory.platformThread", n -> threadsSleeping(false, n));
    }

    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !ROWS.containsKey(args[0])) {
            System.err.println("usage: MemoryProbe ROW N REPS WARMUPS; rows: " + ROWS.keySet());
            System.exit(2);
        }
        Row row = ROWS.get(args[0]);
        int n = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        int warmups = Integer.parseInt(args[3]);
        if (args[0].contains("eaAsync") && !EaAsyncRows.instrumented()) {
            throw new IllegalStateException("ea-async's plugin did not instrument EaAsyncRows");
        }
        // Platform threads warm up with a few threads only: the stacks and native memory of thousands of
        // exited threads linger (C library caches) and would blur the next resident-memory reading.
        int warmN = args[0].endsWith("platformThread") ? Math.min(n, 100) : Math.min(n, 20_000);
        for (int i = 0; i < warmups; i++) {
            row.measure(warmN);
        }
        for (int i = 0; i < reps; i++) {
            Sample s = row.measure(n);
            System.out.println("sample " + s.heap() + " " + s.resident());
        }
    }

    private static long[] before() {
        return new long[] {Heap.usedAfterGc(), 0, Heap.residentBytes(), 0};
    }

    private static long[] after(long[] m) {
        m[1] = Heap.usedAfterGc();
        m[3] = Heap.residentBytes();
        return m;
    }

    // ------------------------------------------------------------------ weft

    static Sample coroutines(int n, int depth) {
        WeftRows.Gate gate = new WeftRows.Gate();
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            Coroutine<Long> c = WeftRows.coroutineChain(depth, gate, i, SHARED);
            c.send(null);
            held[i] = c;
        }
        after(m);
        java.lang.ref.Reference.reachabilityFence(held);
        return Sample.of(m, n);
    }

    static Sample generators(int n, int depth) {
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            Generator<Object, Object, Long> g = WeftRows.generatorChain(depth, i, SHARED);
            g.next();
            held[i] = g;
        }
        after(m);
        java.lang.ref.Reference.reachabilityFence(held);
        return Sample.of(m, n);
    }

    static Sample weftFutures(int n) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            held[i] = WeftRows.futureWaiter(gate, i, SHARED);
        }
        after(m);
        gate.complete(1);
        java.lang.ref.Reference.reachabilityFence(held);
        return Sample.of(m, n);
    }

    // ------------------------------------------------------------------ Kotlin

    static Sample kotlinLaunch(int n) {
        CompletableDeferred<Integer> gate = CompletableDeferredKt.CompletableDeferred(null);
        long[] sink = new long[1];
        long[] m = before();
        Job parent = KotlinMemory.launchWaiting(n, gate, SHARED, sink);
        after(m);
        gate.complete(1);
        if (sink[0] == 0) {
            throw new AssertionError("the coroutines did not resume");
        }
        parent.cancel(null);
        return Sample.of(m, n);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Sample kotlinChains(int n, int depth) {
        Continuation<Integer>[] resumers = new Continuation[n];
        long[] m = before();
        KotlinMemory.suspendedChains(n, depth, resumers, SHARED);
        after(m);
        for (Continuation<Integer> c : resumers) {
            if (c == null) {
                throw new AssertionError("a chain did not suspend");
            }
        }
        return Sample.of(m, n);
    }

    static Sample kotlinSleeping(int n) {
        long[] m = new long[4];
        KotlinMemory.sleepingInRunBlocking(n, SLEEP_MILLIS,
                () -> System.arraycopy(before(), 0, m, 0, 4),
                () -> after(m));
        return Sample.of(m, n);
    }

    // ------------------------------------------------------------------ threads

    static long waitWith(int depth, int i, CountDownLatch gate, Object shared) throws InterruptedException {
        if (depth > 1) {
            return waitWith(depth - 1, i, gate, shared) + 1;
        }
        int a = i;
        long b = i * 31L;
        Object c = shared;
        gate.await();
        return a + b + c.hashCode();
    }

    static Sample threadsWaiting(boolean virtual, int n, int depth) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        Thread[] held = new Thread[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            int k = i;
            held[i] = VirtualThreads.start(virtual, () -> {
                try {
                    waitWith(depth, k, gate, SHARED);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        awaitState(held, Thread.State.WAITING);
        after(m);
        gate.countDown();
        for (Thread t : held) {
            t.join();
        }
        return Sample.of(m, n);
    }

    static Sample threadsSleeping(boolean virtual, int n) throws InterruptedException {
        Thread[] held = new Thread[n];
        long[] m = before();
        Runnable sleeper = () -> {
            try {
                Thread.sleep(SLEEP_MILLIS);
            } catch (InterruptedException e) {
                // woken to end
            }
        };
        for (int i = 0; i < n; i++) {
            held[i] = VirtualThreads.start(virtual, sleeper);
        }
        awaitState(held, Thread.State.TIMED_WAITING);
        after(m);
        for (Thread t : held) {
            t.interrupt();
        }
        for (Thread t : held) {
            t.join();
        }
        return Sample.of(m, n);
    }

    private static void awaitState(Thread[] threads, Thread.State state) throws InterruptedException {
        for (Thread t : threads) {
            while (t.getState() != state) {
                Thread.sleep(1);
            }
        }
    }

    // ------------------------------------------------------------------ CompletableFuture, ea-async

    static Sample futureCallbacks(int n) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            int a = i;
            long b = i * 31L;
            Object c = SHARED;
            held[i] = gate.thenApply(v -> a + b + v + c.hashCode());
        }
        after(m);
        java.lang.ref.Reference.reachabilityFence(held);
        gate.complete(1);
        return Sample.of(m, n);
    }

    static Sample eaAsync(int n) {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            held[i] = EaAsyncRows.waiter(gate, i, SHARED);
        }
        after(m);
        java.lang.ref.Reference.reachabilityFence(held);
        gate.complete(1);
        return Sample.of(m, n);
    }

    /** kind 0: weft CompletableFuture methods; 1: plain futures; 2: ea-async methods; each on one timer thread. */
    static Sample timerSleepers(int n, int kind) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> { }, 0, TimeUnit.MILLISECONDS); // start its thread before measuring
        Object[] held = new Object[n];
        long[] m = before();
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0:
                    held[i] = WeftRows.futureSleeper(timer, SLEEP_MILLIS);
                    break;
                case 1: {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    timer.schedule(() -> f.complete(null), SLEEP_MILLIS, TimeUnit.MILLISECONDS);
                    held[i] = f;
                    break;
                }
                default:
                    held[i] = EaAsyncRows.sleeper(timer, SLEEP_MILLIS);
            }
        }
        after(m);
        java.lang.ref.Reference.reachabilityFence(held);
        timer.shutdownNow();
        return Sample.of(m, n);
    }
}
