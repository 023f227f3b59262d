package dev.weft.maven;

import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One build step, without Maven: weave a classes directory all in memory, then either write every woven
 * class (each atomically) or, if any class has an error, write none. The weaver sees the directory's
 * own classes and the given class path, read as class files, never loaded.
 */
public final class Weaving {
    private final List<Path> classPath;
    private final PathFilter filter;

    /**
     * A step whose weaver resolves other types through {@code classPath} (directories and jars) and
     * weaves only the class files {@code filter} chooses.
     */
    public Weaving(List<Path> classPath, PathFilter filter) {
        this.classPath = List.copyOf(classPath);
        this.filter = filter;
    }

    /**
     * Weaves the class files under {@code directory} and, if none has an error, replaces the woven ones.
     * A directory that does not exist has nothing to weave. Temporary files left there by a build killed
     * while writing are deleted first.
     *
     * @return what was woven (and is now written)
     * @throws WeavingException if some class cannot be woven or read; no file has been changed then
     * @throws IOException if a class file cannot be read or written
     */
    public WeaveOutcome run(Path directory) throws WeavingException, IOException {
        ClassFileWriter.removeLeftovers(directory);
        List<Path> elements = new ArrayList<>();
        elements.add(directory);
        elements.addAll(classPath);
        WeaveOutcome outcome;
        try (URLClassLoader resources = ResourceClassPath.of(elements)) {
            Weaver weaver = new Weaver(TypeHierarchy.of(resources));
            outcome = new DirectoryWeaver(weaver, filter).weave(directory);
        }
        if (outcome.hasErrors()) {
            throw new WeavingException(outcome);
        }
        ClassFileWriter.writeAll(outcome.woven());
        return outcome;
    }
}
