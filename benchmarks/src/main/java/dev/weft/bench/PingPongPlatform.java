package dev.weft.bench;

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
 * Workload 3 for platform threads: the same ping-pong as {@link PingPong} over {@code SynchronousQueue}s,
 * with n = 100,000 handoffs, because 1,000,000 take 10 to 20 s per operation at this row's speed. The report
 * compares nanoseconds per handoff.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class PingPongPlatform {
    @Param({"100000"})
    public int n;

    /** Two platform threads over two {@code SynchronousQueue}s. */
    @Benchmark
    public int platformThread() throws InterruptedException {
        return PingPong.threads(false, n);
    }
}
