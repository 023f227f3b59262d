package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The processor where javac's task API is out of reach (a tool wraps the processing environment, or the
 * compiler is not javac) or the class output is not a directory: it checks what it can, says once that
 * classes must be woven another way, and never fails for that.
 */
class EnvironmentTest {
    private static final Path COUNTDOWN = Compilation.RESOURCES.resolve("good/Countdown.java");
    private static final String CHECKS_ONLY = "weft: this compiler does not offer javac's task API";

    /** Hands {@link WeftProcessor} the environment {@code wrap} makes of javac's, as build tools do. */
    static final class Wrapping extends AbstractProcessor {
        private final WeftProcessor inner = new WeftProcessor();
        private final UnaryOperator<ProcessingEnvironment> wrap;

        Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment env) {
            super.init(env);
            inner.init(wrap.apply(env));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return inner.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return inner.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    /** A dynamic proxy whose handler holds javac's environment as a plain Object: nothing to unwrap. */
    static ProcessingEnvironment opaque(ProcessingEnvironment env) {
        Object target = env;
        InvocationHandler handler = new InvocationHandler() {
            private final Object delegate = target;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                try {
                    return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (ProcessingEnvironment) Proxy.newProxyInstance(EnvironmentTest.class.getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, handler);
    }

    /** A wrapper holding javac's environment in a field, as Gradle's incremental processing does. */
    static final class Delegating implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        Delegating(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            return delegate.getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }

    private static List<String> notes(Compilation.Result r) {
        return r.of(Diagnostic.Kind.NOTE).stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
    }

    @Test
    void anOpaqueEnvironmentChecksSignaturesSaysOnceThatItCannotWeaveAndWeavesNothing() {
        Path out = Compilation.freshDirectory("opaque");
        Compilation.Result r = Compilation.compile(new Wrapping(EnvironmentTest::opaque), out, List.of(),
                List.of(COUNTDOWN, Compilation.RESOURCES.resolve("good/Merge.java")));
        assertTrue(r.success(), r::report);
        List<String> notes = notes(r);
        assertEquals(1, notes.stream().filter(n -> n.startsWith(CHECKS_ONLY)).count(), r::report);
        assertTrue(notes.get(0).contains("weave the class files with the weft-maven-plugin (goal weave) or run"
                + " with -javaagent:weft-agent.jar"), r::report);
        assertEquals(List.of(), WovenClasses.woven(out));

        Fixture bad = Fixture.read(Compilation.RESOURCES.resolve("bad/SynchronizedAsync.java"));
        Compilation.Result refused = Compilation.compile(new Wrapping(EnvironmentTest::opaque),
                Compilation.freshDirectory("opaque-bad"), List.of(), List.of(bad.source()));
        assertFalse(refused.success(), refused::report);
        assertEquals(bad.errors().get(0).line(), refused.errors().get(0).getLineNumber(), refused::report);
    }

    @Test
    void aWrapperThatHoldsJavacsEnvironmentIsSeenThrough() throws Exception {
        Path out = Compilation.freshDirectory("delegating");
        Compilation.Result r = Compilation.compile(new Wrapping(Delegating::new), out, List.of(), List.of(COUNTDOWN));
        assertTrue(r.success(), r::report);
        assertTrue(notes(r).isEmpty(), r::report);
        assertEquals(List.of("good/Countdown.class"), WovenClasses.woven(out));
        assertEquals(GoodSourcesTest.expectedResult(COUNTDOWN), WovenClasses.run("good.Countdown", out));
    }

    @Test
    void classesWrittenAnywhereButToFilesAreCheckedAndTheProcessorSaysSoOnce() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> written = new java.util.TreeMap<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaFileManager inMemory = new ForwardingJavaFileManager<>(files) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                           FileObject sibling) {
                    return memory(className.replace('.', '/') + kind.extension, kind, written);
                }

                @Override
                public FileObject getFileForOutput(Location location, String packageName, String relativeName,
                                                   FileObject sibling) {
                    String name = (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + relativeName;
                    return memory(name, JavaFileObject.Kind.OTHER, written);
                }
            };
            List<String> options = List.of("--release", "17", "-classpath", Compilation.runtimeClasses().toString());
            JavaCompiler.CompilationTask task = javac.getTask(null, inMemory, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(List.of(COUNTDOWN, Compilation.RESOURCES.resolve("good/Merge.java"))));
            task.setProcessors(List.of(new WeftProcessor()));
            assertTrue(task.call(), () -> diagnostics.getDiagnostics().toString());
        }
        List<String> notes = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.NOTE)
                .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(notes.get(0).startsWith("weft: the class output (memory:) is not a directory of files"), notes::toString);
        assertTrue(written.containsKey("good/Countdown.class"), written::toString);
    }

    private static JavaFileObject memory(String name, JavaFileObject.Kind kind, Map<String, ByteArrayOutputStream> into) {
        return new SimpleJavaFileObject(URI.create("memory:///" + name), kind) {
            @Override
            public OutputStream openOutputStream() {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                into.put(name, out);
                return out;
            }

            @Override
            public java.io.InputStream openInputStream() throws IOException {
                ByteArrayOutputStream b = into.get(name);
                if (b == null) {
                    throw new java.io.FileNotFoundException(name);
                }
                return new java.io.ByteArrayInputStream(b.toByteArray());
            }
        };
    }
}
