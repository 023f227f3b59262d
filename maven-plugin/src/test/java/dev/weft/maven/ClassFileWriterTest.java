package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replacement of class files. */
class ClassFileWriterTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("A.class");
        Files.write(file, new byte[] {1, 2, 3});

        ClassFileWriter.writeAll(List.of(new WovenClass(file, new byte[] {4, 5}, List.of())));

        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(file));
        assertEquals(List.of("A.class"), names());
    }

    @Test
    void keepsThePermissionsOfTheReplacedFile() throws IOException {
        Path file = dir.resolve("C.class");
        Files.write(file, new byte[] {1});
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class));
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(file, permissions);

        ClassFileWriter.write(file, new byte[] {2});

        assertEquals(permissions, Files.getPosixFilePermissions(file));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("B.class");
        Files.createDirectory(target);
        Files.write(target.resolve("inside"), new byte[] {1});  // a non-empty directory cannot be replaced

        assertThrows(IOException.class, () -> ClassFileWriter.write(target, new byte[] {9}));

        assertEquals(List.of("B.class"), names());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target.resolve("inside")));
    }
}
