package dev.weft.weaver.differential;

import dev.weft.Generator;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the Java side of programs: compiles their sources in memory ({@link TwinCompiler}, a javac run
 * per variant),
 * weaves every class with {@link Weaver} and checks it with ASM's verifier as {@link Harness} does, loads
 * the woven classes, and drives each program's {@code f0} by its script with {@link PythonJavaDriver}, on a
 * {@link WovenWorker}.
 */
final class PythonWovenRunner {
    /** How long one program may take to run its script (woven code that never ends is a weaver bug). */
    private static final long TIMEOUT_SECONDS = 10;
    /** javac options by variant, by seed parity: with and without debug information. */
    private static final List<List<String>> JAVAC_VARIANTS = List.of(List.of("-g"), List.of("-g:none"));

    private final TwinCompiler compiler = new TwinCompiler();
    /** Nanoseconds spent in weaving and verifying, and in driving (javac's: {@link #compileNanos()}). */
    long weaveNanos;
    long driveNanos;

    /** Runs every program; the results by program name. */
    Map<String, WovenResult> run(List<PythonProgram> programs) {
        Map<String, WovenResult> results = new LinkedHashMap<>();
        List<List<PythonProgram>> byVariant = new ArrayList<>();
        for (int v = 0; v < JAVAC_VARIANTS.size(); v++) {
            byVariant.add(new ArrayList<>());
        }
        for (PythonProgram p : programs) {
            byVariant.get((int) Math.floorMod(p.seed(), (long) JAVAC_VARIANTS.size())).add(p);
        }
        try (WovenWorker worker = new WovenWorker("weft-pydiff-woven", TIMEOUT_SECONDS)) {
            for (int v = 0; v < byVariant.size(); v++) {
                if (!byVariant.get(v).isEmpty()) {
                    Map<String, byte[]> classes = new LinkedHashMap<>();
                    compiler.compile(byVariant.get(v), JAVAC_VARIANTS.get(v), classes, results);
                    weaveAndDrive(byVariant.get(v), classes, results, worker);
                }
            }
        }
        Map<String, WovenResult> ordered = new LinkedHashMap<>();
        for (PythonProgram p : programs) {
            ordered.put(p.name(), results.get(p.name()));
        }
        return ordered;
    }

    /** Nanoseconds spent in javac. */
    long compileNanos() {
        return compiler.nanos;
    }

    /** Weaves, verifies, loads and drives the compiled programs of {@code list}. */
    private void weaveAndDrive(List<PythonProgram> list, Map<String, byte[]> classes,
                               Map<String, WovenResult> results, WovenWorker worker) {
        long t0 = System.nanoTime();
        ClassLoader parent = PythonWovenRunner.class.getClassLoader();
        Harness.MemLoader original = new Harness.MemLoader(parent, classes); // unwoven: hierarchy and verifier
        Weaver weaver = new Weaver(TypeHierarchy.of(original));
        Map<String, byte[]> woven = new LinkedHashMap<>();
        List<PythonProgram> ok = new ArrayList<>();
        for (PythonProgram p : list) {
            byte[] bytes = classes.get(p.className());
            if (bytes == null) {
                continue; // javac refused it: already a result
            }
            String problem = weave(weaver, bytes, original, woven, p.className());
            if (problem != null) {
                results.put(p.name(), new WovenResult(null, problem));
            } else {
                ok.add(p);
            }
        }
        Harness.MemLoader loader = new Harness.MemLoader(parent, woven);
        long t1 = System.nanoTime();
        weaveNanos += t1 - t0;
        for (PythonProgram p : ok) {
            results.put(p.name(), worker.run(() -> drive(p, loader),
                    e -> "driving the woven program failed: " + brief(Harness.stackTrace(e))));
        }
        driveNanos += System.nanoTime() - t1;
    }

    private static String weave(Weaver weaver, byte[] bytes, ClassLoader original, Map<String, byte[]> woven,
                                String className) {
        try {
            WeaveResult result = weaver.weave(bytes);
            if (result.hasErrors()) {
                return "weaving errors: " + result.diagnostics();
            }
            String verify = Harness.verify(result.bytes(), original);
            if (verify != null) {
                return "woven class fails ASM verification:\n" + brief(verify);
            }
            woven.put(className, result.bytes());
            return null;
        } catch (RuntimeException | Error e) {
            return "weaver threw " + brief(Harness.stackTrace(e));
        }
    }

    /** A stack trace without the frames of this test and of JUnit below it. */
    private static String brief(String trace) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : trace.split("\n")) {
            boolean frame = line.strip().startsWith("at ");
            if (frame && line.contains("dev.weft.weaver.differential.Python")) {
                skipping = true;
            } else if (!frame) {
                skipping = false;
            }
            if (!skipping && !line.strip().startsWith("... ")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> drive(PythonProgram p, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> c = Class.forName(p.className(), true, loader);
        Method f0 = c.getMethod("f0", int.class);
        List<String> records = (List<String>) c.getField("R").get(null);
        Generator<Object, Object, Object> g;
        try {
            // an instance method (the program's Style): called on an instance made for the run
            Object receiver = java.lang.reflect.Modifier.isStatic(f0.getModifiers()) ? null
                    : c.getConstructor().newInstance();
            g = (Generator<Object, Object, Object>) f0.invoke(receiver, p.arg());
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("calling f0 failed", e.getCause());
        }
        c.getField("ME").set(null, g);
        return PythonJavaDriver.drive(g, records, p.script());
    }
}
