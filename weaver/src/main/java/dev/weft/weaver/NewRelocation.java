package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Moves {@code NEW}/{@code DUP} down to just before the constructor call when a suspension point lies
 * between them ({@code new Foo(a, await(x))}): an uninitialized object cannot be saved in a frame.
 * The constructor's arguments are parked in fresh locals, then {@code NEW; DUP} is re-emitted and the
 * arguments reloaded. As in Kotlin's compiler, this initializes {@code Foo}'s class after the arguments
 * are evaluated rather than before: the only observable difference.
 */
final class NewRelocation {
    private NewRelocation() {}

    /** Rewrites {@code method} in place; returns how many constructions were moved. */
    static int apply(String owner, MethodNode method, Set<AbstractInsnNode> suspensions, LineFinder lines)
            throws WeaveException {
        if (!anySuspensionBetweenNewAndInit(method.instructions, suspensions)) {
            return 0;
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(owner, method);
        } catch (AnalyzerException e) {
            throw new WeaveException(lines.lineOf(e.node), "cannot analyse the method: " + e.getMessage());
        }
        InsnList insns = method.instructions;
        List<Relocation> edits = new ArrayList<>();
        Set<AbstractInsnNode> moved = new java.util.HashSet<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (!isConstructorCall(insn) || frames[i] == null) {
                continue;
            }
            MethodInsnNode init = (MethodInsnNode) insn;
            Frame<SourceValue> frame = frames[i];
            int argCount = Type.getArgumentTypes(init.desc).length;
            SourceValue receiver = frame.getStack(frame.getStackSize() - argCount - 1);
            if (receiver.insns.size() != 1) {
                continue;
            }
            AbstractInsnNode source = receiver.insns.iterator().next();
            AbstractInsnNode newInsn = source;
            AbstractInsnNode dup = null;
            if (source.getOpcode() == Opcodes.DUP) {
                dup = source;
                newInsn = previousReal(source);
            }
            if (newInsn == null || newInsn.getOpcode() != Opcodes.NEW) {
                continue; // a super()/this() call, or an object made elsewhere
            }
            int from = insns.indexOf(newInsn);
            boolean crossesSuspension = false;
            for (AbstractInsnNode s : suspensions) {
                int at = insns.indexOf(s);
                if (at > from && at < i) {
                    crossesSuspension = true;
                    break;
                }
            }
            if (!crossesSuspension) {
                continue;
            }
            if (source.getOpcode() == Opcodes.DUP ? previousReal(source) != newInsn : false) {
                throw new WeaveException(lines.lineOf(newInsn), "unsupported bytecode shape: NEW "
                        + ((TypeInsnNode) newInsn).desc + " is not followed by DUP; recompile with javac");
            }
            moved.add(newInsn);
            edits.add(new Relocation((TypeInsnNode) newInsn, dup, init));
        }
        refuseUnmovedNews(insns, frames, suspensions, moved, lines);
        for (Relocation edit : edits) {
            relocate(method, edit.newInsn(), edit.dup(), edit.init());
        }
        return edits.size();
    }

    /** A construction to move, found before any is moved (moving changes the indexes the search uses). */
    private record Relocation(TypeInsnNode newInsn, AbstractInsnNode dup, MethodInsnNode init) {}

    /**
     * Whether some suspension point lies after a {@code NEW} and before a constructor call, in instruction
     * order: every move and every refusal below needs one, so without one the data flow analysis (the
     * costliest step of weaving a method, run interpreted while an application starts under the agent)
     * can be skipped.
     */
    private static boolean anySuspensionBetweenNewAndInit(InsnList insns, Set<AbstractInsnNode> suspensions) {
        int firstNew = -1;
        int lastInit = -1;
        int index = 0;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; insn = insn.getNext(), index++) {
            if (insn.getOpcode() == Opcodes.NEW && firstNew < 0) {
                firstNew = index;
            } else if (isConstructorCall(insn)) {
                lastInit = index;
            }
        }
        if (firstNew < 0) {
            return false;
        }
        for (AbstractInsnNode s : suspensions) {
            int at = insns.indexOf(s);
            if (firstNew < at && at < lastInit) {
                return true;
            }
        }
        return false;
    }

    /** An {@code INVOKESPECIAL} of {@code <init>}: a constructor call, ending a {@code NEW} (or a super/this call). */
    private static boolean isConstructorCall(AbstractInsnNode insn) {
        return insn.getOpcode() == Opcodes.INVOKESPECIAL && "<init>".equals(((MethodInsnNode) insn).name);
    }

    /**
     * An uninitialized object that would still exist at a suspension point, on the stack or in a local
     * (javac parks the operand stack in locals before a switch expression that contains a try), is refused:
     * only the plain {@code NEW; DUP; args; <init>} shape can be moved.
     */
    private static void refuseUnmovedNews(InsnList insns, Frame<SourceValue>[] frames, Set<AbstractInsnNode> suspensions,
                                          Set<AbstractInsnNode> moved, LineFinder lines) throws WeaveException {
        java.util.Map<AbstractInsnNode, Integer> initAt = new java.util.HashMap<>();
        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode insn = insns.get(i);
            if (isConstructorCall(insn)
                    && frames[i] != null) {
                Frame<SourceValue> f = frames[i];
                SourceValue receiver = f.getStack(f.getStackSize() - Type.getArgumentTypes(((MethodInsnNode) insn).desc).length - 1);
                for (AbstractInsnNode n : origins(receiver, insns, frames)) {
                    Integer before = initAt.get(n);
                    if (before == null || before < i) {
                        initAt.put(n, i);
                    }
                }
            }
        }
        for (AbstractInsnNode s : suspensions) {
            int at = insns.indexOf(s);
            Frame<SourceValue> frame = frames[at];
            if (frame == null) {
                continue;
            }
            List<SourceValue> values = new ArrayList<>();
            for (int i = 0; i < frame.getStackSize() - 1; i++) {
                values.add(frame.getStack(i));
            }
            for (int i = 0; i < frame.getLocals(); i++) {
                values.add(frame.getLocal(i));
            }
            for (SourceValue v : values) {
                for (AbstractInsnNode made : origins(v, insns, frames)) {
                    Integer init = initAt.get(made);
                    if (!moved.contains(made) && insns.indexOf(made) < at && init != null && init > at) {
                        throw new WeaveException(lines.lineOf(s), "unsupported bytecode shape: the object of "
                                + ((TypeInsnNode) made).desc.replace('/', '.') + " begun" + LineFinder.atLine(lines.lineOf(made))
                                + " is not yet constructed at this " + ((MethodInsnNode) s).name
                                + " (javac kept it in a local); assign the awaited expression to a local"
                                + " variable before the 'new'");
                    }
                }
            }
        }
    }

    /** The NEW instructions a value may come from, following copies through DUPs, locals and loads. */
    private static Set<AbstractInsnNode> origins(SourceValue value, InsnList insns, Frame<SourceValue>[] frames) {
        Set<AbstractInsnNode> news = new java.util.HashSet<>();
        java.util.ArrayDeque<SourceValue> work = new java.util.ArrayDeque<>();
        Set<AbstractInsnNode> seen = new java.util.HashSet<>();
        work.add(value);
        while (!work.isEmpty()) {
            for (AbstractInsnNode insn : work.poll().insns) {
                if (!seen.add(insn)) {
                    continue;
                }
                int op = insn.getOpcode();
                Frame<SourceValue> f = frames[insns.indexOf(insn)];
                if (op == Opcodes.NEW) {
                    news.add(insn);
                } else if (f == null) {
                    continue;
                } else if (op == Opcodes.DUP || op == Opcodes.ASTORE) {
                    work.add(f.getStack(f.getStackSize() - 1));
                } else if (op == Opcodes.ALOAD) {
                    work.add(f.getLocal(((VarInsnNode) insn).var));
                }
            }
        }
        return news;
    }

    private static void relocate(MethodNode method, TypeInsnNode newInsn, AbstractInsnNode dup, MethodInsnNode init) {
        InsnList insns = method.instructions;
        insns.set(newInsn, new InsnNode(Opcodes.NOP));
        if (dup != null) {
            insns.set(dup, new InsnNode(Opcodes.NOP));
        }
        Type[] args = Type.getArgumentTypes(init.desc);
        int[] temps = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            temps[a] = method.maxLocals;
            method.maxLocals += args[a].getSize();
        }
        InsnList before = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), temps[a]));
        }
        before.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
        if (dup != null) {
            before.add(new InsnNode(Opcodes.DUP));
        }
        for (int a = 0; a < args.length; a++) {
            before.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), temps[a]));
        }
        insns.insertBefore(init, before);
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }
}
