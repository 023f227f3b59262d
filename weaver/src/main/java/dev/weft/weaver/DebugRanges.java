package dev.weft.weaver;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Keeps a woven resume method's local variable table truthful. A suspension point saves and restores only
 * the values live across it, so on the path that resumes there a variable still in scope but dead (read
 * no more) has no value: after the resume, and wherever that path joins the others (a loop's head), its
 * slot holds nothing the JVM will show, and a debugger reading it gets an error or a stale value. Each
 * entry of the table is cut to the instructions where its slot holds a value of its type on every path:
 * there a debugger shows the variable, elsewhere it is out of scope (as a variable the compiler optimised
 * away). A forward analysis of the slots each path has stored, over the woven code and its handlers.
 */
final class DebugRanges {
    private static final byte NONE = 0;
    /** In the order of the opcodes that store them, ISTORE to ASTORE. */
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte FLOAT = 3;
    private static final byte DOUBLE = 4;
    private static final byte REF = 5;

    private DebugRanges() {}

    /** Cuts the entries of {@code method}'s local variable table to where their slots hold their values. */
    static void trim(MethodNode method) {
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            return;
        }
        InsnList insns = method.instructions;
        ControlFlow cfg = new ControlFlow(method);
        int n = insns.size();
        int slots = 0;
        for (AbstractInsnNode insn : insns) {
            if (insn instanceof VarInsnNode) {
                slots = Math.max(slots, ((VarInsnNode) insn).var + 2);
            } else if (insn instanceof IincInsnNode) {
                slots = Math.max(slots, ((IincInsnNode) insn).var + 1);
            }
        }
        for (LocalVariableNode lv : method.localVariables) {
            slots = Math.max(slots, lv.index + 2);
        }
        byte[][] in = new byte[n][];
        in[0] = new byte[slots]; // the woven body's own slots hold nothing until its head stores them
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        work.add(0);
        queued[0] = true;
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            byte[] out = transfer(insns.get(i), in[i]);
            for (int s : cfg.successors[i]) {
                if (merge(in, s, out) && !queued[s]) {
                    queued[s] = true;
                    work.add(s);
                }
            }
            for (int h : cfg.handlers[i]) {
                // an exception may come before or after the instruction's own store
                boolean changed = merge(in, h, in[i]);
                changed |= merge(in, h, out);
                if (changed && !queued[h]) {
                    queued[h] = true;
                    work.add(h);
                }
            }
        }
        // indexes as analysed: labels inserted below move the list's own
        AbstractInsnNode[] code = insns.toArray();
        Map<AbstractInsnNode, Integer> indexes = new IdentityHashMap<>();
        for (int i = 0; i < code.length; i++) {
            indexes.put(code[i], i);
        }
        List<LocalVariableNode> trimmed = new ArrayList<>();
        for (LocalVariableNode lv : method.localVariables) {
            byte kind = kindOf(Type.getType(lv.desc));
            int from = indexes.get(lv.start);
            int to = indexes.get(lv.end);
            int runStart = -1;
            for (int i = from; i <= to; i++) {
                boolean holds = i < to && in[i] != null && in[i][lv.index] == kind;
                if (holds && runStart < 0) {
                    runStart = i;
                } else if (!holds && runStart >= 0) {
                    if (runStart == from && i == to) {
                        trimmed.add(lv); // whole: as it was
                    } else {
                        trimmed.add(new LocalVariableNode(lv.name, lv.desc, lv.signature,
                                labelAt(insns, code[runStart]), labelAt(insns, code[i]), lv.index));
                    }
                    runStart = -1;
                }
            }
        }
        method.localVariables = trimmed;
    }

    /** A label at {@code insn}: the instruction itself if it is one, else one inserted before it. */
    private static LabelNode labelAt(InsnList insns, AbstractInsnNode insn) {
        if (insn instanceof LabelNode) {
            return (LabelNode) insn;
        }
        AbstractInsnNode previous = insn.getPrevious();
        if (previous instanceof LabelNode) {
            return (LabelNode) previous; // a label inserted earlier: no instruction between
        }
        LabelNode label = new LabelNode();
        insns.insertBefore(insn, label);
        return label;
    }

    private static byte[] transfer(AbstractInsnNode insn, byte[] before) {
        if (!(insn instanceof VarInsnNode)) {
            return before; // iinc keeps an int an int; nothing else writes a local
        }
        int op = insn.getOpcode();
        if (op < Opcodes.ISTORE || op > Opcodes.ASTORE) {
            return before;
        }
        byte kind = (byte) (INT + op - Opcodes.ISTORE);
        int var = ((VarInsnNode) insn).var;
        byte[] after = before.clone();
        after[var] = kind;
        if (kind == LONG || kind == DOUBLE) {
            after[var + 1] = NONE;
        }
        if (var > 0 && (after[var - 1] == LONG || after[var - 1] == DOUBLE)) {
            after[var - 1] = NONE; // its second word is overwritten
        }
        return after;
    }

    /** Meets {@code state} into the state before instruction {@code target}; true if that changed it. */
    private static boolean merge(byte[][] in, int target, byte[] state) {
        byte[] old = in[target];
        if (old == null) {
            in[target] = state.clone();
            return true;
        }
        boolean changed = false;
        for (int s = 0; s < old.length; s++) {
            if (old[s] != NONE && old[s] != state[s]) {
                old[s] = NONE;
                changed = true;
            }
        }
        return changed;
    }

    private static byte kindOf(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return INT;
            case Type.FLOAT:
                return FLOAT;
            case Type.LONG:
                return LONG;
            case Type.DOUBLE:
                return DOUBLE;
            default:
                return REF;
        }
    }
}
