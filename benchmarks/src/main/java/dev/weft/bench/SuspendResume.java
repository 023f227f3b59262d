package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.bench.kotlin.KotlinSuspendChain;
import dev.weft.bench.support.Handoff;
import dev.weft.bench.support.VirtualThreads;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 2, suspend/resume: one round trip (resume a suspended chain of {@code depth} frames at its
 * innermost frame, run to its next suspension) of a chain that stands between operations. Nanoseconds per
 * round trip. Depth 1 is the innermost frame alone; depth d has d - 1 frames delegating to it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class SuspendResume {
    /** Round trips per operation of the virtual-thread rows (both ends are virtual threads). */
    public static final int BATCH = 10_000;

    @Param({"1", "10", "100"})
    public int depth;

    // ------------------------------------------------------------------ weft

    /** What the innermost coroutine waits on: handed to the driver, which resumes with a value. */
    static final class Gate implements Awaitable<Integer> {
    }

    @Async
    static Coroutine<Integer> leaf(Gate gate) {
        int sum = 0;
        int v = 0;
        while (v >= 0) {
            v = Coroutines.await(gate);
            sum += v;
        }
        return Coroutines.done(sum);
    }

    @Async
    static Coroutine<Integer> level(int d, Gate gate) {
        int r = Coroutines.await(coroutineChain(d - 1, gate));
        return Coroutines.done(r + 1);
    }

    static Coroutine<Integer> coroutineChain(int depth, Gate gate) {
        return depth == 1 ? leaf(gate) : level(depth, gate);
    }

    @Async
    static Generator<Object, Integer, Integer> genLeaf(Object token) {
        int sum = 0;
        Integer v = 0;
        while (v != null) {
            v = Coroutines.yield(token);
            sum += v;
        }
        return Coroutines.done(sum);
    }

    @Async
    static Generator<Object, Integer, Integer> genLevel(int d, Object token) {
        int r = Coroutines.yieldFrom(generatorChain(d - 1, token));
        return Coroutines.done(r + 1);
    }

    static Generator<Object, Integer, Integer> generatorChain(int depth, Object token) {
        return depth == 1 ? genLeaf(token) : genLevel(depth, token);
    }

    private Coroutine<Integer> coroutine;
    private Generator<Object, Integer, Integer> generator;
    private KotlinSuspendChain kotlin;
    private KotlinSuspendChain kotlinIntrinsics;

    @Setup(Level.Trial)
    public void setUp() {
        Gate gate = new Gate();
        coroutine = coroutineChain(depth, gate);
        if (coroutine.send(null) != gate) {
            throw new AssertionError("the chain did not suspend on its gate");
        }
        generator = generatorChain(depth, "token");
        generator.send(null);
        kotlin = new KotlinSuspendChain(depth, false);
        kotlinIntrinsics = new KotlinSuspendChain(depth, true);
    }

    /** A weft coroutine chain: {@code send} resumes the innermost frame, which suspends again on its gate. */
    @Benchmark
    public Object weftCoroutine() {
        return coroutine.send(1);
    }

    /** A weft generator chain ({@code yieldFrom} at every level): {@code send} at the top. */
    @Benchmark
    public Object weftGenerator() {
        return generator.send(1);
    }

    // ------------------------------------------------------------------ Kotlin

    /** A Kotlin suspend-function chain suspended in {@code suspendCoroutine}: {@code resume} on the leaf. */
    @Benchmark
    public int kotlinSuspendCoroutine() {
        return kotlin.resume(1);
    }

    /** The same with {@code suspendCoroutineUninterceptedOrReturn} (Kotlin's intrinsics, no SafeContinuation). */
    @Benchmark
    public int kotlinIntrinsics() {
        return kotlinIntrinsics.resume(1);
    }

    // ------------------------------------------------------------------ threads

    /** An echoing thread parked {@code depth} frames deep; JMH's thread drives it. */
    @State(Scope.Thread)
    public static class PlatformEcho {
        final SynchronousQueue<Integer> there = new SynchronousQueue<>();
        final SynchronousQueue<Integer> back = new SynchronousQueue<>();
        private Thread echo;

        @Setup(Level.Trial)
        public void start(SuspendResume b) {
            echo = VirtualThreads.start(false, () -> Handoff.echo(b.depth, -1, there, back));
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            echo.interrupt();
            echo.join();
        }
    }

    /** A platform thread's round trip: JMH's thread hands a value to the echo thread and takes it back. */
    @Benchmark
    public int platformThread(PlatformEcho e) throws InterruptedException {
        return Handoff.drive(1, e.there, e.back);
    }

    /**
     * Two virtual threads: an echo parked {@code depth} frames deep and a driver that runs {@link #BATCH}
     * round trips per operation (so that JMH's own platform thread wakes once a batch, not once a trip).
     */
    @State(Scope.Thread)
    public static class VirtualEcho {
        final SynchronousQueue<Integer> go = new SynchronousQueue<>();
        final SynchronousQueue<Integer> finished = new SynchronousQueue<>();
        private Thread echo;
        private Thread driver;

        @Setup(Level.Trial)
        public void start(SuspendResume b) {
            SynchronousQueue<Integer> there = new SynchronousQueue<>();
            SynchronousQueue<Integer> back = new SynchronousQueue<>();
            echo = VirtualThreads.start(() -> Handoff.echo(b.depth, -1, there, back));
            driver = VirtualThreads.start(() -> {
                try {
                    for (;;) {
                        int rounds = go.take();
                        finished.put(Handoff.drive(rounds, there, back));
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }

        int batch() throws InterruptedException {
            go.put(BATCH);
            return finished.take();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            driver.interrupt();
            echo.interrupt();
            driver.join();
            echo.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int virtualThread(VirtualEcho e) throws InterruptedException {
        return e.batch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
            jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public int virtualThreadP1(VirtualEcho e) throws InterruptedException {
        return e.batch();
    }
}
