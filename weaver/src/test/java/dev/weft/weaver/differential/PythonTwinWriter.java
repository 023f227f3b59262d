package dev.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one function body in Python and in Java at once, statement for statement, so that the two
 * sources have the same structure by construction. Python's blocks are indentation (an empty one gets
 * {@code pass}), Java's are braces.
 */
final class PythonTwinWriter {
    private final StringBuilder py = new StringBuilder();
    private final StringBuilder java = new StringBuilder();
    /** Per open block: whether it has a statement yet (an empty Python block needs {@code pass}). */
    private final Deque<boolean[]> blocks = new ArrayDeque<>();

    PythonTwinWriter() {
        blocks.push(new boolean[1]);
    }

    /** One simple statement: {@code python} and {@code java} (with its semicolon). */
    void line(String python, String javaText) {
        blocks.peek()[0] = true;
        write(python, javaText, blocks.size() - 1);
    }

    /** Opens a block: a header such as {@code if c:} and {@code if (c) {}. */
    void open(String python, String javaHeader) {
        line(python, javaHeader);
        blocks.push(new boolean[1]);
    }

    /** Ends the open block and opens its next clause: {@code else:} and {@code } else {}. */
    void clause(String python, String javaText) {
        endBlock();
        write(python, javaText, blocks.size() - 1);
        blocks.push(new boolean[1]);
    }

    /** Ends the open block. */
    void close() {
        endBlock();
        write(null, "}", blocks.size() - 1);
    }

    /** A block that opens and closes around one statement: {@code if c:} {@code raise ...}. */
    void guarded(String pyHeader, String javaHeader, String python, String javaText) {
        open(pyHeader, javaHeader);
        line(python, javaText);
        close();
    }

    private void endBlock() {
        if (!blocks.pop()[0]) {
            write("pass", null, blocks.size());
        }
    }

    private void write(String python, String javaText, int depth) {
        if (python != null) {
            py.append("    ".repeat(depth)).append(python).append('\n');
        }
        if (javaText != null) {
            java.append("    ".repeat(depth)).append(javaText).append('\n');
        }
    }

    String python() {
        return py.toString();
    }

    String java() {
        return java.toString();
    }
}
