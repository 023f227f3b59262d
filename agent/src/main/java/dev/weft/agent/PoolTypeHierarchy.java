package dev.weft.agent;

import dev.weft.weaver.TypeHierarchy;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * A {@link TypeHierarchy} that asks Byte Buddy's {@link TypePool} for the class being transformed: the
 * pool reads class files through the class's own loader, so computing stack map frames loads no class
 * (a class loaded during its own transformation would fail with {@code ClassCircularityError}). Answers
 * as ASM's {@code ClassReader} would: an interface's superclass is {@code java/lang/Object}. Each
 * hierarchy caches what it has read, for the class being woven; it is not shared between classes, so it
 * never holds on to a class file that has since changed, nor to a loader. Not thread-safe: one weaving.
 */
final class PoolTypeHierarchy implements TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private final ClassLoader loader;
    /** The pool, made on the first question: a class that needs no frames computed never loads Byte Buddy. */
    private TypePool pool;

    private PoolTypeHierarchy(ClassLoader loader) {
        this.loader = loader;
    }

    /** A hierarchy that reads class files through {@code loader} (null: the boot loader). */
    static PoolTypeHierarchy of(ClassLoader loader) {
        return new PoolTypeHierarchy(loader);
    }

    /** The internal name of the superclass; null for {@code java/lang/Object}, an array, or a class not found. */
    @Override
    public String superName(String internalName) {
        TypeDescription type = describe(internalName);
        if (type == null) {
            return null;
        }
        if (type.isInterface()) {
            return OBJECT;
        }
        try {
            TypeDefinition superClass = type.getSuperClass();
            return superClass == null ? null : superClass.asErasure().getInternalName();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True if the class is an interface (annotations included); false for a class or a class not found. */
    @Override
    public boolean isInterface(String internalName) {
        TypeDescription type = describe(internalName);
        return type != null && type.isInterface();
    }

    /**
     * True if the class file makes the class public: source-level {@code public} or {@code protected}
     * (javac writes a protected nested class as public), or the class is not found.
     */
    @Override
    public boolean isPublic(String internalName) {
        TypeDescription type = describe(internalName);
        return type == null || (type.getModifiers() & (java.lang.reflect.Modifier.PUBLIC
                | java.lang.reflect.Modifier.PROTECTED)) != 0;
    }

    private TypeDescription describe(String internalName) {
        if (internalName == null || internalName.startsWith("[")) {
            return null;
        }
        if (pool == null) {
            pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
        }
        try {
            TypePool.Resolution resolution = pool.describe(internalName.replace('/', '.'));
            return resolution.isResolved() ? resolution.resolve() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
