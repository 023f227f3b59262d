package dev.weft.weaver.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential test: random generator programs with suspension points at random places, each run
 * woven and on a reference that needs no weaving (the same body on a thread handing values over, see
 * {@link ThreadGenerator}), with identical results required: the same values yielded, the same return
 * value, the same exceptions, the same states after every step.
 *
 * <p>{@code -Dweft.differential.count=N} runs N programs (default 300) from
 * {@code -Dweft.differential.seed=S} (default 1): programs S, S+1, ... A failure prints its seed and
 * source; run that seed with count 1 to reproduce it. Reports (seed, first difference, woven source) are
 * also written to {@code weaver/target/differential-failures/}.
 */
class DifferentialTest {
    private static final long DEFAULT_SEED = 1;
    private static final int DEFAULT_COUNT = 300;

    /**
     * Seeds whose programs the weaver once got wrong, kept as regression cases. They name programs of
     * this version of {@link ProgramGenerator}: a change to the generator changes them.
     */
    static final long[] REGRESSION_SEEDS = {
        // refused (b5ef75e, fixed in 43cac52): an object already constructed by new, still on the operand
        // stack at a suspension point, taken for an uninitialized one; one seed per javac variant
        30, 4, 32,
    };

    /** Minimal programs the weaver once got wrong (see {@link ProgramGenerator#fromTemplate}). */
    static List<ProgramGenerator.Program> regressionPrograms() {
        return List.of(
                // refused (b5ef75e, fixed in 43cac52): "the uninitialized Rt$Box made at line 22 is on
                // the stack at yield" although its constructor has run
                ProgramGenerator.fromTemplate(1, "NewObjectArgumentAcrossYield", "nnn", """
                        @@ static run(int seed, long p1, double p2, String p3)
                        Object o = Rt.fo(new Rt.Box(1), $C.yield("a"), "b");
                        return $C.done(Rt.sum(o));
                        """),
                // the same with JDK classes only; also every string concatenation holding a suspension
                // when javac compiles concatenation inline (-XDstringConcat=inline, --release 8)
                ProgramGenerator.fromTemplate(2, "StringBuilderReceiverAcrossYield", "nnn", """
                        @@ static run(int seed, long p1, double p2, String p3)
                        String s = new StringBuilder("x").append((Object) $C.yield("a")).toString();
                        return $C.done(s + new StringBuilder().append(seed).append((Object) $C.yield(s)));
                        """));
    }

    /**
     * Seeds whose programs close a generator while it delegates (with this version of the generator): weft
     * once threw GeneratorExit into the innermost generator instead of closing it as PEP 380 says.
     */
    static final long[] CLOSE_THROUGH_DELEGATION_SEEDS = {237, 194};

    /** Minimal programs closing a generator while it delegates: PEP 380's close, level by level. */
    static List<ProgramGenerator.Program> closeThroughDelegation() {
        return List.of(
                // the sub-generator yields while closing. Python: the delegator gets RuntimeError("generator
                // ignored GeneratorExit") at its yield from, returns, and close() returns: CLOSED
                ProgramGenerator.fromTemplate(3, "CloseWhileDelegatingSubYields", "nc", """
                        @@ static run(int seed, long p1, double p2, String p3)
                        try {
                            $C.yieldFrom(sub());
                        } catch (RuntimeException e) {
                            return $C.done("delegator caught " + Rt.describe(e));
                        }
                        return $C.done("end");
                        @@ static sub()
                        try {
                            $C.yield(1);
                        } finally {
                            $C.yield(2);
                        }
                        return $C.done();
                        """),
                // the sub-generator returns from a finally block while closing. Python: GeneratorExit is
                // raised in the delegator (not the value), close() returns: CLOSED
                ProgramGenerator.fromTemplate(4, "CloseWhileDelegatingSubReturns", "nc", """
                        @@ static run(int seed, long p1, double p2, String p3)
                        Object r = $C.yieldFrom(sub(seed));
                        $C.yield("after " + r);
                        return $C.done("end");
                        @@ static sub(int seed)
                        try {
                            $C.yield(1);
                        } finally {
                            if (seed > 0) {
                                return $C.done("swallowed");
                            }
                        }
                        return $C.done();
                        """),
                // the first case through a tail delegation (return sub()): the reference delegates once
                // the body has returned. Python: close() throws and the generator is CLOSED
                ProgramGenerator.fromTemplate(5, "CloseWhileTailDelegatingSubYields", "nnc", """
                        @@ static run(int seed, long p1, double p2, String p3)
                        $C.yield(0);
                        return $TAIL(sub());
                        @@ static sub()
                        try {
                            $C.yield(1);
                        } finally {
                            $C.yield(2);
                        }
                        return $C.done();
                        """));
    }

    @Test
    void randomProgramsBehaveTheSameWovenAndThreaded() {
        long base = Long.getLong("weft.differential.seed", DEFAULT_SEED);
        int count = Integer.getInteger("weft.differential.count", DEFAULT_COUNT);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(base + i);
        }
        Harness h = new Harness();
        long start = System.nanoTime();
        h.run(seeds);
        report("random programs from seed " + base, h, start);
        assertNoFailures(h, count + " random programs");
    }

    @Test
    void regressions() {
        Harness h = new Harness();
        long start = System.nanoTime();
        h.run(seeds(REGRESSION_SEEDS));
        h.run(seeds(CLOSE_THROUGH_DELEGATION_SEEDS));
        h.runPrograms(regressionPrograms());
        h.runPrograms(closeThroughDelegation());
        report("regression seeds and programs (programs under each javac variant)", h, start);
        assertNoFailures(h, "regression cases");
    }

    private static List<Long> seeds(long[] seeds) {
        List<Long> out = new ArrayList<>();
        for (long s : seeds) {
            out.add(s);
        }
        return out;
    }

    private static void report(String what, Harness h, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        Driver.Stats s = h.stats;
        System.out.printf("differential test (%s): %d programs run (%d generator methods, %d suspension call"
                        + " sites in the source, %d suspension points in the bytecode), woven and threaded; %d"
                        + " suspensions run (values out of send/next/throwIn), %d sends/nexts, %d throwIns, %d"
                        + " closes, %d hasNexts; %d returned, %d raised; %d failures; %d skipped as javac crashed"
                        + " on them %s; %.1f s (javac %.1f, weaving and checking %.1f, driving %.1f)%n",
                what, h.programs, h.methods, h.sites, h.bytecodePoints, s.yields, s.sends, s.throwIns, s.closes,
                s.hasNexts, s.returned, s.threw, h.failures.size(), h.javacCrashes.size(), h.javacCrashes, seconds,
                h.compileNanos / 1e9, h.weaveNanos / 1e9, h.driveNanos / 1e9);
    }

    private static void assertNoFailures(Harness h, String what) {
        if (h.failures.isEmpty()) {
            return;
        }
        Path dir = h.writeReports();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < h.failures.size(); i++) {
            Harness.Failure f = h.failures.get(i);
            if (i < 3) {
                System.out.println(f.report());
            }
            list.append("\n  ").append(f.name()).append(" (seed ").append(f.seed()).append("): ").append(f.kind());
        }
        assertTrue(false, h.failures.size() + " failures among " + what + ":" + list + "\nreports in " + dir
                + "; reproduce a random program with -Dweft.differential.seed=SEED -Dweft.differential.count=1");
    }
}
