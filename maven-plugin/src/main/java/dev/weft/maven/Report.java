package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/** The lines the plugin prints about a {@link WeaveOutcome}: the summary, the woven methods, the failure. */
public final class Report {
    private Report() {
    }

    /**
     * The one-line summary, {@code weft: wove 12 methods in 5 classes}, followed by
     * {@code (3 classes already woven)} when some were.
     */
    public static String summary(WeaveOutcome outcome) {
        String line = "weft: wove " + count(outcome.methodCount(), "method", "methods")
                + " in " + count(outcome.woven().size(), "class", "classes");
        if (outcome.alreadyWoven() > 0) {
            line += " (" + count(outcome.alreadyWoven(), "class", "classes") + " already woven)";
        }
        return line;
    }

    /** One line per woven method, {@code weft: woven demo/Shop.checkout(I)Ldev/weft/Coroutine;}, in path order. */
    public static List<String> wovenMethods(WeaveOutcome outcome) {
        List<String> lines = new ArrayList<>();
        for (WovenClass c : outcome.woven()) {
            for (String m : c.wovenMethods()) {
                lines.add("weft: woven " + m);
            }
        }
        return lines;
    }

    /** How many of the class files left out unwoven one warning names before it counts the rest. */
    static final int NAMED_LEFT_OUT = 3;

    /**
     * One line per warning, {@code weft: } and the diagnostic (place, then problem); then one line for the
     * class files the includes and excludes left out though they needed weaving, so that none ships
     * unwoven in silence (one line, naming the first few: a deliberate exclusion, as of classes an agent
     * is to weave, should not drown the build's output).
     */
    public static List<String> warnings(WeaveOutcome outcome) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic d : outcome.warnings()) {
            lines.add("weft: " + d);
        }
        List<String> leftOut = outcome.excludedUnwoven();
        if (leftOut.size() == 1) {
            lines.add("weft: " + leftOut.get(0) + " has suspension points but is left out by <includes>/<excludes>:"
                    + " it ships unwoven, and its await and yield calls will throw");
        } else if (!leftOut.isEmpty()) {
            String named = String.join(", ", leftOut.subList(0, Math.min(NAMED_LEFT_OUT, leftOut.size())));
            int more = leftOut.size() - NAMED_LEFT_OUT;
            lines.add("weft: " + leftOut.size() + " class files have suspension points but are left out by"
                    + " <includes>/<excludes> (" + named + (more > 0 ? " and " + more + " more" : "") + "): they"
                    + " ship unwoven, and their await and yield calls will throw");
        }
        return lines;
    }

    /**
     * The message that fails the build: how many errors, that nothing was written, then one indented line
     * per error with its class, method, source file and line, problem and fix.
     */
    public static String failure(WeaveOutcome outcome) {
        List<Diagnostic> errors = outcome.errors();
        int total = errors.size() + outcome.unreadable().size();
        long classes = errors.stream().map(Diagnostic::className).distinct().count() + outcome.unreadable().size();
        StringBuilder message = new StringBuilder("weft: ")
                .append(count(total, "weaving error", "weaving errors"))
                .append(" in ").append(count((int) classes, "class", "classes"))
                .append(" of ").append(outcome.directory())
                .append("; no class file was changed:");
        for (Diagnostic d : errors) {
            message.append(System.lineSeparator()).append("  ").append(d);
        }
        for (String u : outcome.unreadable()) {
            message.append(System.lineSeparator()).append("  ").append(u);
        }
        return message.toString();
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
