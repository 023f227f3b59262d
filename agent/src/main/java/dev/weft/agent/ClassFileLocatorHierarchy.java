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

    /**
     * A hierarchy that reads class files through {@code loader} (null: the boot loader), but for the
     * platform's own classes ({@code java.*}), which it asks of one hierarchy shared by the whole JVM.
     */
    static TypeHierarchy of(ClassLoader loader) {
        return new PlatformShared(TypeHierarchy.reading(new Located(loader)));
    }

    /**
     * Answers about {@code java.*} classes, which only the platform defines, from one hierarchy for the
     * JVM's life, and about every other class from a hierarchy of the loader's own. Every class the agent
     * weaves gets a hierarchy of its own, and each would otherwise read {@code java/lang/String}'s class
     * file again: at start-up, in the interpreter, a tenth of a millisecond a time.
     */
    private static final class PlatformShared implements TypeHierarchy {
        private final TypeHierarchy own;

        PlatformShared(TypeHierarchy own) {
            this.own = own;
        }

        private TypeHierarchy about(String internalName) {
            return internalName != null && internalName.startsWith("java/") ? Platform.HIERARCHY : own;
        }

        @Override
        public String superName(String internalName) {
            return about(internalName).superName(internalName);
        }

        @Override
        public boolean isInterface(String internalName) {
            return about(internalName).isInterface(internalName);
        }

        @Override
        public boolean isPublic(String internalName) {
            return about(internalName).isPublic(internalName);
        }
    }

    /** The JVM's hierarchy of the platform's classes (thread-safe), made when first asked. */
    private static final class Platform {
        static final TypeHierarchy HIERARCHY = TypeHierarchy.reading(new Located(null));
    }

    /**
     * The class files a loader's locator finds, by internal name. Only this class names Byte Buddy's
     * types, so that verifying the agent's classes when it starts loads none of them.
     */
    private static final class Located implements TypeHierarchy.ClassFileSource {
        private final ClassFileLocator locator;
        /** The loader, if it is the source launcher's, which compiles a source file when first asked for a class. */
        private final ClassLoader sourceLauncher;

        Located(ClassLoader loader) {
            this.locator = new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(loader),
                    ClassFileLocator.ForClassLoader.ofSystemLoader());
            this.sourceLauncher = isSourceLauncher(loader) ? loader : null;
        }

        @Override
        public byte[] find(String internalName) throws IOException {
            String name = internalName.replace('/', '.');
            ClassFileLocator.Resolution resolution = locator.locate(name);
            if (!resolution.isResolved() && sourceLauncher != null) {
                compileSourceFileOf(name);
                resolution = locator.locate(name);
            }
            return resolution.isResolved() ? resolution.resolve() : null;
        }

        /**
         * Has the source launcher compile the source file that declares {@code name}: a program of several
         * source files ({@code java Main.java}, JDK 22+) is compiled a file at a time, as a class of the file
         * is first loaded, and until then its loader has no class file to read. Loading the class itself
         * would define it untransformed (the JVM runs no transformer for a class loaded inside another's
         * transformation), so this asks for a class nested in it that no program declares: the launcher
         * looks for that name's source file as for any nested class (the file of its outermost class),
         * compiles it, and finds no such class, but keeps the class files of all the others. A program run
         * otherwise has no such loader; if the JDK finds source files otherwise, the class stays unknown.
         */
        private void compileSourceFileOf(String name) {
            try {
                Class.forName(name + UNDECLARED_NESTED_CLASS, false, sourceLauncher);
            } catch (ClassNotFoundException | LinkageError e) {
                // as expected: the class files the compilation made are resources of the loader now
            }
        }
    }

    /** The name of a class nested in any other that no program declares. */
    private static final String UNDECLARED_NESTED_CLASS = "$weft$SourceFileProbe";

    /**
     * True for the loader of a program the {@code java} launcher runs from source ({@code java Main.java}),
     * which (JDK 22+) compiles the program's source files other than the first as they are needed.
     */
    static boolean isSourceLauncher(ClassLoader loader) {
        return loader != null && loader.getClass().getName().startsWith("com.sun.tools.javac.launcher.");
    }
}
