package dev.weft.weaver.differential;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python side of many programs in one {@code python3} process ({@link PythonScriptRun}): one
 * script of the helpers, the exception mapping, the driver, and every program's source and script as
 * data; a program the script cannot run (one that does not compile, say) gets an error. Start it before
 * compiling the Java side: the two then run side by side. Also finds {@code python3} for both tests.
 */
final class PythonRunner {
    /** How long the whole Python run may take. */
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * The driver: the twin of {@link PythonJavaDriver}. Each program runs in a namespace of its own, made
     * from the helpers; its transcript starts with the created generator's state, then has one entry per
     * operation: {@code op -> outcome @STATE {records made during it}}.
     */
    private static final String DRIVER = """
            import json, sys

            sys.unraisablehook = lambda u: None  # generators kept alive in K are finalized after their transcript

            HELPERS = dict(globals())
            AFTER_CLOSE = %d

            def value(text):
                if text == "N":
                    return None
                if text[0] == "i":
                    return int(text[1:])
                return text[1:]

            def error(text):
                if text == "GeneratorExit":
                    return GeneratorExit()
                if text.startswith("TestError("):
                    return TestError(text[len("TestError("):-1])
                if text.startswith("StopIteration("):
                    return StopIteration(value(text[len("StopIteration("):-1]))
                raise AssertionError("unknown error " + text)

            def step(g, op):
                if op == "next":
                    return "yield " + fmt(next(g))
                if op == "close":
                    g.close()
                    return "ok"
                if op.startswith("send("):
                    return "yield " + fmt(g.send(value(op[len("send("):-1])))
                if op.startswith("throw("):
                    return "yield " + fmt(g.throw(error(op[len("throw("):-1])))
                raise AssertionError("unknown operation " + op)

            def outcome(g, op):
                try:
                    return step(g, op)
                except StopIteration as e:
                    return "stop " + fmt(e.value)
                except BaseException as e:
                    return "raise " + exc(e)

            def drive(name, arg, source, ops):
                ns = dict(HELPERS)
                exec(compile(source, name + ".py", "exec"), ns)
                records = ns["R"]
                g = ns["f0"](arg)
                ns["H"][0] = g
                t = ["start @" + state(g)]
                closed = 0
                for i, op in enumerate(ops):
                    if closed == AFTER_CLOSE and i < len(ops) - 1:
                        continue
                    closed = closed + 1 if state(g) == "CLOSED" else 0
                    n = len(records)
                    o = outcome(g, op)
                    t.append(op + " -> " + o + " @" + state(g) + " {" + ",".join(records[n:]) + "}")
                return t

            for name, arg, source, ops in PROGRAMS:
                try:
                    print(json.dumps({"id": name, "t": drive(name, arg, source, ops)}))
                except BaseException as e:
                    print(json.dumps({"id": name, "error": type(e).__name__ + ": " + str(e)}))
            """.formatted(PythonJavaDriver.AFTER_CLOSE);

    /** The {@code python3} on the PATH, or null. */
    static Path findPython() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, "python3");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The {@code python3} on the PATH if it is 3.{@code minor} or later; else the calling test is skipped
     * (a JUnit assumption) with a message that says it needs that version for {@code what}.
     */
    static Path requirePython(int minor, String what) throws IOException, InterruptedException {
        Path python = findPython();
        Assumptions.assumeTrue(python != null, "python3 not found: not on the PATH " + System.getenv("PATH"));
        String version = version(python);
        Matcher m = Pattern.compile("Python 3\\.(\\d+)").matcher(version);
        Assumptions.assumeTrue(m.find() && Integer.parseInt(m.group(1)) >= minor,
                what + " need Python 3." + minor + " or later, not " + version);
        return python;
    }

    /** The version line {@code python3 --version} prints. */
    static String version(Path python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python.toString(), "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return v;
    }

    /** Writes the script for {@code programs} and starts it. */
    static PythonScriptRun start(Path python, List<PythonProgram> programs) throws IOException {
        return PythonScriptRun.start(python, "weft-pydiff", "pydiff.py", script(programs), TIMEOUT_SECONDS);
    }

    /** The whole script: helpers, mapping, programs as data, driver. */
    static String script(List<PythonProgram> programs) {
        StringBuilder s = new StringBuilder();
        s.append(PythonRt.PRELUDE).append('\n').append(PythonExceptionMap.PYTHON).append("\nPROGRAMS = [\n");
        for (PythonProgram p : programs) {
            s.append("    (").append(PythonJson.quote(p.name())).append(", ").append(p.arg()).append(", ")
                    .append(PythonJson.quote(p.python())).append(", ").append(PythonJson.quote(p.script()))
                    .append("),\n");
        }
        s.append("]\n\n").append(DRIVER);
        return s.toString();
    }
}
