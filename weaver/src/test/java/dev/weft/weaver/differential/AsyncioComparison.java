package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs asyncio programs on both sides, CPython ({@link AsyncioPythonRunner}) and woven Java
 * ({@link AsyncioJavaRunner}), and compares their transcripts ({@link TranscriptDiff}).
 */
final class AsyncioComparison {
    private AsyncioComparison() {}

    /** What comparing some programs found: failures, how many records were compared, the Java side's timings. */
    record Outcome(List<TwinFailure> failures, int records, int deadlocks, AsyncioJavaRunner java) {}

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
                problem = TranscriptDiff.difference(expected.transcript(), got.transcript(), i -> null);
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
}
