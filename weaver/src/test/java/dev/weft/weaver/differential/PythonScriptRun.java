package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code python3} process running one script of the CPython differential tests: writes the script to
 * a temporary folder, starts it, and, when asked, waits for it and reads back the one JSON line it prints
 * per program: {@code {"id": name, "t": [transcript]}}, or {@code {"id": name, "error": text}} if the
 * script itself failed on it. Started before javac runs for the Java side, so that the two run side by side.
 */
final class PythonScriptRun {
    /** What Python made of one program: its transcript, or why the script could not run it. */
    record Result(List<String> transcript, String error) {}

    private final Process process;
    private final long timeoutSeconds;
    private final Path dir;
    private final Path script;
    private final Path out;
    private final Path err;

    private PythonScriptRun(Process process, long timeoutSeconds, Path dir, Path script, Path out, Path err) {
        this.process = process;
        this.timeoutSeconds = timeoutSeconds;
        this.dir = dir;
        this.script = script;
        this.out = out;
        this.err = err;
    }

    /**
     * Writes {@code text} as {@code fileName} in a new temporary folder named from {@code prefix}, and starts
     * it; {@link #finish} allows it {@code timeoutSeconds}.
     */
    static PythonScriptRun start(Path python, String prefix, String fileName, String text, long timeoutSeconds)
            throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Path script = dir.resolve(fileName);
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err.txt");
        // -I: isolated from the user's environment variables and site packages
        Process p = new ProcessBuilder(python.toString(), "-I", "-X", "utf8", script.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new PythonScriptRun(p, timeoutSeconds, dir, script, out, err);
    }

    /** Waits for the process and returns the results by program name; removes the temporary folder. */
    Map<String, Result> finish() throws IOException, InterruptedException {
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("python3 did not finish in " + timeoutSeconds + " s");
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("python3 exited with " + process.exitValue() + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Map<String, Result> results = new LinkedHashMap<>();
            for (String line : lines) {
                Map<String, Object> o = PythonJson.parseObject(line);
                @SuppressWarnings("unchecked")
                List<String> t = (List<String>) o.get("t");
                results.put((String) o.get("id"), new Result(t, (String) o.get("error")));
            }
            return results;
        } finally {
            for (Path p : List.of(out, err, script, dir)) {
                Files.deleteIfExists(p);
            }
        }
    }
}
