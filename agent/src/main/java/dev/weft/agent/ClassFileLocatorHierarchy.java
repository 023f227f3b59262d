package dev.weft.agent;

import dev.weft.weaver.TypeHierarchy;
import java.io.IOException;
import java.util.function.Function;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The agent's {@link TypeHierarchy} for the classes one loader defines: Byte Buddy's
 * {@link ClassFileLocator} finds the class files (through the loader, or the boot loader's for null,
 * then the system loader's), and the weaver reads the three facts it needs from their headers
 * ({@link TypeHierarchy#reading}). Nothing is loaded as a class, so computing stack map frames never
 * loads the class being transformed (which would fail with {@code ClassCircularityError}).
 *
 * <p>Byte Buddy's type pool answered these questions before, but made a full type description of each
 * class and, on its first use, set up Byte Buddy's reflective machinery (dynamic proxies, generated
 * invokers): some 220 classes and a tenth of a second at start-up, in the interpreter, for three facts.
 * The weaving and the class cache's checks now ask the same reader, so a cached entry is checked against
 * exactly what weaving it asked.
 *
 * <p>A class rather than a method reference: a method reference is linked when the agent starts, which
 * loads the lambda machinery in a program that may never weave anything.
 */
final class ClassFileLocatorHierarchy implements Function<ClassLoader, TypeHierarchy> {
    /** A hierarchy for each loader, made afresh: each caches what it reads for one weaving, no longer. */
    @Override
    public TypeHierarchy apply(ClassLoader loader) {
        return of(loader);
    }

    /** A hierarchy that reads class files through {@code loader} (null: the boot loader). */
    static TypeHierarchy of(ClassLoader loader) {
        return TypeHierarchy.reading(new Located(loader));
    }

    /**
     * The class files a loader's locator finds, by internal name. Only this class names Byte Buddy's
     * types, so that verifying the agent's classes when it starts loads none of them.
     */
    private static final class Located implements TypeHierarchy.ClassFileSource {
        private final ClassFileLocator locator;

        Located(ClassLoader loader) {
            this.locator = new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(loader),
                    ClassFileLocator.ForClassLoader.ofSystemLoader());
        }

        @Override
        public byte[] find(String internalName) throws IOException {
            ClassFileLocator.Resolution resolution = locator.locate(internalName.replace('/', '.'));
            return resolution.isResolved() ? resolution.resolve() : null;
        }
    }
}
