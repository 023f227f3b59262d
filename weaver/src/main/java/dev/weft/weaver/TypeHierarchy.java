package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;

/**
 * Answers the two questions stack map frames need about classes other than the one being woven, from
 * class bytes (never by loading a class): a class's superclass and whether it is an interface.
 */
public interface TypeHierarchy {
    /** The internal name of {@code internalName}'s superclass, null for {@code java/lang/Object}, or null if unknown. */
    String superName(String internalName);

    /** True if {@code internalName} is an interface; false if it is a class or unknown. */
    boolean isInterface(String internalName);

    /**
     * True if {@code internalName} is a public class (or unknown). A restored value is cast to its type
     * only where the woven class may name it; otherwise to its nearest accessible superclass.
     */
    default boolean isPublic(String internalName) {
        return true;
    }

    /**
     * A hierarchy that reads {@code .class} resources through {@code loader} (and the platform's classes
     * through the system loader), caching what it reads. Reading a resource loads no class.
     */
    static TypeHierarchy of(ClassLoader loader) {
        return reading(new LoaderResources(loader != null ? loader : ClassLoader.getSystemClassLoader()));
    }

    /**
     * A hierarchy that reads the class files {@code classFiles} finds (given an internal name, the class
     * file's bytes, or null if there is none), caching what it reads. The hierarchy of a class that
     * cannot be found or read is unknown: no superclass, not an interface, public.
     */
    static TypeHierarchy reading(ClassFileSource classFiles) {
        return new ClassFileTypeHierarchy(classFiles);
    }

    /** Where {@link #reading} finds class files. */
    @FunctionalInterface
    interface ClassFileSource {
        /**
         * The bytes of the class file of {@code internalName}, or null if there is none.
         *
         * @throws IOException if the class file exists but cannot be read (the class is then unknown)
         */
        byte[] find(String internalName) throws IOException;
    }

    /**
     * Class files as a loader's resources, else the system loader's. A class rather than a lambda: the
     * agent may read through it while the JVM starts, when linking a lambda costs more than the reading.
     */
    final class LoaderResources implements ClassFileSource {
        private final ClassLoader loader;

        /** The class files {@code loader} finds as resources (else the system loader does). */
        public LoaderResources(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public byte[] find(String internalName) throws IOException {
            String resource = internalName + ".class";
            InputStream found = loader.getResourceAsStream(resource);
            try (InputStream in = found != null ? found : ClassLoader.getSystemResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            }
        }
    }

    /** The hierarchy read from the headers of class files. */
    final class ClassFileTypeHierarchy implements TypeHierarchy {
        private static final String[] UNKNOWN = {null, "0", "1"};
        private final ClassFileSource classFiles;
        private final Map<String, String[]> cache = new ConcurrentHashMap<>();

        ClassFileTypeHierarchy(ClassFileSource classFiles) {
            this.classFiles = classFiles;
        }

        @Override
        public String superName(String internalName) {
            return lookup(internalName)[0];
        }

        @Override
        public boolean isInterface(String internalName) {
            return "1".equals(lookup(internalName)[1]);
        }

        @Override
        public boolean isPublic(String internalName) {
            return "1".equals(lookup(internalName)[2]);
        }

        private String[] lookup(String internalName) {
            if (internalName == null || internalName.startsWith("[")) {
                return UNKNOWN;
            }
            String[] known = cache.get(internalName);
            if (known == null) {
                // a race reads a class file twice, with the same answer: cheaper than a lambda at start-up
                known = read(internalName);
                cache.put(internalName, known);
            }
            return known;
        }

        private String[] read(String internalName) {
            try {
                byte[] classFile = classFiles.find(internalName);
                if (classFile == null) {
                    return UNKNOWN;
                }
                ClassReader reader = new ClassReader(classFile);
                boolean itf = (reader.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
                boolean pub = (reader.getAccess() & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0;
                return new String[] {reader.getSuperName(), itf ? "1" : "0", pub ? "1" : "0"};
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
        }
    }
}
