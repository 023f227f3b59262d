package dev.weft.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the fixture classes from a directory (woven by the test), everything else from the test's own
 * loader: child-first for {@code dev.weft.maven.fixtures}, so the unwoven copies on the test class path
 * are never used. No agent is involved.
 */
final class FixtureLoader extends ClassLoader {
    private final Path directory;

    FixtureLoader(Path directory) {
        super(FixtureLoader.class.getClassLoader());
        this.directory = directory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("dev.weft.maven.fixtures.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                Path file = directory.resolve(name.replace('.', '/') + ".class");
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
