package dev.weft.weaver;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Finds the source line of an instruction from the method's line number table. */
final class LineFinder {
    private final MethodNode method;

    LineFinder(MethodNode method) {
        this.method = method;
    }

    /**
     * {@code " at line N"} for a message, or nothing when the class has no line numbers ({@code -g:none}),
     * rather than a meaningless "line -1".
     */
    static String atLine(int line) {
        return line > 0 ? " at line " + line : "";
    }

    /** The line of the nearest line number entry at or before {@code insn}, or -1. */
    int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return firstLine();
    }

    /** The first line of the method's body, or -1 without debug information. */
    int firstLine() {
        for (AbstractInsnNode p = method.instructions.getFirst(); p != null; p = p.getNext()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return -1;
    }
}
