package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes stack map frames from class bytes, never loading a class. */
final class HierarchyClassWriter extends ClassWriter {
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
