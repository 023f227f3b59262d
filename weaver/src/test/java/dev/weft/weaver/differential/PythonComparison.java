package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs programs on both sides, CPython ({@link PythonRunner}) and woven Java ({@link PythonWovenRunner}),
 * and compares their transcripts ({@link TranscriptDiff}).
 */
final class PythonComparison {
    private PythonComparison() {}

    /** What comparing some programs found, with counts of what they did, and the Java side's timings. */
    record Outcome(List<TwinFailure> failures, int operations, int records, PythonWovenRunner java) {}

    /** Runs {@code programs} on both sides and compares them. */
    static Outcome run(Path python, List<PythonProgram> programs) throws IOException, InterruptedException {
        PythonScriptRun py = PythonRunner.start(python, programs); // runs while javac compiles
        PythonWovenRunner java = new PythonWovenRunner();
        Map<String, WovenResult> woven = java.run(programs);
        Map<String, PythonScriptRun.Result> cpython = py.finish();
        List<TwinFailure> failures = new ArrayList<>();
        int operations = 0;
        int records = 0;
        for (PythonProgram p : programs) {
            PythonScriptRun.Result expected = cpython.get(p.name());
            WovenResult got = woven.get(p.name());
            String problem;
            if (expected == null || expected.error() != null) {
                problem = "the Python side failed: " + (expected == null ? "no output" : expected.error());
            } else if (got.problem() != null) {
                problem = got.problem();
            } else {
                problem = difference(expected.transcript(), got.transcript());
                List<String> steps = got.transcript().subList(1, got.transcript().size());
                operations += steps.size();
                for (String entry : steps) {
                    records += entry.endsWith("{}") ? 0 : entry.substring(entry.lastIndexOf('{')).split(",").length;
                }
            }
            if (problem != null) {
                failures.add(new TwinFailure("python", p, problem));
            }
        }
        return new Outcome(failures, operations, records, java);
    }

    /** Null if the transcripts are equal, else where they first differ (which operation), with the whole of both. */
    static String difference(List<String> expected, List<String> got) {
        return TranscriptDiff.difference(expected, got,
                i -> i == 0 ? "the created generator" : "operation " + i + ": " + operation(expected, got, i));
    }

    /** The operation of entry {@code i}, as the entry itself begins (a skipped one has no entry). */
    private static String operation(List<String> expected, List<String> got, int i) {
        String entry = i < expected.size() ? expected.get(i) : got.get(i);
        int arrow = entry.indexOf(" -> ");
        return arrow < 0 ? entry : entry.substring(0, arrow);
    }
}
