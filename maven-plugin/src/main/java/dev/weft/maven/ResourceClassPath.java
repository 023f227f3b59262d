package dev.weft.maven;

import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A class loader over a project's class path, used only to read {@code .class} files as resources for
 * the weaver's type hierarchy: no class is ever loaded through it. Its parent is the platform class
 * loader, so the JDK's classes are found and the build tool's own classes are not.
 */
public final class ResourceClassPath {
    private ResourceClassPath() {
    }

    /**
     * A loader over {@code elements} (directories and jars; duplicates and missing ones are harmless), in
     * order. The caller closes it, which releases the jars.
     */
    public static URLClassLoader of(List<Path> elements) {
        Set<URL> urls = new LinkedHashSet<>();
        for (Path p : elements) {
            try {
                urls.add(p.toAbsolutePath().normalize().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new URLClassLoader("weft-type-hierarchy", urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader());
    }
}
