package dev.weft.bench.weaving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Class files read from the class path and from the JDK's run-time image, for the weaving benchmarks. */
public final class ClassFiles {
    private ClassFiles() {
    }

    /** The internal names (a/b/C) of the classes on the class path whose names {@code filter} accepts, sorted. */
    public static List<String> onClassPath(Predicate<String> filter) {
        List<String> names = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(element);
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        files.map(f -> p.relativize(f).toString().replace(java.io.File.separatorChar, '/'))
                                .forEach(name -> add(names, name, filter));
                    }
                } else if (Files.isRegularFile(p)) {
                    try (ZipFile zip = new ZipFile(p.toFile())) {
                        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                            add(names, e.nextElement().getName(), filter);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        names.sort(null);
        return names;
    }

    private static void add(List<String> names, String entry, Predicate<String> filter) {
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/") || entry.endsWith("module-info.class")
                || entry.endsWith("package-info.class")) {
            return;
        }
        String name = entry.substring(0, entry.length() - ".class".length());
        if (filter.test(name)) {
            names.add(name);
        }
    }

    /** The bytes of class {@code internalName} as a resource of {@code loader}. */
    public static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} class files of module {@code module} in the JDK's run-time image, in name order. */
    public static List<byte[]> fromJdk(String module, int count) {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path root = jrt.getPath("modules", module);
        List<byte[]> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().equals("module-info.class")).sorted()::iterator) {
                if (classes.size() >= count) {
                    break;
                }
                classes.add(Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }
}
