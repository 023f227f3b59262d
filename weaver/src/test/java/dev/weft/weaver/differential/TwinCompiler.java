package dev.weft.weaver.differential;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles the Java sides of many {@link TwinProgram}s in memory, as few javac runs as it can: a list
 * compiles together, and if javac refuses it, it is halved until the programs javac refuses are found, so
 * that one bad program costs its neighbours nothing. Keeps the time spent in javac.
 */
final class TwinCompiler {
    private final InMemoryCompiler compiler = new InMemoryCompiler();
    /** Nanoseconds spent in javac. */
    long nanos;

    /**
     * Compiles {@code list} with {@code options}: the classes into {@code classes}, and for each program
     * javac refuses, a {@link WovenResult} with javac's errors into {@code results}.
     */
    void compile(List<? extends TwinProgram> list, List<String> options, Map<String, byte[]> classes,
                 Map<String, WovenResult> results) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (TwinProgram p : list) {
            sources.put(p.className(), p.java());
        }
        long t0 = System.nanoTime();
        InMemoryCompiler.Result compiled;
        try {
            compiled = compiler.compile(sources, options);
        } finally {
            nanos += System.nanoTime() - t0;
        }
        if (compiled.errors().isEmpty()) {
            classes.putAll(compiled.classes());
            return;
        }
        if (list.size() == 1) {
            StringBuilder errors = new StringBuilder("javac refused the generated Java:\n");
            for (Diagnostic<? extends JavaFileObject> d : compiled.errors()) {
                errors.append("line ").append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
            }
            results.put(list.get(0).name(), new WovenResult(null, errors.toString()));
            return;
        }
        int half = list.size() / 2;
        compile(list.subList(0, half), options, classes, results);
        compile(list.subList(half, list.size()), options, classes, results);
    }
}
