package dev.weft.weaver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local variables are live before each instruction: read later on some path, normal or
 * exceptional, before being written. Only live values are saved at a suspension point, so a suspended
 * coroutine holds no garbage.
 */
final class Liveness {
    private final BitSet[] liveIn;

    Liveness(ControlFlow cfg) {
        int n = cfg.insns.size();
        liveIn = new BitSet[n];
        List<List<Integer>> predecessors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            liveIn[i] = new BitSet();
            predecessors.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            for (int s : cfg.successors[i]) {
                predecessors.get(s).add(i);
            }
            for (int h : cfg.handlers[i]) {
                predecessors.get(h).add(i);
            }
        }
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            work.add(i);
            queued[i] = true;
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            BitSet in = transfer(cfg, i);
            if (!in.equals(liveIn[i])) {
                liveIn[i] = in;
                for (int p : predecessors.get(i)) {
                    if (!queued[p]) {
                        queued[p] = true;
                        work.add(p);
                    }
                }
            }
        }
    }

    private BitSet transfer(ControlFlow cfg, int i) {
        BitSet out = new BitSet();
        for (int s : cfg.successors[i]) {
            out.or(liveIn[s]);
        }
        AbstractInsnNode insn = cfg.insns.get(i);
        int op = insn.getOpcode();
        if (insn instanceof VarInsnNode && op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
            out.clear(((VarInsnNode) insn).var);
        } else if (insn instanceof VarInsnNode) {
            out.set(((VarInsnNode) insn).var);
        } else if (insn instanceof IincInsnNode) {
            out.set(((IincInsnNode) insn).var);
        }
        // an exception may leave before the instruction's own write: the handler's needs hold throughout
        for (int h : cfg.handlers[i]) {
            out.or(liveIn[h]);
        }
        return out;
    }

    /** Locals live before instruction {@code index}. */
    BitSet liveBefore(int index) {
        return liveIn[index];
    }
}
