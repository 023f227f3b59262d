package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs programs on both sides, CPython ({@link PythonRunner}) and woven Java ({@link PythonWovenRunner}),
 * and compares their transcripts entry for entry.
 */
final class PythonComparison {
    private PythonComparison() {}

    /** One program whose sides disagree, or that one side could not run. */
    record Failure(PythonProgram program, String problem) {
        /** The program's name and seed. */
        String title() {
            return program.title();
        }

        /** The problem, the script and both sources. */
        String report() {
            return "=== python differential failure: " + title() + "\n" + problem + "\n" + program.describe();
        }
    }

    /** What comparing some programs found, with counts of what they did, and the Java side's timings. */
    record Outcome(List<Failure> failures, int operations, int records, PythonWovenRunner java) {
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
    static Outcome run(Path python, List<PythonProgram> programs) throws IOException, InterruptedException {
        PythonRunner py = PythonRunner.start(python, programs); // runs while javac compiles
        PythonWovenRunner java = new PythonWovenRunner();
        Map<String, PythonWovenRunner.Result> woven = java.run(programs);
        Map<String, PythonRunner.Result> cpython = py.finish();
        List<Failure> failures = new ArrayList<>();
        int operations = 0;
        int records = 0;
        for (PythonProgram p : programs) {
            PythonRunner.Result expected = cpython.get(p.name());
            PythonWovenRunner.Result got = woven.get(p.name());
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
                failures.add(new Failure(p, problem));
            }
        }
        return new Outcome(failures, operations, records, java);
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
        String where = i == 0 ? "the created generator" : "operation " + i + ": " + operation(expected, got, i);
        StringBuilder sb = new StringBuilder("transcripts differ at entry " + i + " (" + where + ")");
        sb.append("\n    CPython: ").append(i < expected.size() ? expected.get(i) : "(nothing)");
        sb.append("\n    weft:    ").append(i < got.size() ? got.get(i) : "(nothing)");
        sb.append("\n--- CPython transcript:");
        expected.forEach(e -> sb.append("\n    ").append(e));
        sb.append("\n--- weft transcript:");
        got.forEach(e -> sb.append("\n    ").append(e));
        return sb.toString();
    }

    /** The operation of entry {@code i}, as the entry itself begins (a skipped one has no entry). */
    private static String operation(List<String> expected, List<String> got, int i) {
        String entry = i < expected.size() ? expected.get(i) : got.get(i);
        int arrow = entry.indexOf(" -> ");
        return arrow < 0 ? entry : entry.substring(0, arrow);
    }
}
