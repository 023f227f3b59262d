package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.bench.ea.EaAsyncRows;
import dev.weft.bench.kotlin.KotlinAwaitFutures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 6, awaiting CompletableFutures: a method awaits {@value #CHAIN} futures in turn and returns
 * their sum as a {@code CompletableFuture}. With {@code completed} true the futures are complete before the
 * call; with false the operation creates them incomplete, calls the method, then completes them one by one
 * on this thread (each completion resumes the method) and takes the result. Nanoseconds per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class AwaitFutures {
    /** Awaits per operation. */
    public static final int CHAIN = 10;

    @Param({"true", "false"})
    public boolean completed;

    private CompletableFuture<Integer>[] done;

    @Setup(Level.Trial)
    public void setUp() {
        done = futures(true);
        if (!EaAsyncRows.instrumented()) {
            throw new IllegalStateException("ea-async's plugin did not instrument EaAsyncRows");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static CompletableFuture<Integer>[] futures(boolean complete) {
        CompletableFuture<Integer>[] fs = new CompletableFuture[CHAIN];
        for (int i = 0; i < CHAIN; i++) {
            fs[i] = complete ? CompletableFuture.completedFuture(i) : new CompletableFuture<>();
        }
        return fs;
    }

    private int run(Function<CompletableFuture<Integer>[], CompletableFuture<Integer>> method) {
        if (completed) {
            return method.apply(done).join();
        }
        CompletableFuture<Integer>[] fs = futures(false);
        CompletableFuture<Integer> result = method.apply(fs);
        for (int i = 0; i < CHAIN; i++) {
            fs[i].complete(i);
        }
        return result.join();
    }

    @Async
    static CompletableFuture<Integer> weftSum(CompletableFuture<Integer>[] futures) {
        int s = 0;
        for (int i = 0; i < futures.length; i++) {
            s += Coroutines.await(futures[i]);
        }
        return CompletableFuture.completedFuture(s);
    }

    /** weft: an {@code @Async} method returning {@code CompletableFuture}. */
    @Benchmark
    public int weft() {
        return run(AwaitFutures::weftSum);
    }

    /** ea-async: the same method with {@code com.ea.async.Async.await}, woven by ea-async's Maven plugin. */
    @Benchmark
    public int eaAsync() {
        return run(EaAsyncRows::sum);
    }

    static CompletableFuture<Integer> thenComposeSum(CompletableFuture<Integer>[] futures) {
        CompletableFuture<Integer> acc = CompletableFuture.completedFuture(0);
        for (CompletableFuture<Integer> f : futures) {
            acc = acc.thenCompose(s -> f.thenApply(v -> s + v));
        }
        return acc;
    }

    /** By hand: a chain of {@code thenCompose} built up front. */
    @Benchmark
    public int thenCompose() {
        return run(AwaitFutures::thenComposeSum);
    }

    /** Kotlin: {@code future(Dispatchers.Unconfined) { for (f in fs) s += f.await() }}. */
    @Benchmark
    public int kotlin() {
        return run(KotlinAwaitFutures::sum);
    }
}
