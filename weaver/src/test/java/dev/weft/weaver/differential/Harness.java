package dev.weft.weaver.differential;

import dev.weft.Generator;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Runs the differential test over a list of seeds: generates each program, compiles both variants in
 * batches, weaves and checks the woven one, drives both with the same script and compares the
 * transcripts. Collects failures instead of stopping at the first.
 */
final class Harness {
    /** How long one woven program may take to run its script (the reference's handoffs time out alike). */
    private static final long WOVEN_TIMEOUT_SECONDS = 30;
    /** How many programs share one javac run. */
    private static final int BATCH = 40;
    /** javac options by variant (a program's variant is its seed mod 3): debug info on or off, string concatenation inline. */
    private static final List<List<String>> JAVAC_VARIANTS = List.of(
            List.of("-g"),
            List.of("-g:none"),
            List.of("-g:source,lines", "-XDstringConcat=inline"));

    /** One program that did not behave the same woven and threaded, or could not be woven. */
    record Failure(long seed, String name, String kind, String detail, String source) {
        String report() {
            return "=== differential failure: " + name + ", seed " + seed + " (" + kind + ")\n" + detail
                    + "\n--- woven source of " + name + ":\n" + source;
        }
    }

    private final InMemoryCompiler compiler = new InMemoryCompiler();

    /** What the woven programs did, counted by the driver. */
    final Driver.Stats stats = new Driver.Stats();
    final List<Failure> failures = new ArrayList<>();
    /** Programs skipped because javac crashed compiling them. */
    final List<String> javacCrashes = new ArrayList<>();
    /** Programs woven and compared, their generator methods, and their suspension call sites in the source. */
    int programs;
    int methods;
    int sites;
    /** Suspension points in the bytecode of the programs run (javac copies finally blocks: more than in the source). */
    int bytecodePoints;
    /** Nanoseconds spent compiling (on the javac thread), weaving and checking, and driving. */
    long compileNanos;
    long weaveNanos;
    long driveNanos;

    /** A harness with nothing compiled or run yet. */
    Harness() {}

    /** Programs compiled together, ready to weave and run. */
    private record Compiled(List<ProgramGenerator.Program> programs, List<String> options, Map<String, byte[]> woven,
                            Map<String, byte[]> threaded) {}

    /**
     * Runs every seed. Batches of programs are compiled on a second thread while the previous batch is
     * woven and driven on this one.
     */
    void run(List<Long> seeds) {
        List<List<Long>> byVariant = new ArrayList<>();
        for (int v = 0; v < JAVAC_VARIANTS.size(); v++) {
            byVariant.add(new ArrayList<>());
        }
        for (long s : seeds) {
            byVariant.get((int) Math.floorMod(s, (long) JAVAC_VARIANTS.size())).add(s);
        }
        List<Callable<List<Compiled>>> batches = new ArrayList<>();
        for (int v = 0; v < byVariant.size(); v++) {
            List<Long> list = byVariant.get(v);
            List<String> options = JAVAC_VARIANTS.get(v);
            for (int i = 0; i < list.size(); i += BATCH) {
                List<Long> batch = list.subList(i, Math.min(list.size(), i + BATCH));
                batches.add(() -> {
                    List<ProgramGenerator.Program> programs = new ArrayList<>();
                    for (long seed : batch) {
                        programs.add(ProgramGenerator.generate(seed));
                    }
                    List<Compiled> out = new ArrayList<>();
                    compile(programs, options, out);
                    return out;
                });
            }
        }
        ExecutorService javac = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-differential-javac");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Compiled>>> compiled = new ArrayList<>();
            for (Callable<List<Compiled>> b : batches) {
                compiled.add(javac.submit(b)); // one thread: compiled in order, each batch while the last runs
            }
            for (Future<List<Compiled>> f : compiled) {
                for (Compiled c : f.get()) {
                    runAll(c);
                }
            }
        } catch (ExecutionException e) {
            throw new AssertionError("compiling generated programs failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            javac.shutdownNow();
        }
    }

    /** Runs hand-written programs, under every javac variant. */
    void runPrograms(List<ProgramGenerator.Program> list) {
        for (List<String> options : JAVAC_VARIANTS) {
            List<Compiled> out = new ArrayList<>();
            compile(list, options, out);
            for (Compiled c : out) {
                runAll(c);
            }
        }
    }

