package dev.weft.bench;

import dev.weft.bench.support.GcCounters;
import java.util.concurrent.CountDownLatch;
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
 * Workload 4 for platform threads, at n = 10,000 only: this machine's limits (kernel.pid_max 32768 threads
 * in all, vm.max_map_count 65530 mappings, two per thread stack) make 100,000 and 1,000,000 threads
 * impossible, and approaching them would starve every other process of threads.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class SpawnAndSleepPlatform {
    @Param({"10000"})
    public int n;

    /** Platform threads, each {@code Thread.sleep}ing, counted down on a latch. */
    @Benchmark
    public Object platformThread(GcCounters gc) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        Runnable sleeper = () -> {
            try {
                Thread.sleep(SpawnAndSleep.SLEEP_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.countDown();
        };
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(null, sleeper, "sleeper", 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        return done;
    }
}
