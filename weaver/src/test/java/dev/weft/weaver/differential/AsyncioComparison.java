package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Runs asyncio programs on both sides, CPython ({@link AsyncioPythonRunner}) and woven Java
 * ({@link AsyncioJavaRunner}), and compares their transcripts ({@link TranscriptDiff}), with the records
 * made while the loop closed its async generators in generator order ({@link #shutdownByGenerator}).
 */
final class AsyncioComparison {
    private AsyncioComparison() {}

    /** What comparing some programs found: failures, how many records were compared, the Java side's timings. */
    record Outcome(List<TwinFailure> failures, int records, int deadlocks, AsyncioJavaRunner java) {}

    /**
     * The random programs of a differential test on this harness: {@code -Dweft.<key>.count=N} programs
     * (default {@code defaultCount}) made by {@code generate} from seeds {@code -Dweft.<key>.seed=S}
     * (default 1), S+1, ..., written out with {@code -Dweft.<key>.dump=DIR} ({@link #dump}); runs and
     * compares them, prints a summary headed {@code title}, and fails if any differ, with a report per
     * failure in {@code target/<failures>}.
     */
    static void checkRandomPrograms(Path python, String title, String key, int defaultCount,
                                    LongFunction<AsyncioProgram> generate, String failures)
            throws IOException, InterruptedException {
        long base = Long.getLong("weft." + key + ".seed", 1);
        int count = Integer.getInteger("weft." + key + ".count", defaultCount);
        long start = System.nanoTime();
        List<AsyncioProgram> programs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            programs.add(generate.apply(base + i));
        }
        dump(programs, "weft." + key + ".dump", key + ".py");
        Outcome o = run(python, programs);
        System.out.printf("%s differential test (%s): %d programs from seed %d, %d transcript lines, %d deadlocks;"
                        + " %d failures; %.1f s (javac %.1f, weaving %.1f, running %.1f)%n",
                title, PythonRunner.version(python), count, base, o.records(), o.deadlocks(), o.failures().size(),
                (System.nanoTime() - start) / 1e9, o.java().compileNanos() / 1e9, o.java().weaveNanos / 1e9,
                o.java().runNanos / 1e9);
        TwinFailure.assertNone(o.failures(), Path.of("target", failures), count + " random programs from seed "
                + base, "reproduce one with -Dweft." + key + ".seed=SEED -Dweft." + key + ".count=1");
    }

    /** Runs {@code programs} on both sides and compares them. */
    static Outcome run(Path python, List<AsyncioProgram> programs) throws IOException, InterruptedException {
        PythonScriptRun py = AsyncioPythonRunner.start(python, programs); // runs while javac compiles
        AsyncioJavaRunner java = new AsyncioJavaRunner();
        Map<String, WovenResult> woven = java.run(programs);
        Map<String, PythonScriptRun.Result> cpython = py.finish();
        List<TwinFailure> failures = new ArrayList<>();
        int records = 0;
        int deadlocks = 0;
        for (AsyncioProgram p : programs) {
            PythonScriptRun.Result expected = cpython.get(p.name());
            WovenResult got = woven.get(p.name());
            String problem;
            if (expected == null || expected.error() != null) {
                problem = "the Python side failed: " + (expected == null ? "no output" : expected.error());
            } else if (got == null || got.problem() != null) {
                problem = got == null ? "the Java side made no result" : got.problem();
            } else {
                problem = TranscriptDiff.difference(shutdownByGenerator(expected.transcript()),
                        shutdownByGenerator(got.transcript()), i -> null);
                records += got.transcript().size();
                if (got.transcript().stream().anyMatch(l -> l.endsWith("Deadlock"))) {
                    deadlocks++;
                }
            }
            if (problem != null) {
                failures.add(new TwinFailure("asyncio", p, problem));
            }
        }
        return new Outcome(failures, records, deadlocks, java);
    }

    /**
     * With {@code -D<property>=DIR}, writes each program's Java source and the whole Python script
     * ({@code DIR/<script>}, runnable as it is: it prints the Python transcripts) to {@code DIR}.
     */
    static void dump(List<AsyncioProgram> programs, String property, String script) throws IOException {
        String dir = System.getProperty(property);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        Path d = Files.createDirectories(Path.of(dir));
        Files.writeString(d.resolve(script), AsyncioPythonRunner.script(programs));
        for (AsyncioProgram p : programs) {
            Files.writeString(d.resolve(p.name() + ".java"), p.java());
        }
    }

    /**
     * {@code transcript} with the records made while the loop closed its async generators (after
     * {@link AsyncioJavaRunner#SHUTDOWN_MARK}) sorted by the generator that made each, stably, so that
     * each generator's records keep their order. The loop closes them all at once, in the order of a set
     * on both sides (CPython's {@code WeakSet}, weft's weak hash set: by address and by identity hash),
     * so only each one's own sequence is defined. A record made by a generator names it after a
     * {@code #} in its tag ({@code r5#3=i1@20}: generator 3); the others sort first.
     */
    static List<String> shutdownByGenerator(List<String> transcript) {
        int from = transcript.indexOf(AsyncioJavaRunner.SHUTDOWN_MARK) + 1;
        if (from == 0) {
            return transcript;
        }
        int to = from;
        while (to < transcript.size() && !transcript.get(to).startsWith("main: ")) {
            to++; // records, up to main's outcome line
        }
        List<String> sorted = new ArrayList<>(transcript.subList(0, from));
        List<String> closing = new ArrayList<>(transcript.subList(from, to));
        closing.sort(Comparator.comparingInt(AsyncioComparison::generatorOf));
        sorted.addAll(closing);
        sorted.addAll(transcript.subList(to, transcript.size()));
        return sorted;
    }

    /** The generator a record names after a {@code #} in its tag, or -1. */
    private static int generatorOf(String record) {
        int hash = record.indexOf('#');
        int eq = record.indexOf('=');
        return hash < 0 || hash > eq ? -1 : Integer.parseInt(record.substring(hash + 1, eq));
    }
}
