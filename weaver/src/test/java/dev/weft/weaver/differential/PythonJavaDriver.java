package dev.weft.weaver.differential;

import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a woven generator by a {@link PythonProgram}'s script and writes its transcript: the twin of the
 * driver in {@link PythonRunner}, entry for entry. The first entry is the created generator's state; then
 * one per operation: {@code op -> outcome @STATE {records}}, where the outcome is {@code yield V},
 * {@code stop V} (a {@link StopIteration} with value V), {@code raise E} (E from
 * {@link PythonExceptionMap}) or {@code ok} (close returned), and the records are those the bodies made
 * during the operation. After {@link #AFTER_CLOSE} operations on a closed generator, the rest of the
 * script is skipped, but for its final close.
 */
final class PythonJavaDriver {
    /**
     * How many operations of the script run on a closed generator: the rest is skipped, but for the
     * script's last operation (the final close).
     */
    static final int AFTER_CLOSE = 3;

    private PythonJavaDriver() {}

    /** Runs {@code script} on {@code g}, whose bodies append to {@code records}. */
    static List<String> drive(Generator<Object, Object, Object> g, List<String> records, List<String> script) {
        List<String> t = new ArrayList<>();
        t.add("start @" + PythonRt.state(g));
        int closed = 0;
        for (int i = 0; i < script.size(); i++) {
            if (closed == AFTER_CLOSE && i < script.size() - 1) {
                continue;
            }
            closed = g.state() == CoroutineState.CLOSED ? closed + 1 : 0;
            String op = script.get(i);
            int n = records.size();
            String outcome = outcome(g, op);
            t.add(op + " -> " + outcome + " @" + PythonRt.state(g) + " {"
                    + String.join(",", records.subList(n, records.size())) + "}");
        }
        return t;
    }

    private static String outcome(Generator<Object, Object, Object> g, String op) {
        try {
            return step(g, op);
        } catch (StopIteration e) {
            return "stop " + PythonRt.fmt(e.value());
        } catch (Throwable e) {
            return "raise " + PythonExceptionMap.canonical(e);
        }
    }

    private static String step(Generator<Object, Object, Object> g, String op) {
        if (op.equals("next")) {
            return "yield " + PythonRt.fmt(g.next());
        }
        if (op.equals("close")) {
            g.close();
            return "ok";
        }
        if (op.startsWith("send(")) {
            return "yield " + PythonRt.fmt(g.send(value(argument(op, "send("))));
        }
        if (op.startsWith("throw(")) {
            return "yield " + PythonRt.fmt(g.throwIn(error(argument(op, "throw("))));
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }

    private static String argument(String text, String prefix) {
        return text.substring(prefix.length(), text.length() - 1);
    }

    /** The value a {@link PythonRt#fmt} text stands for. */
    static Object value(String text) {
        if (text.equals("N")) {
            return null;
        }
        if (text.charAt(0) == 'i') {
            return Integer.valueOf(text.substring(1));
        }
        return text.substring(1);
    }

    private static Throwable error(String text) {
        if (text.equals("GeneratorExit")) {
            return new GeneratorExit();
        }
        if (text.startsWith("TestError(")) {
            return new PythonRt.TestError(argument(text, "TestError("));
        }
        if (text.startsWith("StopIteration(")) {
            return new StopIteration(value(argument(text, "StopIteration(")));
        }
        throw new IllegalArgumentException("unknown error " + text);
    }
}
