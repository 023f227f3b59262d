package dev.weft.processor;

import dev.weft.Async;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles sources in this JVM with javac's API and a processor, into a fresh directory. */
final class Compilation {
    /** The test fixtures: {@code bad/}, {@code good/}, {@code warn/} sources. */
    static final Path RESOURCES = Path.of(System.getProperty("weft.test.resources", "src/test/resources"));
    private static final Path WORK = Path.of(System.getProperty("weft.work.dir", "target/processor-tests"));

    /** What a compilation produced. */
    record Result(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path classes) {
        List<Diagnostic<? extends JavaFileObject>> of(Diagnostic.Kind kind) {
            return diagnostics.stream().filter(d -> d.getKind() == kind).collect(Collectors.toList());
        }

        List<Diagnostic<? extends JavaFileObject>> errors() {
            return of(Diagnostic.Kind.ERROR);
        }

        /** Warnings of any kind, mandatory or not. */
        List<Diagnostic<? extends JavaFileObject>> warnings() {
            return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING
                    || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING).collect(Collectors.toList());
        }

        /** Every diagnostic as javac prints it, one a line, for failure messages. */
        String report() {
            return diagnostics.stream().map(Compilation::format).collect(Collectors.joining("\n"));
        }
    }

    private Compilation() {}

    /** The runtime's classes (a directory or jar), for the class path of the compiled sources. */
    static Path runtimeClasses() {
        try {
            return Path.of(Async.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new empty directory under the module's work directory. */
    static Path freshDirectory(String name) {
        try {
            Files.createDirectories(WORK);
            return Files.createTempDirectory(WORK, name.replaceAll("[^A-Za-z0-9]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles {@code sources} with a new {@link WeftProcessor} into a fresh directory. */
    static Result compile(String name, List<Path> sources, String... options) {
        return compile(new WeftProcessor(), freshDirectory(name), List.of(), sources, options);
    }

    /**
     * Compiles {@code sources} with {@code processor} into {@code out}, against the runtime and
     * {@code classPath}; {@code out} null compiles without {@code -d}.
     */
    static Result compile(Processor processor, Path out, List<Path> classPath, List<Path> sources, String... options) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all,-options,-processing",
                "-encoding", "UTF-8"));
        if (out != null) {
            args.add("-d");
            args.add(out.toString());
        }
        List<String> cp = new ArrayList<>();
        cp.add(runtimeClasses().toString());
        classPath.forEach(p -> cp.add(p.toString()));
        args.add("-classpath");
        args.add(String.join(java.io.File.pathSeparator, cp));
        args.addAll(List.of(options));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, args, null,
                    files.getJavaFileObjectsFromPaths(sources));
            task.setProcessors(List.of(processor));
            task.setLocale(Locale.ROOT);
            boolean ok = task.call();
            return new Result(ok, diagnostics.getDiagnostics(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String format(Diagnostic<? extends JavaFileObject> d) {
        String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":";
        return file + d.getLineNumber() + ": " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": "
                + d.getMessage(Locale.ROOT);
    }
}
