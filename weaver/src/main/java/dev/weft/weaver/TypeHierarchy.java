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
        return new ResourceTypeHierarchy(loader);
    }

    /** The hierarchy built from class bytes found by a resource loader. */
    final class ResourceTypeHierarchy implements TypeHierarchy {
        private static final String[] UNKNOWN = {null, "0", "1"};
        private final ClassLoader loader;
        private final Map<String, String[]> cache = new ConcurrentHashMap<>();

        ResourceTypeHierarchy(ClassLoader loader) {
            this.loader = loader;
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
            return cache.computeIfAbsent(internalName, this::read);
        }

        private String[] read(String internalName) {
            String resource = internalName + ".class";
            ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
            try (InputStream in = open(l, resource)) {
                if (in == null) {
                    return UNKNOWN;
                }
                ClassReader reader = new ClassReader(in);
                boolean itf = (reader.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
                boolean pub = (reader.getAccess() & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0;
                return new String[] {reader.getSuperName(), itf ? "1" : "0", pub ? "1" : "0"};
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
        }

        private static InputStream open(ClassLoader loader, String resource) {
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                in = ClassLoader.getSystemResourceAsStream(resource);
            }
            return in;
        }
    }
}
