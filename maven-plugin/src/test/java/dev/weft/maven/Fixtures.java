package dev.weft.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The compiled fixture classes of {@code dev.weft.maven.fixtures}, copied into a directory of a test's own. */
final class Fixtures {
    static final String PACKAGE = "dev/weft/maven/fixtures";
    /** A time long past, given to files so that any rewrite shows in their modification time. */
    static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L);

    private Fixtures() {
    }

    /** The directory the test classes were compiled into. */
    static Path testClasses() {
        try {
            return Path.of(Fixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies the class files under {@code dev/weft/maven/fixtures/<subPath>} (all of them for "") into
     * {@code target}, keeping their paths, and dates them {@link #LONG_AGO}.
     */
    static void copy(Path target, String subPath) throws IOException {
        Path root = testClasses();
        Path from = root.resolve(PACKAGE).resolve(subPath);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                Path to = target.resolve(root.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
                Files.setLastModifiedTime(to, LONG_AGO);
            }
        }
    }

    /** The original (unwoven) bytes of a fixture class file, by its path relative to the test classes. */
    static byte[] original(String relativePath) throws IOException {
        return Files.readAllBytes(testClasses().resolve(relativePath));
    }

    /** Every regular file under {@code dir} with its content and modification time, by relative path. */
    static Map<String, Snapshot> snapshot(Path dir) {
        Map<String, Snapshot> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(f).toString().replace('\\', '/'),
                        new Snapshot(Files.readAllBytes(f), Files.getLastModifiedTime(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A file's content and modification time. */
    record Snapshot(byte[] bytes, FileTime modified) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Arrays.equals(bytes, s.bytes) && modified.equals(s.modified);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes) * 31 + modified.hashCode();
        }

        @Override
        public String toString() {
            return bytes.length + " bytes, modified " + modified;
        }
    }
}
