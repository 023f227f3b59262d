package dev.weft.weaver.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the driver script of a {@link PythonProgram}: 3 to 16 operations and a final {@code close}.
 * Mostly {@code next} and {@code send} (ints, strings, None), now and then a throw of the test error, of
 * {@code GeneratorExit} or of {@code StopIteration}, or a {@code close}; a quarter of the scripts start
 * with something other than {@code next}, most often a non-None send (Python's TypeError: the generator
 * stays CREATED).
 */
final class PythonScriptGenerator {
    private final Random r;
    private int errors;

    PythonScriptGenerator(Random r) {
        this.r = r;
    }

    /** A new script. */
    List<String> script() {
        List<String> ops = new ArrayList<>();
        int n = 3 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            ops.add(i == 0 ? first() : operation());
        }
        ops.add("close");
        return ops;
    }

    private String first() {
        int k = r.nextInt(100);
        if (k < 15) {
            return "send(" + sentValue() + ")";
        }
        if (k < 20) {
            return "throw(TestError(t" + ++errors + "))";
        }
        if (k < 23) {
            return "close";
        }
        if (k < 25) {
            return "throw(StopIteration(" + sentValue() + "))"; // PEP 479 applies even before the body starts
        }
        return "next";
    }

    private String operation() {
        int k = r.nextInt(100);
        if (k < 38) {
            return "next";
        }
        if (k < 74) {
            return "send(" + sentValue() + ")";
        }
        if (k < 78) {
            return "send(N)";
        }
        if (k < 87) {
            return "throw(TestError(t" + ++errors + "))";
        }
        if (k < 91) {
            return "throw(GeneratorExit)";
        }
        if (k < 93) {
            return "throw(StopIteration(" + sentValue() + "))";
        }
        return "close";
    }

    private String sentValue() {
        if (r.nextInt(3) == 0) {
            return "s" + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26));
        }
        return "i" + r.nextInt(100);
    }
}
