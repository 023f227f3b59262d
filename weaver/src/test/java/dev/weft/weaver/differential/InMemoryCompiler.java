package dev.weft.weaver.differential;

import dev.weft.Generator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources in memory with the platform's javac, against the runtime and the test
 * classes (for {@link Rt} and {@link ThreadGenerator}). One instance is reused for every batch.
 */
final class InMemoryCompiler {
    /** Class name to class bytes, or the compiler's complaints. */
    record Result(Map<String, byte[]> classes, List<Diagnostic<? extends JavaFileObject>> errors) {}

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager standard;
    private final String classPath;

    InMemoryCompiler() {
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK");
        }
        standard = javac.getStandardFileManager(null, null, null);
        classPath = locationOf(Generator.class) + File.pathSeparator + locationOf(Rt.class);
    }

    private static String locationOf(Class<?> c) {
        try {
            Path p = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the classes of " + c, e);
        }
    }

    /** Compiles {@code sources} (class name to source text) with extra javac {@code options}. */
    Result compile(Map<String, String> sources, List<String> options) {
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            units.add(new Source(s.getKey(), s.getValue()));
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> opts = new ArrayList<>(List.of("-classpath", classPath, "-proc:none", "-nowarn",
                "-Xlint:none", "-encoding", "UTF-8", "--release", "17"));
        opts.addAll(options);
        StringWriter log = new StringWriter();
        boolean ok;
        try {
            ok = javac.getTask(log, new Files(standard, out), diagnostics, opts, null, units).call();
        } catch (RuntimeException crash) {
            throw new IllegalStateException("javac crashed: " + crash.getMessage(), crash);
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d);
            }
        }
        if (!ok && errors.isEmpty()) {
            throw new IllegalStateException("javac failed without diagnostics: " + log);
        }
        return new Result(out, errors);
    }

    private static URI uri(String className, JavaFileObject.Kind kind) {
        return URI.create("mem:///" + className.replace('.', '/') + kind.extension);
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(uri(className, Kind.SOURCE), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    private static final class ClassOutput extends SimpleJavaFileObject {
        private final String className;
        private final Map<String, byte[]> sink;

        ClassOutput(String className, Map<String, byte[]> sink) {
            super(uri(className, Kind.CLASS), Kind.CLASS);
            this.className = className;
            this.sink = sink;
        }

        @Override
        public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
                @Override
                public void close() throws IOException {
                    super.close();
                    synchronized (sink) {
                        sink.put(className, toByteArray());
                    }
                }
            };
        }
    }

    private static final class Files extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> sink;

        Files(StandardJavaFileManager standard, Map<String, byte[]> sink) {
            super(standard);
            this.sink = sink;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) throws IOException {
            if (location == StandardLocation.CLASS_OUTPUT && kind == JavaFileObject.Kind.CLASS) {
                return new ClassOutput(className, sink);
            }
            return super.getJavaFileForOutput(location, className, kind, sibling);
        }

        @Override
        public void close() {
            // the standard file manager is shared between batches
        }
    }
}
