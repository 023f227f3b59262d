package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Done;
import dev.weft.StopIteration;
import dev.weft.bench.kotlin.KotlinCallChain;
import dev.weft.bench.kotlin.KotlinNestedChain;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 2b, entering and completing a chain: a coroutine that awaits a coroutine that awaits ... to
 * {@code depth} levels, the innermost returning at once; the operation creates the chain, runs it to the
 * end and takes its result. Nanoseconds per chain. Depth 1 is the innermost coroutine alone. Two ways:
 * from plain Java (weft's {@code sendOrDone}, and {@code send}, whose end is a {@code StopIteration};
 * Kotlin's {@code startCoroutineUninterceptedOrReturn}), and from inside a running coroutine (which adds
 * one resume and suspension of that coroutine per chain, on both sides).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class AwaitChain {
    @Param({"1", "10", "100"})
    public int depth;

    @Async
    static Coroutine<Integer> leaf(int d) {
        return Coroutines.done(d);
    }

    /**
     * One level, awaiting the next by a direct call as Kotlin's {@code level} calls the next suspend
     * function: so each level runs the next one's direct variant (its frame made only if it suspends).
     */
    @Async
    static Coroutine<Integer> level(int d) {
        int r = d == 2 ? Coroutines.await(leaf(1)) : Coroutines.await(level(d - 1));
        return Coroutines.done(r + 1);
    }

    static Coroutine<Integer> chain(int depth) {
        return depth == 1 ? leaf(depth) : level(depth);
    }

    /**
     * weft from plain Java: {@code sendOrDone}, which ends with a {@link Done} holding the result (the
     * counterpart of Kotlin's {@code startCoroutineUninterceptedOrReturn}, which returns the result).
     */
    @Benchmark
    public Object weft() {
        Object out = chain(depth).sendOrDone(null);
        if (out instanceof Done<?, ?, ?>) {
            return ((Done<?, ?, ?>) out).value();
        }
        throw new AssertionError("the chain suspended");
    }

    /** weft from plain Java by {@code send}, Python's protocol: its end is a {@link StopIteration} with the result. */
    @Benchmark
    public Object weftSend() {
        try {
            chain(depth).send(null);
            throw new AssertionError("the chain suspended");
        } catch (StopIteration stop) {
            return stop.value();
        }
    }

    /** Kotlin: suspend functions calling suspend functions, started by {@code startCoroutineUninterceptedOrReturn}. */
    @Benchmark
    public int kotlin() {
        return KotlinCallChain.run(depth);
    }

    // ------------------------------------------------------------------ from inside a running coroutine

    /** What the standing coroutine suspends on between chains. */
    static final class Gate implements Awaitable<Integer> {
    }

    @Async
    static Coroutine<Integer> nested(int depth, Gate gate) {
        int sum = 0;
        int v = 0;
        while (v >= 0) {
            sum += Coroutines.<Integer>await(chain(depth));
            v = Coroutines.await(gate);
        }
        return Coroutines.done(sum);
    }

    private Coroutine<Integer> weftNested;
    private KotlinNestedChain kotlinNested;

    @Setup(Level.Trial)
    public void setUp() {
        weftNested = nested(depth, new Gate());
        weftNested.send(null);
        kotlinNested = new KotlinNestedChain(depth);
    }

    /**
     * weft inside a coroutine: a standing coroutine that, each time {@code send} resumes it, awaits a fresh
     * chain to its end and suspends again (no StopIteration: the chain's result comes back through await).
     */
    @Benchmark
    public Object weftInCoroutine() {
        return weftNested.send(0);
    }

    /** Kotlin inside a coroutine: the same, with a standing coroutine resumed by {@code resume}. */
    @Benchmark
    public int kotlinInCoroutine() {
        return kotlinNested.resume();
    }
}
