package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the agent's integration tests share: child JVMs on the JDK that runs the build, and the paths
 * failsafe passes them as system properties.
 */
final class ChildJvm {
    /** The fixture programs' package, as a path. */
    static final String FIXTURE = "dev/weft/agent/fixture/";

    private ChildJvm() {
    }

    /** What a child JVM printed, line by line, and how it ended. */
    record Run(List<String> command, int exitCode, List<String> stdout, List<String> stderr) {
        void assertExitedNormally() {
            assertEquals(0, exitCode, toString());
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n  exit " + exitCode + "\n  stdout:\n    "
                    + String.join("\n    ", stdout) + "\n  stderr:\n    " + String.join("\n    ", stderr);
        }
    }

    /** Runs {@code java arguments} to its end (two minutes at most), its output kept in {@code workDir}. */
    static Run java(Path workDir, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(command, process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }

    /** The system property failsafe sets, which must be there. */
    static String required(String property) {
        String value = System.getProperty(property);
        assertNotNull(value, "system property " + property + " is not set (failsafe sets it)");
        return value;
    }

    /** The folder or jar {@code type} was loaded from. */
    static String location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The 1-based line of {@code marker} in a fixture's source. */
    static int lineOf(String file, String marker) throws IOException {
        Path source = Paths.get(required("weft.test.sources")).resolve(FIXTURE + file);
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no '" + marker + "' in " + source);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
