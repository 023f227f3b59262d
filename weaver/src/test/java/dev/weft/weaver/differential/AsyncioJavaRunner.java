package dev.weft.weaver.differential;

import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.EventLoop;
import dev.weft.loop.ExceptionGroup;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the Java side of asyncio programs: compiles their sources in memory ({@link TwinCompiler}, one
 * javac run per batch), weaves every class with {@link Weaver} and checks it with ASM's verifier, loads
 * the woven classes, and runs each program's {@code top()} on a {@link WovenWorker} with
 * {@link Asyncio#run(Coroutine, java.util.function.Supplier)} on a {@link SelectorEventLoop} whose clock
 * is an {@link AsyncioTestClock}. The transcript: the records, with {@link #SHUTDOWN_MARK} before those
 * made while the runner's {@code shutdownAsyncgens()} ran (if any were), {@code main: ...}, {@code run: ok}
 * or {@code run: raise K}, and {@code cleanup: raise K} if the runner's clean-up failed after a failed run
 * (a suppressed exception). The loop's exception handler hands its context to the program's static
 * {@code loopError(Map)} if it has one, else drops it.
 */
final class AsyncioJavaRunner {
    /** The transcript line before the records made while the loop closed its async generators. */
    static final String SHUTDOWN_MARK = "shutdown_asyncgens:";
    /** How long one program may take in real time (virtual time never makes a program wait). */
    private static final long TIMEOUT_SECONDS = AsyncioPythonRunner.PROGRAM_SECONDS;
    /** Programs per javac run. */
    private static final int BATCH = 60;

    private final TwinCompiler compiler = new TwinCompiler();
    /** Nanoseconds spent in weaving and verifying, and in running (javac's: {@link #compileNanos()}). */
    long weaveNanos;
    long runNanos;

    /** Runs every program; the results by program name. */
    Map<String, WovenResult> run(List<AsyncioProgram> programs) {
        Map<String, WovenResult> results = new LinkedHashMap<>();
        try (WovenWorker worker = new WovenWorker("weft-aiodiff-woven", TIMEOUT_SECONDS)) {
            for (int from = 0; from < programs.size(); from += BATCH) {
                List<AsyncioProgram> batch = programs.subList(from, Math.min(programs.size(), from + BATCH));
                Map<String, byte[]> classes = new LinkedHashMap<>();
                compiler.compile(batch, List.of("-g"), classes, results);
                weaveAndRun(batch, classes, results, worker);
            }
        }
        return results;
    }

    /** Nanoseconds spent in javac. */
    long compileNanos() {
        return compiler.nanos;
    }

    /** Weaves, verifies, loads and runs the compiled programs of {@code list}. */
    private void weaveAndRun(List<AsyncioProgram> list, Map<String, byte[]> classes,
                             Map<String, WovenResult> results, WovenWorker worker) {
        long t0 = System.nanoTime();
        ClassLoader parent = AsyncioJavaRunner.class.getClassLoader();
        Harness.MemLoader original = new Harness.MemLoader(parent, classes); // unwoven: hierarchy and verifier
        Weaver weaver = new Weaver(TypeHierarchy.of(original));
        Map<String, byte[]> woven = new LinkedHashMap<>();
        List<AsyncioProgram> ok = new ArrayList<>();
        for (AsyncioProgram p : list) {
            if (results.containsKey(p.name())) {
                continue; // javac refused it
            }
            String problem = weaveProgram(weaver, classes, p, original, woven);
            if (problem != null) {
                results.put(p.name(), new WovenResult(null, problem));
            } else {
                ok.add(p);
            }
        }
        Harness.MemLoader loader = new Harness.MemLoader(parent, woven);
        long t1 = System.nanoTime();
        weaveNanos += t1 - t0;
        for (AsyncioProgram p : ok) {
            results.put(p.name(), worker.run(() -> runProgram(p, loader),
                    e -> "running the woven program failed: " + Harness.stackTrace(e)));
        }
        runNanos += System.nanoTime() - t1;
    }

    /** Weaves the program's classes (its own, and any javac made for it, such as lambdas' hosts); a problem or null. */
    private static String weaveProgram(Weaver weaver, Map<String, byte[]> classes, AsyncioProgram p,
                                       ClassLoader original, Map<String, byte[]> woven) {
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            String name = c.getKey();
            if (!name.equals(p.className()) && !name.startsWith(p.className() + "$")) {
                continue;
            }
            try {
                WeaveResult result = weaver.weave(c.getValue());
                if (result.hasErrors()) {
                    return "weaving errors in " + name + ": " + result.diagnostics();
                }
                String verify = Harness.verify(result.bytes(), original);
                if (verify != null) {
                    return "woven class " + name + " fails ASM verification:\n" + verify;
                }
                woven.put(name, result.bytes());
            } catch (RuntimeException | Error e) {
                return "weaver threw " + Harness.stackTrace(e);
            }
        }
        return null;
    }

    /** Runs one program as {@code Asyncio.run(top())} on a virtual-time loop; its transcript. */
    @SuppressWarnings("unchecked")
    private static List<String> runProgram(AsyncioProgram p, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> c = Class.forName(p.className(), true, loader);
        List<String> records = (List<String>) c.getField("R").get(null);
        String[] out = (String[]) c.getField("OUT").get(null);
        Coroutine<Object> top;
        try {
            top = (Coroutine<Object>) c.getMethod("top").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("calling top() failed", e.getCause());
        }
        Consumer<Map<String, Object>> loopError = loopError(c);
        int[] shutdown = {-1};
        List<String> transcript = new ArrayList<>();
        String run;
        String cleanup = null;
        try {
            Asyncio.run(top, () -> newLoop(loopError, () -> shutdown[0] = records.size()));
            run = "run: ok";
        } catch (Throwable e) {
            run = "run: raise " + AsyncioExceptionMap.canonical(e);
            List<Throwable> members = e instanceof ExceptionGroup ? ((ExceptionGroup) e).exceptions() : List.of();
            for (Throwable s : e.getSuppressed()) {
                if (members.stream().noneMatch(m -> m == s)) {
                    cleanup = "cleanup: raise " + AsyncioExceptionMap.canonical(s); // the runner's close() failed
                }
            }
        }
        transcript.addAll(records);
        if (shutdown[0] >= 0 && records.size() > shutdown[0]) {
            transcript.add(shutdown[0], SHUTDOWN_MARK);
        }
        transcript.add(out[0]);
        transcript.add(run);
        if (cleanup != null) {
            transcript.add(cleanup);
        }
        return transcript;
    }

    /** The program's {@code loopError(Map)} as a consumer, or one that drops the context. */
    private static Consumer<Map<String, Object>> loopError(Class<?> c) {
        Method m;
        try {
            m = c.getMethod("loopError", Map.class);
        } catch (NoSuchMethodException e) {
            return context -> { };
        }
        return context -> {
            try {
                m.invoke(null, context);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("loopError failed", e);
            }
        };
    }

    /**
     * A loop on virtual time whose exception handler passes what it is told to {@code loopError} (Python's
     * does the same), and that calls {@code onShutdownAsyncgens} as the runner starts closing the async
     * generators.
     */
    private static EventLoop newLoop(Consumer<Map<String, Object>> loopError, Runnable onShutdownAsyncgens) {
        SelectorEventLoop loop = new SelectorEventLoop(new AsyncioTestClock()) {
            @Override
            public Coroutine<Void> shutdownAsyncgens() {
                onShutdownAsyncgens.run();
                return super.shutdownAsyncgens();
            }
        };
        loop.setExceptionHandler((l, context) -> loopError.accept(context));
        return loop;
    }
}
