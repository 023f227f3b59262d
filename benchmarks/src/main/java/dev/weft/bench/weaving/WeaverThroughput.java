package dev.weft.bench.weaving;

import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 7a, the weaver's throughput in classes per second (an operation is one class, taken in turn from
 * a fixed set): classes with {@code @Async} methods as javac wrote them (the unwoven fixtures of
 * {@code dev.weft.bench.weaving.fixture}); and plain classes (the first {@value #PLAIN} of
 * {@code java.base}), through the raw-byte pre-filter the agent and the plugin use, or parsed regardless.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class WeaverThroughput {
    /** Plain classes in the set. */
    public static final int PLAIN = 3000;
    static final String FIXTURES = "dev/weft/bench/weaving/fixture/";

    private Weaver weaver;
    private byte[][] async;
    private byte[][] plain;
    private int nextAsync;
    private int nextPlain;

    @Setup(Level.Trial)
    public void setUp() {
        ClassLoader loader = WeaverThroughput.class.getClassLoader();
        weaver = new Weaver(TypeHierarchy.of(loader));
        List<String> names = ClassFiles.onClassPath(name -> name.startsWith(FIXTURES));
        async = names.stream().map(n -> ClassFiles.read(loader, n)).filter(Weaver::mightNeedWeaving)
                .toArray(byte[][]::new);
        if (async.length == 0) {
            throw new IllegalStateException("no fixture class under " + FIXTURES + " on the class path");
        }
        for (byte[] b : async) {
            WeaveResult r = weaver.weave(b);
            if (!r.changed() || r.hasErrors()) {
                throw new IllegalStateException("a fixture did not weave cleanly (already woven by the build?): "
                        + r.wovenMethods() + " " + r.diagnostics());
            }
        }
        plain = ClassFiles.fromJdk("java.base", PLAIN).toArray(byte[][]::new);
    }

    /** Classes with {@code @Async} methods, woven. */
    @Benchmark
    public byte[] asyncClasses() {
        byte[] b = async[nextAsync];
        nextAsync = (nextAsync + 1) % async.length;
        return weaver.weave(b).bytes();
    }

    /** Plain classes through the pre-filter (what the agent does with every class it sees). */
    @Benchmark
    public byte[] plainClassesPrefiltered() {
        byte[] b = plain[nextPlain];
        nextPlain = (nextPlain + 1) % plain.length;
        return Weaver.mightNeedWeaving(b) ? weaver.weave(b).bytes() : b;
    }

    /** Plain classes parsed by the weaver with no pre-filter. */
    @Benchmark
    public byte[] plainClassesParsed() {
        byte[] b = plain[nextPlain];
        nextPlain = (nextPlain + 1) % plain.length;
        return weaver.weave(b).bytes();
    }
}
