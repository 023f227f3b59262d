package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.bench.kotlin.KotlinPingPong;
import dev.weft.bench.support.Handoff;
import dev.weft.bench.support.RunLoop;
import dev.weft.bench.support.VirtualThreads;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Queue;
import dev.weft.loop.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 3, ping-pong: two tasks pass a token back and forth, {@code n} handoffs in all (n / 2 round
 * trips). The score is milliseconds per operation; the report divides by n for nanoseconds per handoff.
 * (Platform threads are in {@link PingPongPlatform}, with a smaller n.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class PingPong {
    @Param({"1000000"})
    public int n;

    // ------------------------------------------------------------------ weft

    @Async
    static Coroutine<Integer> ping(Queue<Integer> there, Queue<Integer> back, int rounds) {
        int token = 0;
        for (int r = 0; r < rounds; r++) {
            Coroutines.await(there.put(token & 0x3f));
            token += Coroutines.await(back.get());
        }
        return Coroutines.done(token);
    }

    @Async
    static Coroutine<Void> pong(Queue<Integer> there, Queue<Integer> back, int rounds) {
        for (int r = 0; r < rounds; r++) {
            Integer t = Coroutines.await(there.get());
            Coroutines.await(back.put(t));
        }
        return Coroutines.done();
    }

    @Async
    static Coroutine<Integer> pingPong(int handoffs) {
        Queue<Integer> there = new Queue<>(1);
        Queue<Integer> back = new Queue<>(1);
        Task<Void> echo = Asyncio.createTask(pong(there, back, handoffs / 2));
        Task<Integer> driver = Asyncio.createTask(ping(there, back, handoffs / 2));
        Coroutines.await(echo);
        int token = Coroutines.await(driver);
        return Coroutines.done(token);
    }

    /** Two weft tasks on one loop over two {@code Queue(1)}s. */
    @Benchmark
    public int weft() {
        return Asyncio.run(pingPong(n));
    }

    // ------------------------------------------------------------------ Kotlin

    /** Two coroutines in {@code runBlocking} (one thread) over two rendezvous {@code Channel}s. */
    @Benchmark
    public int kotlinChannel() {
        return KotlinPingPong.run(n);
    }

    // ------------------------------------------------------------------ threads

    static int threads(boolean virtual, int handoffs) throws InterruptedException {
        SynchronousQueue<Integer> there = new SynchronousQueue<>();
        SynchronousQueue<Integer> back = new SynchronousQueue<>();
        int rounds = handoffs / 2;
        int[] token = new int[1];
        Thread echo = VirtualThreads.start(virtual, () -> Handoff.echo(1, rounds, there, back));
        Thread driver = VirtualThreads.start(virtual, () -> {
            try {
                token[0] = Handoff.drive(rounds, there, back);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        driver.join();
        echo.join();
        return token[0];
    }

    /** Two virtual threads over two {@code SynchronousQueue}s. */
    @Benchmark
    public int virtualThread() throws InterruptedException {
        return threads(true, n);
    }

    @Benchmark
    @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
            jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public int virtualThreadP1() throws InterruptedException {
        return threads(true, n);
    }

    // ------------------------------------------------------------------ CompletableFuture

    /** One side of a CompletableFuture ping-pong: each handoff completes a new future the other side listens on. */
    static final class CfPlayer {
        final RunLoop loop;
        CfPlayer other;
        int remaining;
        int token;

        CfPlayer(RunLoop loop, int handoffs) {
            this.loop = loop;
            this.remaining = handoffs;
        }

        void receive(int t) {
            token = t;
            if (--remaining < 0) {
                return;
            }
            CompletableFuture<Integer> f = new CompletableFuture<>();
            f.thenAcceptAsync(other::receive, loop);
            f.complete((t + 1) & 0x3f);
        }
    }

    /**
     * {@code CompletableFuture} callbacks on a run loop: each handoff is a new future whose
     * {@code thenAcceptAsync} callback, queued on a one-thread run loop, is the other side.
     */
    @Benchmark
    public int completableFuture() {
        RunLoop loop = new RunLoop();
        CfPlayer a = new CfPlayer(loop, n / 2);
        CfPlayer b = new CfPlayer(loop, n / 2);
        a.other = b;
        b.other = a;
        a.receive(0);
        loop.drain();
        return a.token + b.token;
    }
}
