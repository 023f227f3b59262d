package dev.weft.weaver;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * The frame class a woven method uses and how its slots are read and written: {@code FrameR<r>P<p>} with
 * typed fields for up to 5 references and 6 primitive words, or {@code FrameN} with arrays beyond that.
 * A primitive word is an {@code int}: int-like values and floats (as raw bits) take one, longs and doubles
 * (as raw bits) two, low half first. Words rather than {@code long} slots keep the common {@code int}
 * local at 4 bytes of frame instead of 8.
 */
final class SlotLayout {
    static final int MAX_FIELD_REFS = 5;
    static final int MAX_FIELD_PRIMS = 6;
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

    /** The smallest layout with room for {@code refs} references and {@code prims} primitive words. */
    static SlotLayout forCounts(int refs, int prims) {
        return new SlotLayout(refs, prims);
    }

    /**
     * The two layouts of a woven method: {@code resumed}, the class its resume method takes, with room for
     * the values saved at its busiest suspension point; {@code created}, the class its entry makes, with
     * room for its arguments too. The fixed-slot classes form a hierarchy (each adds one slot:
     * {@code FrameR<r>P<p>} extends {@code FrameR<r>P<p-1>}, and {@code FrameR<r>P0} extends
     * {@code FrameR<r-1>P0}), so the created class is a subclass of the resumed one when the arguments
     * need no more references than the points, or the points no primitive word; then a frame that never
     * held the arguments (a direct variant's) is the smaller class. Otherwise both are the class with
     * room for everything.
     */
    record Pair(SlotLayout resumed, SlotLayout created) {}

    /** The layouts for a method whose points need the first two counts and its arguments the last two. */
    static Pair forMethod(int pointRefs, int pointPrims, int argRefs, int argPrims) {
        SlotLayout all = new SlotLayout(Math.max(pointRefs, argRefs), Math.max(pointPrims, argPrims));
        SlotLayout points = new SlotLayout(pointRefs, pointPrims);
        boolean subclass = !all.arrays && !points.arrays && (pointPrims == 0 || argRefs <= pointRefs)
                && !points.frameClass.equals(all.frameClass);
        return new Pair(subclass ? points : all, all);
    }

    /** How many slots of its kind a value of {@code type} takes: two words for a long or a double. */
    private static int width(Type type) {
        return type.getSize();
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
        if (slot.ref) {
            beginStore(out, frameVar, slot.ref, slot.index);
            out.add(new VarInsnNode(Opcodes.ALOAD, var));
            endStore(out, slot.ref, slot.index);
        } else if (width(type) == 1) {
            beginStore(out, frameVar, false, slot.index);
            out.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), var));
            if (type.getSort() == Type.FLOAT) {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
            }
            endStore(out, false, slot.index);
        } else {
            // the local is read once per half: cheaper than juggling a two-word value on the stack
            for (int half = 0; half < 2; half++) {
                beginStore(out, frameVar, false, slot.index + half);
                out.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), var));
                if (type.getSort() == Type.DOUBLE) {
                    out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                }
                if (half == 1) {
                    out.add(new IntInsnNode(Opcodes.BIPUSH, 32));
                    out.add(new InsnNode(Opcodes.LUSHR));
                }
                out.add(new InsnNode(Opcodes.L2I));
                endStore(out, false, slot.index + half);
            }
        }
    }

    /** Emits: frame slot := null (so a suspended frame does not keep a dead value reachable). */
    void emitClear(InsnList out, int frameVar, int refIndex) {
        beginStore(out, frameVar, true, refIndex);
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        endStore(out, true, refIndex);
    }

    /** Emits: push the slot's value as {@code type} (references cast to {@code castTo}, if not null). */
    void emitLoad(InsnList out, int frameVar, Slot slot, Type type, Type castTo) {
        if (slot.ref) {
            load(out, frameVar, true, slot.index);
            if (castTo != null && !castTo.getInternalName().equals("java/lang/Object")) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, castTo.getInternalName()));
            }
        } else if (width(type) == 1) {
            load(out, frameVar, false, slot.index);
            if (type.getSort() == Type.FLOAT) {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
            }
        } else {
            load(out, frameVar, false, slot.index);
            out.add(new InsnNode(Opcodes.I2L));
            out.add(new LdcInsnNode(0xFFFF_FFFFL));
            out.add(new InsnNode(Opcodes.LAND));
            load(out, frameVar, false, slot.index + 1);
            out.add(new InsnNode(Opcodes.I2L));
            out.add(new IntInsnNode(Opcodes.BIPUSH, 32));
            out.add(new InsnNode(Opcodes.LSHL));
            out.add(new InsnNode(Opcodes.LOR));
            if (type.getSort() == Type.DOUBLE) {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
            }
        }
    }

    /** Pushes what a store into slot {@code index} needs before the value: the frame (and array, index). */
    private void beginStore(InsnList out, int frameVar, boolean ref, int index) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        if (arrays) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, arrayName(ref), arrayDescriptor(ref)));
            out.add(new LdcInsnNode(index));
        }
    }

    /** Stores the value on the stack into slot {@code index}, after {@link #beginStore}. */
    private void endStore(InsnList out, boolean ref, int index) {
        if (arrays) {
            out.add(new InsnNode(ref ? Opcodes.AASTORE : Opcodes.IASTORE));
        } else {
            out.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, fieldName(ref, index), fieldDescriptor(ref)));
        }
    }

    /** Pushes the raw content of slot {@code index}: an Object or an int word. */
    private void load(InsnList out, int frameVar, boolean ref, int index) {
        out.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        if (arrays) {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, arrayName(ref), arrayDescriptor(ref)));
            out.add(new LdcInsnNode(index));
            out.add(new InsnNode(ref ? Opcodes.AALOAD : Opcodes.IALOAD));
        } else {
            out.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, fieldName(ref, index), fieldDescriptor(ref)));
        }
    }

    private static String fieldName(boolean ref, int index) {
        return (ref ? "r" : "p") + index;
    }

    private static String fieldDescriptor(boolean ref) {
        return ref ? "Ljava/lang/Object;" : "I";
    }

    private static String arrayName(boolean ref) {
        return ref ? "refs" : "prims";
    }

    private static String arrayDescriptor(boolean ref) {
        return ref ? "[Ljava/lang/Object;" : "[I";
    }

    /** One slot: a reference, or the first word of a primitive, and its index among its kind. */
    record Slot(boolean ref, int index) {}

    /** Hands out the slots of the values saved at one place (a suspension point, the entry), in order. */
    static final class Allocator {
        private int refs;
        private int prims;

        /** The next free slot for {@code value}. */
        Slot next(BasicValue value) {
            if (value.isReference()) {
                return new Slot(true, refs++);
            }
            Slot slot = new Slot(false, prims);
            prims += width(value.getType());
            return slot;
        }

        /** Raises {@code maxSlots} ({references, primitive words}) to what was handed out here. */
        void reportTo(int[] maxSlots) {
            maxSlots[0] = Math.max(maxSlots[0], refs);
            maxSlots[1] = Math.max(maxSlots[1], prims);
        }
    }
}
