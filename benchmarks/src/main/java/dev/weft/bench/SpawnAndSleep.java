package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.bench.ea.EaAsyncRows;
import dev.weft.bench.kotlin.KotlinSpawnSleep;
import dev.weft.bench.support.GcCounters;
import dev.weft.bench.support.VirtualThreads;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 4, spawn and sleep: start {@code n} tasks that each sleep {@value #SLEEP_MS} ms, then wait for
 * all of them. Seconds per operation (single shot: one operation per iteration), and the number of young
 * and full collections during it ({@link GcCounters}). The ideal is 0.1 s. Platform threads are in
 * {@link SpawnAndSleepPlatform}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class SpawnAndSleep {
    /** How long each task sleeps. */
    public static final long SLEEP_MS = 100;

    @Param({"10000", "100000", "1000000"})
    public int n;

    private ScheduledExecutorService timer;

    @Setup(Level.Trial)
    public void setUp() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timer");
            t.setDaemon(true);
            return t;
        });
        if (!EaAsyncRows.instrumented()) {
            throw new IllegalStateException("ea-async's plugin did not instrument EaAsyncRows");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        timer.shutdownNow();
    }

    // ------------------------------------------------------------------ weft

    @Async
    static Coroutine<Void> sleeper() {
        Coroutines.await(Asyncio.sleep(SLEEP_MS / 1000.0));
        return Coroutines.done();
    }

    @Async
    static Coroutine<Integer> spawnAll(int n) {
        List<Task<Void>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(Asyncio.createTask(sleeper()));
        }
        for (int i = 0; i < n; i++) {
            Coroutines.await(tasks.get(i));
        }
        return Coroutines.done(n);
    }

    /** weft tasks on one loop, each awaiting {@code Asyncio.sleep}, joined by awaiting each. */
    @Benchmark
    public int weft(GcCounters gc) {
        return Asyncio.run(spawnAll(n));
    }

    @Async
    static CompletableFuture<Void> cfSleeper(ScheduledExecutorService timer) {
        Coroutines.await(delay(timer));
        return CompletableFuture.completedFuture(null);
    }

    /** weft {@code @Async} methods returning {@code CompletableFuture}, each awaiting a future the timer completes. */
    @Benchmark
    public Object weftCompletableFuture(GcCounters gc) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            all[i] = cfSleeper(timer);
        }
        return CompletableFuture.allOf(all).join();
    }

    // ------------------------------------------------------------------ peers

    /** Virtual threads, each {@code Thread.sleep}ing, counted down on a latch. */
    @Benchmark
    public Object virtualThread(GcCounters gc) throws InterruptedException {
        return virtualThreads(n);
    }

    @Benchmark
    @Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"},
            jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public Object virtualThreadP1(GcCounters gc) throws InterruptedException {
        return virtualThreads(n);
    }

    static CountDownLatch virtualThreads(int n) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        Runnable sleeper = () -> {
            try {
                Thread.sleep(SLEEP_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.countDown();
        };
        for (int i = 0; i < n; i++) {
            VirtualThreads.start(sleeper);
        }
        done.await();
        return done;
    }

    /** Kotlin: {@code runBlocking { repeat(n) { launch { delay(100) } } }} (one thread). */
    @Benchmark
    public int kotlin(GcCounters gc) {
        return KotlinSpawnSleep.run(n, SLEEP_MS);
    }

    private static CompletableFuture<Void> delay(ScheduledExecutorService timer) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(null), SLEEP_MS, TimeUnit.MILLISECONDS);
        return f;
    }

    /** {@code CompletableFuture}s completed by one scheduled-executor thread, joined with {@code allOf}. */
    @Benchmark
    public Object completableFuture(GcCounters gc) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            all[i] = delay(timer);
        }
        return CompletableFuture.allOf(all).join();
    }

    /** ea-async methods (woven at build time), each awaiting a future the timer completes. */
    @Benchmark
    public Object eaAsync(GcCounters gc) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            all[i] = EaAsyncRows.sleeper(timer, SLEEP_MS);
        }
        return CompletableFuture.allOf(all).join();
    }
}
