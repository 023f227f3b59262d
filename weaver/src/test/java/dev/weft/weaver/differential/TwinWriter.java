package dev.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes one function body in Python and in Java at once, statement for statement, so that the two
 * sources have the same structure by construction. Python's blocks are indentation (an empty one gets
 * {@code pass}), Java's are braces. The base of {@link PythonTwinWriter} and {@link AsyncioTwinWriter},
 * which add the blocks their programs need besides.
 */
abstract class TwinWriter {
    /** An open block: whether Java opened a brace for it, and whether Python has a statement in it. */
    private static final class Block {
        final boolean java;
        boolean pythonStatement;

        Block(boolean java) {
            this.java = java;
        }
    }

    private final StringBuilder py = new StringBuilder();
    private final StringBuilder java = new StringBuilder();
    private final Deque<Block> blocks = new ArrayDeque<>();

    TwinWriter() {
        blocks.push(new Block(true));
    }

    /** One simple statement: {@code python} and {@code javaText} (with its semicolon); either may be null. */
    final void line(String python, String javaText) {
        if (python != null) {
            blocks.peek().pythonStatement = true;
        }
        write(python, javaText, blocks.size() - 1);
    }

    /** Opens a block in both languages: a header such as {@code if c:} and {@code if (c) {}. */
    final void open(String python, String javaHeader) {
        line(python, javaHeader);
        blocks.push(new Block(true));
    }

    /** Ends the open block (of both languages) and opens its next clause: {@code else:} and {@code } else {}. */
    final void clause(String python, String javaText) {
        endPythonBlock();
        write(python, javaText, blocks.size() - 1);
        blocks.push(new Block(true));
    }

    /** Ends the open block: a brace in Java if it opened one. */
    final void close() {
        Block b = endPythonBlock();
        if (b.java) {
            write(null, "}", blocks.size() - 1);
        }
    }

    /** Opens a block in Python only: Java's lines inside stay at this level, and {@link #close} writes no brace. */
    protected final void openPythonOnly(String python) {
        line(python, null);
        blocks.push(new Block(false));
    }

    /** Ends the open block (of both languages) with {@code javaLines} in Java instead of a brace. */
    protected final void closeWithJava(List<String> javaLines) {
        endPythonBlock();
        for (String l : javaLines) {
            write(null, l, blocks.size() - 1);
        }
    }

    private Block endPythonBlock() {
        Block b = blocks.pop();
        if (!b.pythonStatement) {
            write("pass", null, blocks.size());
        }
        return b;
    }

    private void write(String python, String javaText, int depth) {
        if (python != null) {
            py.append("    ".repeat(depth)).append(python).append('\n');
        }
        if (javaText != null) {
            java.append("    ".repeat(depth)).append(javaText).append('\n');
        }
    }

    final String python() {
        return py.toString();
    }

    final String java() {
        return java.toString();
    }
}
