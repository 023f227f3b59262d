package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes stack map frames from class bytes, never loading a class. */
final class HierarchyClassWriter extends ClassWriter {
    // ASM bounds what computing one method's frames may allocate and do (10 MiB, 10^8 steps), against
    // hostile class files; a woven method with a few hundred live values and suspension points, well
    // under the 64 KiB code limit, needs more. These bounds (which ClassWeaver sets on its writer) still
    // end a runaway computation; past them the method gets a weaving error, not a failed class.
    /** What computing one method's frames may allocate, in bytes. */
    static final int MAX_FRAME_BYTES = 256 << 20;
    /** How many steps computing one method's frames may take. */
    static final long MAX_FRAME_OPERATIONS = 4_000_000_000L;

    private final Supertypes supertypes;

    /**
     * A writer that starts from {@code original}'s constant pool: a method {@code original} passes to it
     * unchanged (no visitor between them) is copied byte for byte, its frames as they were; only the
     * methods visited here get frames computed.
     */
    HierarchyClassWriter(ClassReader original, Supertypes supertypes) {
        super(original, COMPUTE_FRAMES);
        this.supertypes = supertypes;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return supertypes.commonSuperClass(type1, type2);
    }

    @Override
    protected ClassLoader getClassLoader() {
        throw new UnsupportedOperationException("the weaver loads no class");
    }
}
