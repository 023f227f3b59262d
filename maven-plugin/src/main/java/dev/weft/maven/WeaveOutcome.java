package dev.weft.maven;

import dev.weft.weaver.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * What weaving a directory in memory produced; nothing has been written yet.
 *
 * @param directory the classes directory
 * @param woven the classes that changed, in path order
 * @param diagnostics the weaver's errors and warnings, in path order
 * @param unreadable class files the weaver could not read, or woven by another version of weft (which
 *     would fail at run time), each as {@code path: reason}
 * @param alreadyWoven how many chosen class files had been woven before (by this plugin, the processor
 *     or an earlier build) and were left alone
 * @param excludedUnwoven the class files the includes and excludes left out that would have been woven,
 *     as paths relative to the directory: they ship unwoven, and their suspension points throw
 */
public record WeaveOutcome(Path directory, List<WovenClass> woven, List<Diagnostic> diagnostics,
                           List<String> unreadable, int alreadyWoven, List<String> excludedUnwoven) {
    /** Copies the lists. */
    public WeaveOutcome {
        woven = List.copyOf(woven);
        diagnostics = List.copyOf(diagnostics);
        unreadable = List.copyOf(unreadable);
        excludedUnwoven = List.copyOf(excludedUnwoven);
    }

    /** An outcome with no class left out by the includes and excludes that needed weaving. */
    public WeaveOutcome(Path directory, List<WovenClass> woven, List<Diagnostic> diagnostics, List<String> unreadable,
                        int alreadyWoven) {
        this(directory, woven, diagnostics, unreadable, alreadyWoven, List.of());
    }

    /** True if some method could not be woven or some class file could not be read: write nothing. */
    public boolean hasErrors() {
        return !errors().isEmpty() || !unreadable.isEmpty();
    }

    /** The diagnostics of severity {@link Diagnostic.Severity#ERROR}. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }

    /** The diagnostics of severity {@link Diagnostic.Severity#WARNING}. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
    }

    /** The number of woven methods over all woven classes. */
    public int methodCount() {
        return woven.stream().mapToInt(c -> c.wovenMethods().size()).sum();
    }
}
