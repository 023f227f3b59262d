package dev.weft.weaver.differential;

/**
 * Writes one generator function body in Python and in Java at once, statement for statement
 * ({@link TwinWriter}), with a shorthand for the one-statement blocks the generator programs use often.
 */
final class PythonTwinWriter extends TwinWriter {
    /** A block that opens and closes around one statement: {@code if c:} {@code raise ...}. */
    void guarded(String pyHeader, String javaHeader, String python, String javaText) {
        open(pyHeader, javaHeader);
        line(python, javaText);
        close();
    }
}
