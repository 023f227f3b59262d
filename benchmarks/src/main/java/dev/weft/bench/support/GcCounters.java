package dev.weft.bench.support;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH secondary results: how many collections, full ones apart, ran during each iteration. With
 * single-shot iterations (one operation each) they are counts per operation. A full collection is one by a
 * collector whose name says so ("G1 Old Generation", "MarkSweepCompact", "PS MarkSweep"); G1's concurrent
 * cycles ("G1 Concurrent GC") are not full collections and are not counted.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class GcCounters {
    private static final List<GarbageCollectorMXBean> BEANS = ManagementFactory.getGarbageCollectorMXBeans();

    /** Full (stop-the-world, whole-heap) collections in the iteration. */
    public long fullGc;
    /** Young or mixed collections in the iteration. */
    public long youngGc;

    private long fullAtStart;
    private long youngAtStart;

    @Setup(Level.Iteration)
    public void start() {
        fullGc = 0;
        youngGc = 0;
        fullAtStart = count(true);
        youngAtStart = count(false);
    }

    @TearDown(Level.Iteration)
    public void stop() {
        fullGc = count(true) - fullAtStart;
        youngGc = count(false) - youngAtStart;
    }

    private static long count(boolean full) {
        long n = 0;
        for (GarbageCollectorMXBean b : BEANS) {
            String name = b.getName();
            if (name.contains("Concurrent")) {
                continue;
            }
            boolean isFull = name.contains("Old") || name.contains("MarkSweep") || name.contains("Full");
            if (isFull == full) {
                n += Math.max(0, b.getCollectionCount());
            }
        }
        return n;
    }
}
