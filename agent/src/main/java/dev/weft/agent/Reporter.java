package dev.weft.agent;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the agent tells the user: diagnostics and woven methods on stderr, woven class files under
 * the dump folder. Each message is printed whole in one call, so lines from concurrent class loading do
 * not interleave. Never throws.
 */
final class Reporter {
    private static final String PREFIX = "weft: ";

    private final AgentOptions options;
    private final PrintStream err;

    /** A reporter that prints on {@code err} and follows {@code options} (verbose, dump folder). */
    Reporter(AgentOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
    }

    /** Where the woven bytes of a class came from, as the verbose lines tell it. */
    enum Origin {
        /** The weaver wove the class as it loaded. */
        WOVEN(""),
        /** The class cache held the class woven in an earlier run: no weaving. */
        CACHE(" (from the class cache)"),
        /** The class was redefined or retransformed (a hot swap, another agent) and woven anew. */
        REDEFINITION(" (again: redefined)");

        private final String suffix;

        Origin(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * Reports what weaving one class produced: every diagnostic, then (if {@code verbose}) every woven
     * method, saying where the woven bytes came from unless the weaver just made them; writes
     * {@code finalBytes} under the dump folder when the class changed.
     *
     * @param internalName the class, as {@code demo/Shop}
     * @param result the weaver's result
     * @param finalBytes the class file the JVM defines, or null if the class is left as it was
     * @param origin how the bytes were had
     */
    void woven(String internalName, WeaveResult result, byte[] finalBytes, Origin origin) {
        for (Diagnostic d : result.diagnostics()) {
            String kind = d.severity() == Diagnostic.Severity.ERROR ? "error: " : "warning: ";
            err.println(PREFIX + kind + d);
        }
        if (finalBytes == null || !result.changed()) {
            return;
        }
        if (options.verbose()) {
            StringBuilder lines = new StringBuilder();
            for (String method : result.wovenMethods()) {
                lines.append(PREFIX).append("wove ").append(method).append(origin.suffix)
                        .append(System.lineSeparator());
            }
            err.print(lines);
            err.flush();
        }
        if (options.dumpDir() != null) {
            dump(internalName, finalBytes);
        }
    }

    /** Reports a failure of the weaver or of Byte Buddy (a bug): the class is left as it was. */
    void failed(String className, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        err.print(PREFIX + "internal error: cannot weave " + className
                + ", which is left unwoven (please report this): " + trace);
        err.flush();
    }

    /** Reports something odd that does not stop weaving. */
    void warning(String message) {
        err.println(PREFIX + "warning: " + message);
    }

    private void dump(String internalName, byte[] bytes) {
        Path file = options.dumpDir().resolve(internalName + ".class");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException | RuntimeException e) {
            warning("cannot dump " + internalName + " to " + file + ": " + e);
        }
    }
}
