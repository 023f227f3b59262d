package dev.weft.weaver.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One program whose CPython and woven Java sides disagree, or that one side could not run, in either
 * CPython differential test ({@code test} names which, for the report's heading); and how those tests
 * report such failures: a file per failure, the first few printed, and one assertion that names them all.
 */
record TwinFailure(String test, TwinProgram program, String problem) {
    /** The program's name and seed. */
    String title() {
        return program.title();
    }

    /** The problem and the program's sources. */
    String report() {
        return "=== " + test + " differential failure: " + title() + "\n" + problem + "\n" + program.describe();
    }

    /** Writes each failure's report to a file in {@code dir}; returns the folder, or null if it cannot. */
    static Path writeReports(List<TwinFailure> failures, Path dir) {
        try {
            Files.createDirectories(dir);
            for (TwinFailure f : failures) {
                Files.writeString(dir.resolve(f.title().replaceAll("\\W+", "_") + ".txt"), f.report());
            }
            return dir;
        } catch (IOException e) {
            return null; // the assertion still says what failed; the files are only a convenience
        }
    }

    /** Fails, with reports written to {@code dir}, if there are failures among {@code what}. */
    static void assertNone(List<TwinFailure> failures, Path dir, String what, String hint) {
        if (failures.isEmpty()) {
            return;
        }
        Path written = writeReports(failures, dir);
        for (int i = 0; i < Math.min(3, failures.size()); i++) {
            System.out.println(failures.get(i).report());
        }
        List<String> names = failures.stream().map(TwinFailure::title).toList();
        assertTrue(false, failures.size() + " failures among " + what + ": " + names + "\n"
                + failures.get(0).report() + "\nreports in "
                + (written == null ? "(not written)" : written.toAbsolutePath()) + "; " + hint);
    }
}
