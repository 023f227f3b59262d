package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Keeps a woven resume method's local variable table truthful. A suspension point restores only the
 * values live across it, so on the path that resumes there a variable still in scope but dead (read no
 * more) has no value: after the resume, and wherever that path leads before the variable is stored again
 * (a loop's head, the code after a join), its slot holds nothing, and a debugger reading it gets an error
 * or a stale value. Each entry of the table is cut to leave out those instructions: there the variable is
 * out of scope, as one the compiler optimised away.
 *
 * <p>Only the paths that start at a resume can leave an in-scope variable without a value (on the others
 * the compiler's own definite assignment holds), so one forward pass from the resumes finds them: each
 * carries the set of slots its restoring code did not fill, a store takes its slot out of the set, and
 * sets meet by union. Cheap, as the agent runs it while the application starts: a few machine words per
 * instruction and no allocation per step.
 */
final class DebugRanges {
    private final InsnList insns;
    private final int n;
    /** Words of a slot set. */
    private final int words;
    /** The slots that may hold no value before each instruction: {@code words} words per instruction. */
    private final long[] unset;
    /** Each try-catch block as its start, end and handler index. */
    private final int[] blocks;

    private DebugRanges(MethodNode method, int slots) {
        insns = method.instructions;
        n = insns.size();
        words = (slots + 63) >>> 6;
        unset = new long[n * words];
        blocks = new int[method.tryCatchBlocks.size() * 3];
        int b = 0;
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            blocks[b++] = insns.indexOf(block.start);
            blocks[b++] = insns.indexOf(block.end);
            blocks[b++] = insns.indexOf(block.handler);
        }
    }

    /** Where execution resumes ({@code at}), and the slots its restoring code stored. */
    record Resume(LabelNode at, List<Integer> restored) {}

    /**
     * Cuts the entries of {@code method}'s local variable table out of the code that the paths from
     * {@code resumes} reach before storing the entry's slot again, when they did not restore it.
     */
    static void trim(MethodNode method, List<Resume> resumes) {
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            return;
        }
        int slots = 0;
        for (LocalVariableNode lv : method.localVariables) {
            slots = Math.max(slots, lv.index + 1);
        }
        DebugRanges ranges = new DebugRanges(method, slots);
        if (ranges.flowFrom(resumes, method.localVariables)) {
            method.localVariables = ranges.cut(method.localVariables);
        }
    }

    /** Runs the forward pass; false if every resume restores every slot the table names. */
    private boolean flowFrom(List<Resume> resumes, List<LocalVariableNode> variables) {
        long[] named = new long[words];
        for (LocalVariableNode lv : variables) {
            named[lv.index >>> 6] |= 1L << lv.index;
        }
        int[] work = new int[n];
        boolean[] queued = new boolean[n];
        int size = 0;
        long[] seed = new long[words];
        for (Resume r : resumes) {
            System.arraycopy(named, 0, seed, 0, words);
            for (int slot : r.restored) {
                if (slot < words * 64) {
                    seed[slot >>> 6] &= ~(1L << slot);
                }
            }
            int at = insns.indexOf(r.at);
            if (join(at, seed, 0) && !queued[at]) {
                queued[at] = true;
                work[size++] = at;
            }
        }
        if (size == 0) {
            return false;
        }
        long[] out = new long[words];
        while (size > 0) {
            int i = work[--size];
            queued[i] = false;
            AbstractInsnNode insn = insns.get(i);
            // an exception may leave before the instruction's store: its handlers get the set before it
            for (int b = 0; b < blocks.length; b += 3) {
                if (i >= blocks[b] && i < blocks[b + 1]) {
                    size = push(blocks[b + 2], unset, i * words, work, queued, size);
                }
            }
            System.arraycopy(unset, i * words, out, 0, words);
            int op = insn.getOpcode();
            if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                int slot = ((VarInsnNode) insn).var;
                if (slot < words * 64) {
                    out[slot >>> 6] &= ~(1L << slot);
                }
            }
            if (insn instanceof JumpInsnNode jump) {
                size = push(insns.indexOf(jump.label), out, 0, work, queued, size);
                if (op == Opcodes.GOTO) {
                    continue;
                }
            } else if (insn instanceof TableSwitchInsnNode table) {
                size = pushAll(table.dflt, table.labels, out, work, queued, size);
                continue;
            } else if (insn instanceof LookupSwitchInsnNode lookup) {
                size = pushAll(lookup.dflt, lookup.labels, out, work, queued, size);
                continue;
            } else if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
                continue;
            }
            if (i + 1 < n) {
                size = push(i + 1, out, 0, work, queued, size);
            }
        }
        return true;
    }

    private int pushAll(LabelNode dflt, List<LabelNode> labels, long[] set, int[] work, boolean[] queued, int size) {
        size = push(insns.indexOf(dflt), set, 0, work, queued, size);
        for (LabelNode label : labels) {
            size = push(insns.indexOf(label), set, 0, work, queued, size);
        }
        return size;
    }

    /** Joins {@code set} into instruction {@code target}'s and queues it if that grew; the new queue size. */
    private int push(int target, long[] set, int from, int[] work, boolean[] queued, int size) {
        if (join(target, set, from) && !queued[target]) {
            queued[target] = true;
            work[size++] = target;
        }
        return size;
    }

    /** Adds the slots of {@code set} (from word {@code from}) to those of instruction {@code target}. */
    private boolean join(int target, long[] set, int from) {
        boolean grew = false;
        int base = target * words;
        for (int w = 0; w < words; w++) {
            long joined = unset[base + w] | set[from + w];
            if (joined != unset[base + w]) {
                unset[base + w] = joined;
                grew = true;
            }
        }
        return grew;
    }

    private boolean mayBeUnset(int i, int slot) {
        return (unset[i * words + (slot >>> 6)] & (1L << slot)) != 0;
    }

    /** The entries with the instructions where their slot may hold nothing left out, split where needed. */
    private List<LocalVariableNode> cut(List<LocalVariableNode> variables) {
        // every index is taken before a label is inserted, which would move the later ones
        List<LocalVariableNode> kept = new ArrayList<>();
        List<int[]> pieces = new ArrayList<>();
        List<LocalVariableNode> ofPieces = new ArrayList<>();
        for (LocalVariableNode lv : variables) {
            int from = insns.indexOf(lv.start);
            int to = insns.indexOf(lv.end);
            int runStart = -1;
            boolean whole = true;
            for (int i = from; i <= to; i++) {
                boolean holds = i < to && !mayBeUnset(i, lv.index);
                if (holds && runStart < 0) {
                    runStart = i;
                } else if (!holds && runStart >= 0) {
                    if (runStart != from || i != to) {
                        whole = false;
                        pieces.add(new int[] {runStart, i});
                        ofPieces.add(lv);
                    }
                    runStart = -1;
                } else if (!holds && i < to) {
                    whole = false;
                }
            }
            if (whole) {
                kept.add(lv);
            }
        }
        AbstractInsnNode[] code = insns.toArray();
        for (int p = 0; p < pieces.size(); p++) {
            LocalVariableNode lv = ofPieces.get(p);
            kept.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, labelAt(code[pieces.get(p)[0]]),
                    labelAt(code[pieces.get(p)[1]]), lv.index));
        }
        return kept;
    }

    /** A label at {@code insn}: the instruction itself if it is one, else one inserted before it. */
    private LabelNode labelAt(AbstractInsnNode insn) {
        if (insn instanceof LabelNode label) {
            return label;
        }
        if (insn.getPrevious() instanceof LabelNode label) {
            return label;
        }
        LabelNode label = new LabelNode();
        insns.insertBefore(insn, label);
        return label;
    }
}
