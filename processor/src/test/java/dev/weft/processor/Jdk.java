package dev.weft.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An installed JDK whose {@code javac} and {@code java} binaries the end-to-end tests run. */
record Jdk(Path home, int feature) {
    /** What a process printed (standard output and error together) and its exit code. */
    record Run(int exitCode, String output) {}

    /**
     * The JDK running the tests, and the JDK 17 and JDK 25 installations named by the system properties
     * {@code weft.jdk17.home} and {@code weft.jdk25.home} if they exist, each once.
     */
    static List<Jdk> installed() {
        Map<Path, Jdk> found = new LinkedHashMap<>();
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        for (String property : new String[] {"weft.jdk17.home", "weft.jdk25.home"}) {
            String home = System.getProperty(property);
            if (home != null && !home.isBlank()) {
                homes.add(Path.of(home));
            }
        }
        for (Path home : homes) {
            Jdk jdk = at(home);
            if (jdk != null) {
                found.putIfAbsent(jdk.home, jdk);
            }
        }
        return List.copyOf(found.values());
    }

    /** The JDK at {@code home}, or null if there is none with a javac. */
    static Jdk at(Path home) {
        try {
            Path real = home.toRealPath();
            if (!Files.isExecutable(real.resolve("bin/javac"))) {
                return null;
            }
            Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(real.resolve("release")));
            return m.find() ? new Jdk(real, Integer.parseInt(m.group(1))) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    Path javac() {
        return home.resolve("bin/javac");
    }

    Path java() {
        return home.resolve("bin/java");
    }

    @Override
    public String toString() {
        return "JDK " + feature + " (" + home + ")";
    }

    /** Runs {@code command} in {@code dir} with this JDK as JAVA_HOME, waiting at most five minutes. */
    Run run(Path dir, List<String> command) {
        try {
            Path log = Files.createTempFile(dir, "process-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            pb.environment().put("JAVA_HOME", home.toString());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
