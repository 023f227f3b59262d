package dev.weft.bench;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.bench.kotlin.KotlinSequence;
import dev.weft.bench.support.VirtualThreads;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 1, generator iteration: a producer yields 0..N-1 (N = {@value #N}) and the consumer sums them.
 * The score is nanoseconds per element.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(GeneratorIteration.N)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class GeneratorIteration {
    /** Elements per operation. */
    public static final int N = 1000;

    // ------------------------------------------------------------------ weft

    @Async
    static Generator<Integer, Object, Void> range(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(i);
        }
        return Coroutines.done();
    }

    @Benchmark
    public long weft() {
        long s = 0;
        for (int v : range(N)) {
            s += v;
        }
        return s;
    }

    // ------------------------------------------------------------------ the physical limit

    /** A hand-written iterator: what a generator's state machine would be if written by hand. */
    static final class RangeIterator implements Iterator<Integer> {
        private final int n;
        private int i;

        RangeIterator(int n) {
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return i < n;
        }

        @Override
        public Integer next() {
            if (i >= n) {
                throw new NoSuchElementException();
            }
            return i++;
        }
    }

    @Benchmark
    public long iterator() {
        long s = 0;
        for (Iterator<Integer> it = new RangeIterator(N); it.hasNext(); ) {
            s += it.next();
        }
        return s;
    }

    // ------------------------------------------------------------------ streams

    @Benchmark
    public long intStream() {
        return IntStream.range(0, N).asLongStream().sum();
    }

    @Benchmark
    public long stream() {
        return Stream.iterate(0, i -> i < N, i -> i + 1).mapToLong(Integer::longValue).sum();
    }

    // ------------------------------------------------------------------ Kotlin

    @Benchmark
    public long kotlinSequence() {
        return KotlinSequence.sum(N);
    }

    // ------------------------------------------------------------------ a producer thread

    /** A producer thread that puts 0..N-1 on a SynchronousQueue, over and over, until interrupted. */
    public abstract static class Producer {
        final SynchronousQueue<Integer> queue = new SynchronousQueue<>();
        private Thread thread;

        abstract boolean virtual();

        @Setup(Level.Trial)
        public void start() {
            thread = VirtualThreads.start(virtual(), () -> {
                try {
                    for (;;) {
                        for (int i = 0; i < N; i++) {
                            queue.put(i);
                        }
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }

    /** A platform producer thread. */
    @State(Scope.Thread)
    public static class PlatformProducer extends Producer {
        @Override
        boolean virtual() {
            return false;
        }
    }

    /** A virtual producer thread. */
    @State(Scope.Thread)
    public static class VirtualProducer extends Producer {
        @Override
        boolean virtual() {
            return true;
        }
    }

    private static long drain(Producer p) throws InterruptedException {
        long s = 0;
        for (int i = 0; i < N; i++) {
            s += p.queue.take();
        }
        return s;
    }

    @Benchmark
    public long platformThread(PlatformProducer p) throws InterruptedException {
        return drain(p);
    }

    /** The consumer is JMH's platform thread; the producer a virtual thread. */
    @Benchmark
    public long virtualThread(VirtualProducer p) throws InterruptedException {
        return drain(p);
    }

    @Benchmark
    @Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"},
            jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public long virtualThreadP1(VirtualProducer p) throws InterruptedException {
        return drain(p);
    }
}
