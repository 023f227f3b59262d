package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/** The control-flow graph of a method at instruction granularity: normal successors and exception handlers. */
final class ControlFlow {
    final InsnList insns;
    /** Normal successors (jumps, switch targets, fall-through) of each instruction, by index. */
    final int[][] successors;
    /** The handler indexes that cover each instruction. */
    final int[][] handlers;

    ControlFlow(MethodNode method) {
        this.insns = method.instructions;
        int n = insns.size();
        successors = new int[n][];
        handlers = new int[n][];
        List<List<Integer>> handlerLists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            handlerLists.add(new ArrayList<>(0));
        }
        // The JVM takes the first entry that matches: past a catch-all (javac's for finally and
        // synchronized), no later handler is ever reached from the instructions it covers.
        boolean[] caughtAll = new boolean[n];
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            int start = insns.indexOf(block.start);
            int end = insns.indexOf(block.end);
            int handler = insns.indexOf(block.handler);
            for (int i = start; i < end; i++) {
                if (!caughtAll[i]) {
                    handlerLists.get(i).add(handler);
                }
                caughtAll[i] |= block.type == null;
            }
        }
        for (int i = 0; i < n; i++) {
            successors[i] = successorsOf(insns.get(i), i, n);
            handlers[i] = toArray(handlerLists.get(i));
        }
    }

    private int[] successorsOf(AbstractInsnNode insn, int index, int n) {
        int op = insn.getOpcode();
        if (insn instanceof JumpInsnNode) {
            int target = insns.indexOf(((JumpInsnNode) insn).label);
            return op == Opcodes.GOTO ? new int[] {target} : new int[] {target, index + 1};
        }
        if (insn instanceof TableSwitchInsnNode) {
            TableSwitchInsnNode sw = (TableSwitchInsnNode) insn;
            return targets(sw.dflt, sw.labels);
        }
        if (insn instanceof LookupSwitchInsnNode) {
            LookupSwitchInsnNode sw = (LookupSwitchInsnNode) insn;
            return targets(sw.dflt, sw.labels);
        }
        if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
            return new int[0];
        }
        return index + 1 < n ? new int[] {index + 1} : new int[0];
    }

    private int[] targets(LabelNode dflt, List<LabelNode> labels) {
        int[] out = new int[labels.size() + 1];
        out[0] = insns.indexOf(dflt);
        for (int i = 0; i < labels.size(); i++) {
            out[i + 1] = insns.indexOf(labels.get(i));
        }
        return out;
    }

    /** By hand rather than by a stream: the agent weaves while the JVM starts, when a stream costs dozens of classes. */
    private static int[] toArray(List<Integer> values) {
        int[] array = new int[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
