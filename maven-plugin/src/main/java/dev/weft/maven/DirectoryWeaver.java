package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Weaves the chosen class files of a directory in memory and reports what it would write; it writes
 * nothing, so that a build can refuse to write anything when one class has an error (see
 * {@link ClassFileWriter}). Knows nothing of Maven. Thread-safe; the directory must not change while it
 * is read.
 */
public final class DirectoryWeaver {
    private final Weaver weaver;
    private final PathFilter filter;

    /** A directory weaver that weaves with {@code weaver} the class files {@code filter} chooses. */
    public DirectoryWeaver(Weaver weaver, PathFilter filter) {
        this.weaver = weaver;
        this.filter = filter;
    }

    /**
     * Reads and weaves every chosen {@code .class} file under {@code directory}, in path order. Classes
     * that need no weaving, or were woven before, are left out of {@link WeaveOutcome#woven()}.
     *
     * @throws IOException if the directory cannot be listed or a class file cannot be read
     */
    public WeaveOutcome weave(Path directory) throws IOException {
        List<WovenClass> woven = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int alreadyWoven = 0;
        for (Path file : classFiles(directory)) {
            byte[] bytes = Files.readAllBytes(file);
            Weaver.Triage triage = Weaver.triage(bytes);
            if (triage == Weaver.Triage.WOVEN) {
                alreadyWoven++;
                String stale = wovenForAnotherRuntime(bytes);
                if (stale != null) {
                    unreadable.add(relative(directory, file) + ": " + stale);
                }
            }
            if (triage != Weaver.Triage.CANDIDATE) {
                continue;
            }
            WeaveResult result;
            try {
                result = weaver.weave(bytes);
            } catch (RuntimeException e) {
                unreadable.add(relative(directory, file) + ": not a class file the weaver can read (" + e + ")");
                continue;
            }
            diagnostics.addAll(result.diagnostics());
            if (result.changed() && !result.hasErrors()) {
                woven.add(new WovenClass(file, result.bytes(), result.wovenMethods()));
            }
        }
        List<String> excludedUnwoven = new ArrayList<>();
        for (Path file : classFiles(directory, false)) {
            if (Weaver.triage(Files.readAllBytes(file)) == Weaver.Triage.CANDIDATE) {
                excludedUnwoven.add(relative(directory, file));
            }
        }
        return new WeaveOutcome(directory, woven, diagnostics, unreadable, alreadyWoven, excludedUnwoven);
    }

    /**
     * Why a class woven before cannot ship (it was woven by another weft version, whose woven code this
     * runtime refuses when one of its methods is first called), or null if it can. A build that does not
     * recompile, as after a change of weft's version alone, leaves such class files behind.
     */
    private static String wovenForAnotherRuntime(byte[] bytes) {
        int abi;
        try {
            abi = Weaver.wovenAbi(bytes);
        } catch (RuntimeException e) {
            return null; // weft's mark on a class file ASM cannot read: no woven code of weft's to judge
        }
        if (abi == Weaver.RUNTIME_ABI) {
            return null;
        }
        String version = abi < 0 ? "an older version of weft"
                : "another version of weft (for runtime ABI " + abi + "; this weaver's is " + Weaver.RUNTIME_ABI + ")";
        return "woven by " + version + ", which this runtime cannot run: its woven methods would fail when first"
                + " called. Delete the class file and compile it again (mvn clean verify)";
    }

    /** The chosen class files under {@code directory}, sorted by path; none if it does not exist. */
    List<Path> classFiles(Path directory) throws IOException {
        return classFiles(directory, true);
    }

    /** The class files under {@code directory} the filter chooses (or, if not {@code chosen}, leaves out), sorted. */
    private List<Path> classFiles(Path directory, boolean chosen) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .filter(Files::isRegularFile)
                    .filter(f -> filter.accepts(relative(directory, f)) == chosen)
                    .sorted()
                    .toList();
        }
    }

    private static String relative(Path directory, Path file) {
        return directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
