package dev.weft.maven;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;

/**
 * Replaces class files atomically: each is written to a temporary file beside it, then moved over it, so
 * a reader (or a build killed half-way) sees either the old class or the new one, never a torn file; and
 * removes the temporary files a killed build left behind.
 */
public final class ClassFileWriter {
    /** How the temporary files end; a build killed between writing and moving one leaves it behind. */
    static final String TEMP_SUFFIX = ".weft-tmp";

    private ClassFileWriter() {
    }

    /**
     * Deletes the temporary files a killed build may have left under {@code directory}, so that they never
     * end up in a jar; does nothing if the directory does not exist.
     *
     * @return how many were deleted
     * @throws IOException if the directory cannot be listed or a file cannot be deleted
     */
    public static int removeLeftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(directory)) {
            leftovers = files.filter(f -> f.getFileName().toString().endsWith(TEMP_SUFFIX))
                    .filter(Files::isRegularFile)
                    .toList();
        }
        for (Path f : leftovers) {
            Files.deleteIfExists(f);
        }
        return leftovers.size();
    }

    /**
     * Replaces each class's file with its woven bytes, in order.
     *
     * @throws IOException if a file cannot be written; the classes before it have been replaced, the
     *     others not, and every file holds a whole class
     */
    public static void writeAll(List<WovenClass> classes) throws IOException {
        for (WovenClass c : classes) {
            write(c.file(), c.bytes());
        }
    }

    /**
     * Replaces {@code file} with {@code bytes} atomically (a plain replacing move where the file system
     * cannot move atomically), keeping its POSIX permissions; the temporary file is removed if anything
     * fails.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), TEMP_SUFFIX);
        try {
            Files.write(temp, bytes);
            copyPermissions(file, temp);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temporary file is readable by its owner only: give it the permissions of the file it replaces. */
    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.exists(from) && Files.getFileStore(to).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }
}
