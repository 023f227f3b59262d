package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs asyncio programs on both sides, CPython ({@link AsyncioPythonRunner}) and woven Java
 * ({@link AsyncioJavaRunner}), and compares their transcripts entry for entry.
 */
final class AsyncioComparison {
    private AsyncioComparison() {}

    /** One program whose sides disagree, or that one side could not run. */
    record Failure(AsyncioProgram program, String problem) {
        String title() {
            return program.title();
        }

        /** The problem and both sources. */
        String report() {
            return "=== asyncio differential failure: " + title() + "\n" + problem + "\n" + program.describe();
        }
    }

    /** What comparing some programs found: failures, how many records were compared, the Java side's timings. */
    record Outcome(List<Failure> failures, int records, int deadlocks, AsyncioJavaRunner java) {
        /** Writes each failure's report to a file in {@code dir}; returns the folder, or null if it cannot. */
        Path writeReports(Path dir) {
            try {
                Files.createDirectories(dir);
                for (Failure f : failures) {
                    Files.writeString(dir.resolve(f.title().replaceAll("\\W+", "_") + ".txt"), f.report());
                }
                return dir;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Runs {@code programs} on both sides and compares them. */
    static Outcome run(Path python, List<AsyncioProgram> programs) throws IOException, InterruptedException {
        AsyncioPythonRunner py = AsyncioPythonRunner.start(python, programs); // runs while javac compiles
        AsyncioJavaRunner java = new AsyncioJavaRunner();
        Map<String, AsyncioJavaRunner.Result> woven = java.run(programs);
        Map<String, AsyncioPythonRunner.Result> cpython = py.finish();
        List<Failure> failures = new ArrayList<>();
        int records = 0;
        int deadlocks = 0;
        for (AsyncioProgram p : programs) {
            AsyncioPythonRunner.Result expected = cpython.get(p.name());
            AsyncioJavaRunner.Result got = woven.get(p.name());
            String problem;
            if (expected == null || expected.error() != null) {
                problem = "the Python side failed: " + (expected == null ? "no output" : expected.error());
            } else if (got == null || got.problem() != null) {
                problem = got == null ? "the Java side made no result" : got.problem();
            } else {
                problem = difference(expected.transcript(), got.transcript());
                records += got.transcript().size();
                if (got.transcript().stream().anyMatch(l -> l.endsWith("Deadlock"))) {
                    deadlocks++;
                }
            }
            if (problem != null) {
                failures.add(new Failure(p, problem));
            }
        }
        return new Outcome(failures, records, deadlocks, java);
    }

    /** Null if the transcripts are equal, else where they first differ, with the whole of both. */
    static String difference(List<String> expected, List<String> got) {
        if (expected.equals(got)) {
            return null;
        }
        int i = 0;
        while (i < expected.size() && i < got.size() && expected.get(i).equals(got.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder("transcripts differ at entry " + i);
        sb.append("\n    CPython: ").append(i < expected.size() ? expected.get(i) : "(nothing)");
        sb.append("\n    weft:    ").append(i < got.size() ? got.get(i) : "(nothing)");
        sb.append("\n--- CPython transcript:");
        expected.forEach(e -> sb.append("\n    ").append(e));
        sb.append("\n--- weft transcript:");
        got.forEach(e -> sb.append("\n    ").append(e));
        return sb.toString();
    }
}
