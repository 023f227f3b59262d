package dev.weft.weaver.differential;

import java.util.List;

/**
 * One program of the {@link AsyncioDifferentialTest} or the {@link AsyncgenDifferentialTest}: the same
 * coroutine functions as Python source and as Java source (woven {@code @Async} methods), with the
 * scaffold both sides share:
 * <ul>
 * <li>{@code main()}, the program, which first runs its family's set-up ({@link Scaffold}) and then its
 *     statements; {@code top()} awaits it inline and notes its outcome in {@code OUT[0]}
 *     ({@code main: return V}, {@code main: raise K}, or {@code main: pending} if the loop gave up first);
 * <li>{@code R}, the records, appended by {@code rec(tag, value)} with the loop time;
 * <li>{@code T}, the tasks {@code main} made, in order, so that any coroutine can cancel one by index
 *     ({@code tcancel(i)}: None if there is no such task yet) or await it ({@code task(i)}: a
 *     {@code sleep(0)} if there is none);
 * <li>what the family adds: for asyncio programs ({@link #asyncio}) the shared {@code Lock L},
 *     {@code Event E}, {@code Queue Q}, {@code Future F} and {@code Semaphore S} that {@code main} makes.
 * </ul>
 * In asyncio programs the workers are {@code f1(p)}, {@code f2(p)}..., each calling only later ones (so
 * every program ends); task group bodies are functions {@code gN(tg, p)} of their own, since Java's scope
 * takes a coroutine.
 */
record AsyncioProgram(long seed, String name, String python, String java) implements TwinProgram {
    /** The package of the Java classes. */
    static final String PACKAGE = "dev.weft.weaver.differential.gen.aio";
    @Override
    public String className() {
        return PACKAGE + "." + name;
    }

    /**
     * One coroutine function (or async generator function) in both languages: {@code params} as Python
     * writes them and as Java does, the body (its locals declared at its top), and the Java method's
     * return type ({@code Coroutine<Object>}, or {@code AsyncGenerator<Object, Object>}).
     */
    record Function(String name, String pyParams, String javaParams, String pythonBody, String javaBody,
                    String javaType) {
        /** A coroutine function. */
        Function(String name, String pyParams, String javaParams, String pythonBody, String javaBody) {
            this(name, pyParams, javaParams, pythonBody, javaBody, "Coroutine<Object>");
        }

        /** A worker {@code name(p)}. */
        static Function worker(String name, String pythonBody, String javaBody) {
            return new Function(name, "p", "int p", pythonBody, javaBody);
        }
    }

    /**
     * What one family of programs adds to the common scaffold: Python globals and helpers (after the
     * common ones), Java imports and members (their twins), and what {@code main} does first in each
     * language (its Python text starts with the {@code global} statement it needs).
     */
    record Scaffold(String pythonGlobals, String javaImports, String javaMembers, String pythonSetUp,
                    String javaSetUp) {}

    /** The asyncio programs' shared objects {@code L, E, Q, F, S}, which {@code main} makes: queue size, permits. */
    static Scaffold asyncio(int queueSize, int semaphoreValue) {
        return new Scaffold("""
                L = None
                E = None
                Q = None
                F = None
                S = None
                """, """
                import dev.weft.loop.Event;
                import dev.weft.loop.Future;
                import dev.weft.loop.Lock;
                import dev.weft.loop.Queue;
                import dev.weft.loop.QueueEmpty;
                import dev.weft.loop.QueueFull;
                import dev.weft.loop.Semaphore;
                import dev.weft.loop.TaskGroup;
                import dev.weft.loop.TimeoutError;
                """, """
                    static Lock L;
                    static Event E;
                    static Queue<Object> Q;
                    static Future<Object> F;
                    static Semaphore S;
                """, "global L, E, Q, F, S\nL = asyncio.Lock()\nE = asyncio.Event()\nQ = asyncio.Queue(" + queueSize
                + ")\nF = asyncio.get_running_loop().create_future()\nS = asyncio.Semaphore(" + semaphoreValue + ")\n",
                "L = new Lock();\nE = new Event();\nQ = new Queue<>(" + queueSize + ");\n"
                + "F = Asyncio.getRunningLoop().createFuture();\nS = new Semaphore(" + semaphoreValue + ");\n");
    }

