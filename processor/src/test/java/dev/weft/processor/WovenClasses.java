package dev.weft.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** What the class files of a compilation say about weaving, and a way to run them. */
final class WovenClasses {
    static final String ASYNC = "Ldev/weft/Async;";
    static final String WOVEN = "Ldev/weft/internal/Woven;";

    private WovenClasses() {}

    /** Every class file under {@code dir}, by path relative to it. */
    static Map<String, ClassNode> read(Path dir) {
        Map<String, ClassNode> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                ClassNode cn = new ClassNode();
                new ClassReader(Files.readAllBytes(p)).accept(cn, ClassReader.SKIP_CODE);
                classes.put(dir.relativize(p).toString().replace('\\', '/'), cn);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /** True if the class declares an {@code @Async} method. */
    static boolean declaresAsync(ClassNode cn) {
        for (MethodNode m : cn.methods) {
            if (m.visibleAnnotations != null && m.visibleAnnotations.stream().anyMatch(a -> ASYNC.equals(a.desc))) {
                return true;
            }
        }
        return false;
    }

    /** True if the class carries the weaver's marker. */
    static boolean isWoven(ClassNode cn) {
        List<AnnotationNode> invisible = cn.invisibleAnnotations == null ? List.of() : cn.invisibleAnnotations;
        return invisible.stream().anyMatch(a -> WOVEN.equals(a.desc));
    }

    /** The names of the classes under {@code dir} that declare an @Async method but are not woven. */
    static List<String> unwoven(Path dir) {
        List<String> out = new ArrayList<>();
        read(dir).forEach((path, cn) -> {
            if (declaresAsync(cn) && !isWoven(cn)) {
                out.add(path);
            }
        });
        return out;
    }

    /** The names of the woven classes under {@code dir}. */
    static List<String> woven(Path dir) {
        List<String> out = new ArrayList<>();
        read(dir).forEach((path, cn) -> {
            if (isWoven(cn)) {
                out.add(path);
            }
        });
        return out;
    }

    /** A loader for the classes under {@code dirs}, over this test's loader (which has the runtime). */
    static URLClassLoader loader(Path... dirs) {
        URL[] urls = new URL[dirs.length];
        try {
            for (int i = 0; i < dirs.length; i++) {
                urls[i] = dirs[i].toUri().toURL();
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new URLClassLoader(urls, WovenClasses.class.getClassLoader());
    }

    /** Calls {@code public static String run()} of {@code className}, loaded from {@code dirs}. */
    static String run(String className, Path... dirs) throws Exception {
        try (URLClassLoader loader = loader(dirs)) {
            return (String) loader.loadClass(className).getMethod("run").invoke(null);
        }
    }
}
