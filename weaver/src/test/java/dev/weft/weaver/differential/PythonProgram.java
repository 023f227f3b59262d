package dev.weft.weaver.differential;

import java.util.List;

/**
 * One program of the {@link PythonDifferentialTest}: the same generator functions {@code f0}, {@code f1},
 * ... as Python source and as Java source, the argument {@code f0} is called with, and the driver script
 * both sides run on {@code f0}'s generator.
 *
 * <p>A script is a list of operations, each written the way the transcripts show it: {@code next},
 * {@code send(V)}, {@code throw(TestError(m))}, {@code throw(GeneratorExit)}, {@code throw(StopIteration(V))},
 * {@code close}, where a value {@code V} is {@code N} (None), {@code i5} (an int) or {@code sab} (a string):
 * the {@link PythonRt#fmt} text.
 *
 * <p>Both sources share a scaffold: a record list {@code R} the bodies append to through
 * {@code rec(tag, value)}, and the generator being driven in {@code H[0]} (Python) / {@code ME} (Java), so
 * that a body can look at its own state or re-enter itself. The Python side also keeps every generator it
 * makes reachable in {@code K}: CPython closes an unreachable suspended generator from its finalizer,
 * running its {@code finally} blocks at a moment Java has no counterpart for (Java has no finalization
 * of that kind), so neither side may ever abandon one.
 */
record PythonProgram(long seed, String name, int arg, String python, String java, List<String> script)
        implements TwinProgram {
    /** The package of the Java classes. */
    static final String PACKAGE = "dev.weft.weaver.differential.gen.py";
    @Override
    public String className() {
        return PACKAGE + "." + name;
    }

    /** One generator function: its name, and its body (declarations included) in each language. */
    record Function(String name, String pythonBody, String javaBody) {}

    /**
     * How the Java twin declares its generator methods, chosen by the seed: the Python is the same. The
     * weaver calls a {@code yieldFrom} of a later function directly when the call names exactly the body
     * that runs (static, private, final, or in a final class), and as a plain call when it does not (a
     * public instance method of a class that is not final); {@code f0}, which the runner calls, stays public.
     */
    enum Style {
        STATIC("public class", "public static", "public static"),
        PRIVATE("public class", "public", "private"),
        FINAL("public class", "public final", "public final"),
        FINAL_CLASS("public final class", "public", "public"),
        VIRTUAL("public class", "public", "public");

        final String classModifiers;
        final String entryModifiers;
        final String otherModifiers;

        Style(String classModifiers, String entryModifiers, String otherModifiers) {
            this.classModifiers = classModifiers;
            this.entryModifiers = entryModifiers;
            this.otherModifiers = otherModifiers;
        }

        /** The style of the program of {@code seed}: hand-written programs are static. */
        static Style of(long seed) {
            return seed == HAND_WRITTEN ? STATIC : values()[(int) Math.floorMod(seed, values().length)];
        }
    }

    /** A program made of {@code functions} (the first is {@code f0}, the one the script drives). */
    static PythonProgram assemble(long seed, String name, int arg, List<String> script, List<Function> functions) {
        StringBuilder py = new StringBuilder();
        String title = TwinProgram.title(name, seed);
        py.append("# program ").append(title).append("\n")
                .append("R = []\nH = [None]\nK = []\n\n")
                .append("def rec(tag, v):\n    R.append(tag + \"=\" + fmt(v))\n\n")
                .append("def keep(f):\n")
                .append("    def make(p):\n        g = f(p)\n        K.append(g)\n        return g\n")
                .append("    return make\n");
        Style style = Style.of(seed);
        StringBuilder java = new StringBuilder();
        java.append("package ").append(PACKAGE).append(";\n\n")
                .append("import static dev.weft.weaver.differential.PythonRt.*;\n\n")
                .append("import dev.weft.Async;\nimport dev.weft.Coroutines;\nimport dev.weft.Generator;\n")
                .append("import dev.weft.GeneratorExit;\nimport dev.weft.StopIteration;\n")
                .append("import dev.weft.weaver.differential.PythonRt.TestError;\n\n")
                .append("/** Program ").append(title).append(". */\n")
                .append("@SuppressWarnings(\"all\")\n").append(style.classModifiers).append(' ').append(name)
                .append(" {\n")
                .append("    public static final java.util.List<String> R = new java.util.ArrayList<>();\n")
                .append("    public static Generator<Object, Object, Object> ME;\n\n")
                .append("    static void rec(String tag, Object v) {\n        R.add(tag + \"=\" + fmt(v));\n    }\n");
        for (Function f : functions) {
            py.append("\n@keep\ndef ").append(f.name()).append("(p):\n")
                    .append(TwinProgram.indent(f.pythonBody(), 1));
            String modifiers = f.name().equals("f0") ? style.entryModifiers : style.otherModifiers;
            java.append("\n    @Async\n    ").append(modifiers).append(" Generator<Object, Object, Object> ").append(f.name())
                    .append("(int p) throws Exception {\n").append(TwinProgram.indent(f.javaBody(), 2))
                    .append("    }\n");
        }
        java.append("}\n");
        return new PythonProgram(seed, name, arg, py.toString(), java.toString(), List.copyOf(script));
    }

    /** A hand-written program (a minimal reproduction): {@link #assemble} without a seed. */
    static PythonProgram handWritten(String name, int arg, List<String> script, Function... functions) {
        return assemble(HAND_WRITTEN, name, arg, script, List.of(functions));
    }

    /** Both sources and the script, for a failure report. */
    @Override
    public String describe() {
        return "--- script: " + script + " (f0(" + arg + "))\n--- Python:\n" + python + "--- Java:\n" + java;
    }
}