    /** The Python scaffold (after the title line) common to all programs: records, tasks, {@code top()}. */
    private static final String PYTHON_SCAFFOLD = """
            R = []
            T = []
            OUT = ["main: pending"]

            def rec(tag, v):
                R.append(record(tag, v))

            def tcancel(i):
                return T[i].cancel() if i < len(T) else None

            def task(i):
                return T[i] if i < len(T) else asyncio.sleep(0)

            async def top():
                try:
                    v = await main()
                except BaseException as e:
                    OUT[0] = "main: raise " + exc(e)
                    raise
                OUT[0] = "main: return " + fmt(v)
                return v
            """;

    /** The Java imports common to all programs. */
    private static final String JAVA_IMPORTS = """
            import static dev.weft.Coroutines.await;
            import static dev.weft.Coroutines.done;
            import static dev.weft.weaver.differential.AsyncioRt.*;

            import dev.weft.Async;
            import dev.weft.Awaitable;
            import dev.weft.Coroutine;
            import dev.weft.loop.Asyncio;
            import dev.weft.loop.CancelledError;
            import dev.weft.loop.Task;
            import dev.weft.weaver.differential.PythonRt.TestError;
            """;

    /** The Java scaffold (the class's first members): the twins of {@link #PYTHON_SCAFFOLD}. */
    private static final String JAVA_SCAFFOLD = """
                public static final java.util.List<String> R = new java.util.ArrayList<>();
                public static final String[] OUT = {"main: pending"};
                static final java.util.List<Task<Object>> T = new java.util.ArrayList<>();

                static void rec(String tag, Object v) {
                    R.add(record(tag, v));
                }

                static Object tcancel(int i) {
                    return i < T.size() ? (Object) T.get(i).cancel() : null;
                }

                static Awaitable<Object> task(int i) {
                    return i < T.size() ? T.get(i) : (Awaitable) Asyncio.sleep(0);
                }

                @Async
                public static Coroutine<Object> top() {
                    try {
                        Object v = await(main());
                        OUT[0] = "main: return " + fmt(v);
                        return done(v);
                    } catch (Throwable e) {
                        OUT[0] = "main: raise " + exc(e);
                        throw e;
                    }
                }
            """;

    /**
     * The program made of {@code main} (a function with no parameters, whose body the family's set-up
     * precedes) and the other functions.
     */
    static AsyncioProgram assemble(long seed, String name, Scaffold family, Function main, List<Function> others) {
        String title = TwinProgram.title(name, seed);
        StringBuilder py = new StringBuilder("# program " + title + "\n" + PYTHON_SCAFFOLD + family.pythonGlobals());
        StringBuilder java = new StringBuilder("package " + PACKAGE + ";\n\n" + JAVA_IMPORTS + family.javaImports()
                + "\n").append("/** Program ").append(title).append(". */\n")
                .append("@SuppressWarnings(\"all\")\npublic class ").append(name).append(" {\n").append(JAVA_SCAFFOLD)
                .append(family.javaMembers());
        appendFunction(py, java, new Function("main", "", "", family.pythonSetUp() + main.pythonBody(),
                family.javaSetUp() + main.javaBody()));
        for (Function f : others) {
            appendFunction(py, java, f);
        }
        java.append("}\n");
        return new AsyncioProgram(seed, name, py.toString(), java.toString());
    }

    /** A hand-written program (a minimal reproduction): {@code main}'s body and the other functions. */
    static AsyncioProgram handWritten(String name, Scaffold family, String mainPython, String mainJava,
                                      Function... others) {
        return assemble(HAND_WRITTEN, name, family, new Function("main", "", "", mainPython, mainJava),
                List.of(others));
    }

    private static void appendFunction(StringBuilder py, StringBuilder java, Function f) {
        py.append("\nasync def ").append(f.name()).append('(').append(f.pyParams()).append("):\n")
                .append(TwinProgram.indent(f.pythonBody(), 1));
        java.append("\n    @Async\n    public static ").append(f.javaType()).append(' ').append(f.name()).append('(')
                .append(f.javaParams()).append(") {\n").append(TwinProgram.indent(f.javaBody(), 2)).append("    }\n");
    }

    /** Both sources, for a failure report. */
    @Override
    public String describe() {
        return "--- Python:\n" + python + "--- Java:\n" + java;
    }
}
