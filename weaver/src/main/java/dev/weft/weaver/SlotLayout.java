package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The frame class a woven method uses and how its slots are read and written: {@code FrameR<r>P<p>} with
 * typed fields for up to 5 references and 3 primitives, or {@code FrameN} with arrays beyond that.
 * Primitives are stored unboxed in {@code long} slots (floats and doubles as raw bits).
 */
final class SlotLayout {
    static final int MAX_FIELD_REFS = 5;
    static final int MAX_FIELD_PRIMS = 3;
    private static final String PACKAGE = "dev/weft/internal/";

    final String frameClass;
    final int refs;
    final int prims;
    final boolean arrays;

    private SlotLayout(int refs, int prims) {
        this.arrays = refs > MAX_FIELD_REFS || prims > MAX_FIELD_PRIMS;
        this.refs = refs;
        this.prims = prims;
        this.frameClass = arrays ? PACKAGE + "FrameN" : PACKAGE + "FrameR" + refs + "P" + prims;
    }

    /** The smallest layout with room for {@code refs} references and {@code prims} primitives. */
    static SlotLayout forCounts(int refs, int prims) {
        return new SlotLayout(refs, prims);
    }

    /** Emits the construction of a frame on the stack, given the instructions that push its Resumable. */
    void emitNew(InsnList out, InsnList pushCode) {
        out.add(new TypeInsnNode(Opcodes.NEW, frameClass));
        out.add(new InsnNode(Opcodes.DUP));
        out.add(pushCode);
        if (arrays) {
            out.add(new LdcInsnNode(refs));
            out.add(new LdcInsnNode(prims));
            out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, frameClass, "<init>",
                    "(Ldev/weft/internal/Resumable;II)V", false));
        } else {
            out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, frameClass, "<init>",
                    "(Ldev/weft/internal/Resumable;)V", false));
        }
    }

    /** Emits: frame slot := the value of {@code type} in local {@code var}. */
    void emitSave(InsnList out, int frameVar, Slot slot, Type type, int var) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        if (arrays) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, slot.ref ? "refs" : "prims",
                    slot.ref ? "[Ljava/lang/Object;" : "[J"));
            out.add(new LdcInsnNode(slot.index));
        }
        out.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), var));
        if (!slot.ref) {
            toLong(out, type);
        }
        storeSlot(out, slot);
    }

    /** Emits: frame slot := null (so a suspended frame does not keep a dead value reachable). */
    void emitClear(InsnList out, int frameVar, int refIndex) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        if (arrays) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, "refs", "[Ljava/lang/Object;"));
            out.add(new LdcInsnNode(refIndex));
        }
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        storeSlot(out, new Slot(true, refIndex));
    }

    /** Emits: push the slot's value as {@code type} (references cast to {@code castTo}, if not null). */
    void emitLoad(InsnList out, int frameVar, Slot slot, Type type, Type castTo) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        if (arrays) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, slot.ref ? "refs" : "prims",
                    slot.ref ? "[Ljava/lang/Object;" : "[J"));
            out.add(new LdcInsnNode(slot.index));
            out.add(new InsnNode(slot.ref ? Opcodes.AALOAD : Opcodes.LALOAD));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, fieldName(slot), slot.ref ? "Ljava/lang/Object;" : "J"));
        }
        if (slot.ref) {
            if (castTo != null && !castTo.getInternalName().equals("java/lang/Object")) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, castTo.getInternalName()));
            }
        } else {
            fromLong(out, type);
        }
    }

    private void storeSlot(InsnList out, Slot slot) {
        if (arrays) {
            out.add(new InsnNode(slot.ref ? Opcodes.AASTORE : Opcodes.LASTORE));
        } else {
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, fieldName(slot), slot.ref ? "Ljava/lang/Object;" : "J"));
        }
    }

    private static String fieldName(Slot slot) {
        return (slot.ref ? "r" : "p") + slot.index;
    }

    private static void toLong(InsnList out, Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                break;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                break;
            case Type.FLOAT:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                break;
            default:
                out.add(new InsnNode(Opcodes.I2L));
        }
    }

    private static void fromLong(InsnList out, Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                break;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                break;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                break;
            default:
                out.add(new InsnNode(Opcodes.L2I));
        }
    }

    /** One slot: a reference or a primitive, and its index among its kind. */
    record Slot(boolean ref, int index) {}
}