    /**
     * Compiles the programs together; if javac refuses or crashes on some, splits the list in halves to
     * find them (each is reported: the generator must only make programs javac accepts).
     */
    private void compile(List<ProgramGenerator.Program> list, List<String> options, List<Compiled> out) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ProgramGenerator.Program p : list) {
            sources.put(p.wovenName(), p.wovenSource());
            sources.put(p.threadedName(), p.threadedSource());
        }
        String problem = null;
        boolean crashed = false;
        InMemoryCompiler.Result compiled = null;
        long t0 = System.nanoTime();
        try {
            compiled = compiler.compile(sources, options);
            if (!compiled.errors().isEmpty()) {
                StringBuilder errors = new StringBuilder("javac refused the generated program:\n");
                for (Diagnostic<? extends JavaFileObject> d : compiled.errors()) {
                    String uri = d.getSource() == null ? "?" : d.getSource().toUri().toString();
                    errors.append(uri.contains("/woven/") ? "woven " : "threaded ").append("line ")
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
                }
                problem = errors.toString();
            }
        } catch (IllegalStateException crash) {
            problem = "javac crashed on the generated program:\n" + stackTrace(crash);
            crashed = true;
        }
        synchronized (this) {
            compileNanos += System.nanoTime() - t0;
        }
        if (problem != null) {
            if (list.size() == 1 && crashed) {
                // a bug of javac (17 has a few that later ones fixed), not of the weaver: skipped, counted
                synchronized (this) {
                    javacCrashes.add(list.get(0).simpleName());
                }
                return;
            }
            if (list.size() == 1) {
                fail(list.get(0), options, "generated program does not compile", problem, list.get(0).wovenSource());
                return;
            }
            int half = list.size() / 2;
            compile(list.subList(0, half), options, out);
            compile(list.subList(half, list.size()), options, out);
            return;
        }
        Map<String, byte[]> woven = new LinkedHashMap<>();
        Map<String, byte[]> threaded = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> c : compiled.classes().entrySet()) {
            (c.getKey().startsWith(ProgramGenerator.WOVEN_PACKAGE + ".") ? woven : threaded).put(c.getKey(), c.getValue());
        }
        out.add(new Compiled(list, options, woven, threaded));
    }

    private void runAll(Compiled compiled) {
        List<ProgramGenerator.Program> list = compiled.programs();
        Map<String, byte[]> woven = compiled.woven();
        Map<String, byte[]> threaded = compiled.threaded();
        List<String> options = compiled.options();
        long t0 = System.nanoTime();
        ClassLoader parent = Harness.class.getClassLoader();
        MemLoader original = new MemLoader(parent, woven); // unwoven bytes: for the hierarchy and the verifier
        Weaver weaver = new Weaver(TypeHierarchy.of(original));
        Map<String, byte[]> wovenBytes = new LinkedHashMap<>();
        List<ProgramGenerator.Program> ok = new ArrayList<>();
        for (ProgramGenerator.Program p : list) {
            String problem = null;
            int points = 0;
            for (Map.Entry<String, byte[]> c : woven.entrySet()) {
                if (!c.getKey().equals(p.wovenName()) && !c.getKey().startsWith(p.wovenName() + "$")) {
                    continue;
                }
                points += suspensionPoints(c.getValue());
                try {
                    WeaveResult result = weaver.weave(c.getValue());
                    if (result.hasErrors()) {
                        problem = "weaving errors: " + result.diagnostics();
                        break;
                    }
                    String verify = verify(result.bytes(), original);
                    if (verify != null) {
                        problem = "woven class fails ASM verification:\n" + verify;
                        break;
                    }
                    wovenBytes.put(c.getKey(), result.bytes());
                } catch (RuntimeException | Error e) {
                    problem = "weaver threw " + stackTrace(e);
                    break;
                }
            }
            if (problem != null) {
                fail(p, options, "weaving", problem, p.wovenSource());
            } else {
                ok.add(p);
                bytecodePoints += points;
            }
        }
        MemLoader wovenLoader = new MemLoader(parent, wovenBytes);
        MemLoader threadedLoader = new MemLoader(parent, threaded);
        long t1 = System.nanoTime();
        weaveNanos += t1 - t0;
        for (ProgramGenerator.Program p : ok) {
            programs++;
            methods += p.methods();
            sites += p.sites();
            compare(p, options, wovenLoader, threadedLoader);
        }
        driveNanos += System.nanoTime() - t1;
    }

    private void compare(ProgramGenerator.Program p, List<String> options, ClassLoader wovenLoader,
                         ClassLoader threadedLoader) {
        Method wovenRun;
        try {
            Class<?> c = Class.forName(p.wovenName(), true, wovenLoader);
            wovenRun = c.getMethod("run", int.class, long.class, double.class, String.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            fail(p, options, "loading the woven class", stackTrace(e), p.wovenSource());
            return;
        }
        List<String> expected;
        List<String> got;
        Driver.Stats mine = new Driver.Stats();
        try {
            Class<?> c = Class.forName(p.threadedName(), true, threadedLoader);
            Method threadedRun = c.getMethod("run", int.class, long.class, double.class, String.class);
            expected = Driver.drive(create(threadedRun, p.seed()), p.seed(), p.script(), new Driver.Stats());
        } catch (ReflectiveOperationException | RuntimeException | AssertionError e) {
            fail(p, options, "the threaded reference failed", stackTrace(e), p.threadedSource());
            return;
        } finally {
            ThreadGenerator.abandonAll();
        }
        // on a thread of its own, so that woven code that never ends (a weaver bug) fails the program
        // instead of hanging the test
        FutureTask<List<String>> drive = new FutureTask<>(
                () -> Driver.drive(create(wovenRun, p.seed()), p.seed(), p.script(), mine));
        Thread worker = new Thread(drive, "weft-differential-woven");
        worker.setDaemon(true);
        worker.start();
        try {
            got = drive.get(WOVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement el : worker.getStackTrace()) {
                where.append("\n\tat ").append(el);
            }
            fail(p, options, "the woven program did not end in " + WOVEN_TIMEOUT_SECONDS + " s", "stuck at:" + where,
                    p.wovenSource());
            return;
        } catch (ExecutionException e) {
            fail(p, options, "driving the woven program", stackTrace(e.getCause()), p.wovenSource());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        stats.add(mine);
        if (!expected.equals(got)) {
            fail(p, options, "different behaviour", difference(expected, got), p.wovenSource());
        }
    }

    @SuppressWarnings("unchecked")
    private static Generator<Object, Object, Object> create(Method run, long seed) throws ReflectiveOperationException {
        try {
            return (Generator<Object, Object, Object>) run.invoke(null, (int) seed, seed * 7L, seed / 3.0, "p" + seed);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw e;
        }
    }

    static String difference(List<String> expected, List<String> got) {
        int i = 0;
        while (i < expected.size() && i < got.size() && expected.get(i).equals(got.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder("transcripts differ at step " + i + "\n");
        for (int k = Math.max(0, i - 5); k < i; k++) {
            sb.append("    same:     ").append(expected.get(k)).append('\n');
        }
        for (int k = i; k < i + 4; k++) {
            if (k < expected.size()) {
                sb.append("    expected: ").append(expected.get(k)).append('\n');
            }
        }
        for (int k = i; k < i + 4; k++) {
            if (k < got.size()) {
                sb.append("    woven:    ").append(got.get(k)).append('\n');
            }
        }
        return sb.toString();
    }

    /** The calls of {@code Coroutines.yield} and {@code yieldFrom} in a class: its suspension points. */
    static int suspensionPoints(byte[] bytes) {
        int[] count = new int[1];
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (owner.equals("dev/weft/Coroutines") && method.startsWith("yield")) {
                            count[0]++;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return count[0];
    }

    /** ASM's data-flow verification of woven bytes, or null if it passes. */
    static String verify(byte[] bytes, ClassLoader loader) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), loader, false, new PrintWriter(out));
        return out.toString().isEmpty() ? null : out.toString();
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() > 6000 ? s.substring(0, 6000) + "\n..." : s;
    }

    private synchronized void fail(ProgramGenerator.Program p, List<String> options, String kind, String detail,
                                   String source) {
        failures.add(new Failure(p.seed(), p.simpleName(), kind + ", javac " + String.join(" ", options), detail,
                source));
    }

    /** Writes every failure's report under {@code target/differential-failures}; returns the folder. */
    Path writeReports() {
        Path dir = Paths.get("target", "differential-failures");
        try {
            Files.createDirectories(dir);
            for (Failure f : failures) {
                Files.writeString(dir.resolve(f.name() + ".txt"), f.report());
            }
        } catch (IOException e) {
            return null;
        }
        return dir.toAbsolutePath();
    }

    /** Defines the classes it is given; serves their bytes as resources too (for the weaver's hierarchy). */
    static final class MemLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            if (name.endsWith(".class")) {
                byte[] b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
                if (b != null) {
                    return new ByteArrayInputStream(b);
                }
            }
            return super.getResourceAsStream(name);
        }
    }
}
