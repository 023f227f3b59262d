package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Recognizes the calls to {@code dev.weft.Coroutines} that are suspension points. */
final class Calls {
    static final String COROUTINES = "dev/weft/Coroutines";

    /** The kinds of suspension point, by the {@code Coroutines} method called. */
    enum Kind {
        AWAIT("await"),
        YIELD("yield"),
        YIELD_FROM("yieldFrom"),
        YIELD_FROM_ITERABLE("yieldFrom");

        final String methodName;

        Kind(String methodName) {
            this.methodName = methodName;
        }
    }

    private Calls() {}

    /** The name of the suspension point {@code insn} takes a method reference to, or null. */
    static String suspensionReference(AbstractInsnNode insn) {
        if (!(insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode)) {
            return null;
        }
        for (Object arg : ((org.objectweb.asm.tree.InvokeDynamicInsnNode) insn).bsmArgs) {
            if (arg instanceof org.objectweb.asm.Handle) {
                org.objectweb.asm.Handle h = (org.objectweb.asm.Handle) arg;
                if (COROUTINES.equals(h.getOwner())
                        && (h.getName().equals("await") || h.getName().equals("yield") || h.getName().equals("yieldFrom"))) {
                    return h.getName();
                }
            }
        }
        return null;
    }

    /** The message refusing a method reference to suspension point {@code name}. */
    static String referenceRefusal(String name) {
        return "method reference Coroutines::" + name + ": a suspension point cannot be passed as a function"
                + " (it would run outside the @Async body); call Coroutines." + name + "(...) in the @Async method";
    }

    /** The kind of suspension point {@code insn} is, or null if it is none. */
    static Kind suspensionKind(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!COROUTINES.equals(call.owner)) {
            return null;
        }
        switch (call.name) {
            case "await":
                return Kind.AWAIT;
            case "yield":
                return Kind.YIELD;
            case "yieldFrom":
                return call.desc.startsWith("(Ljava/lang/Iterable;)") ? Kind.YIELD_FROM_ITERABLE : Kind.YIELD_FROM;
            default:
                return null;
        }
    }
}
