package dev.weft.weaver;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes stack map frames from class bytes, never loading a class. */
final class HierarchyClassWriter extends ClassWriter {
    private final Supertypes supertypes;

    HierarchyClassWriter(Supertypes supertypes) {
        super(COMPUTE_FRAMES);
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
