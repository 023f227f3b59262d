package dev.weft.weaver.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates the random async generator programs of the {@link AsyncgenDifferentialTest} from a seed, each
 * written in Python and in Java at once from the same random choices ({@link AsyncTwinGenerator}), on the
 * scaffold of {@link AsyncioProgram} plus {@link #SCAFFOLD}:
 * <ul>
 * <li>one to three async generator functions {@code a1(p, k)}.. {@code a3(p, k)}: {@code k} is the
 *     generator's number (a string: {@code nk()} hands out the next), which every record its body makes
 *     carries in its tag ({@code rec("r5#" + k, v)}), so that the records of the loop's closing of its
 *     generators can be put in generator order ({@link AsyncioComparison#shutdownByGenerator});
 * <li>zero to two worker coroutines {@code c1(p)}, {@code c2(p)} (records, sleeps, a raise) that the
 *     others await inline;
 * <li>zero to two driver coroutines {@code d1(p)}, {@code d2(p)} that {@code main} runs as tasks, and
 *     {@code main}, which first makes the shared generators {@code AG[0]}, {@code AG[1]} and the tasks.
 * </ul>
 * Every generator is made as {@code keep(aN(arg, nk()))}: {@code keep} holds it (with its number) until
 * the process ends, so that CPython never finalizes one that a program dropped (its finalizer would
 * schedule an {@code aclose()} at a moment garbage collection decides; weft has no finalization).
 *
 * <p>The statements ({@link Kind}). In generator bodies: yields of values (with the value sent in
 * recorded), awaits of sleeps and workers, conditional raise and (bare) return, {@code if}, bounded
 * {@code for}; {@code try} with {@code except TestError/Exception}, with {@code finally} (which may yield or
 * await), with {@code except GeneratorExit} that re-raises or returns, after a yield now and then (which
 * makes {@code aclose()} fail with "async generator ignored GeneratorExit", and is what
 * {@code athrow(GeneratorExit)} gets), with {@code except CancelledError} that re-raises, swallows or
 * yields; {@code async for} over a later generator with a conditional {@code break} (the inner generator
 * is abandoned, not closed, as Python's {@code async for} leaves it); a few bare {@code await anext(inner)},
 * whose {@code StopAsyncIteration} may escape the body (a RuntimeError, as PEP 479 has it). In drivers:
 * {@code async for} over shared, local and new generators with {@code break}; {@code anext},
 * {@code asend(v)}, {@code athrow} of a TestError, a GeneratorExit or a CancelledError, and
 * {@code aclose()} through {@code op(tag, awaitable)}, which records the outcome, on generators created,
 * suspended, running (awaiting, in another task) and closed; awaiting one {@code asend} awaitable twice;
 * a generator's {@code agstate}; {@code op}s in tasks of their own (so two tasks step one generator);
 * cancelling tasks, which may be suspended inside a generator's await, and (in {@code main}) awaiting them.
 * Generator bodies may also step the shared generators, themselves included ("already running"), look
 * at their states, and cancel tasks (the one running them included).
 *
 * <p>What runs while the loop closes the generators left unfinished is limited so that each generator's
 * closing is independent of the others' (they are closed at once, in an order neither side defines): the
 * code a {@code GeneratorExit} can reach, {@code finally} blocks and {@code except GeneratorExit} handlers,
 * only records, sleeps and yields, and such a handler never falls through to the code after it (it
 * re-raises or returns). Every program ends: a generator body steps only later generators (and
 * the shared ones, which cannot be re-entered while they run), loops are bounded, and nothing waits for a
 * future nobody completes. As in {@link AsyncioProgramGenerator}, locals are declared at the top, names
 * are unique, every jump is inside an {@code if}, and delays are binary fractions (5, 10, 25 / 512 s).
 */
final class AsyncgenProgramGenerator
        extends AsyncTwinGenerator<AsyncgenProgramGenerator.Kind, AsyncgenProgramGenerator.Body> {
    /** Sleep delays, as literals both languages read as the same double, whose sums are exact. */
    private static final String[] DELAYS = {"0.009765625", "0.01953125", "0.048828125"};
    /** The Java type of a generator. */
    private static final String AGEN = "AsyncGenerator<Object, Object>";

    /**
     * What the programs add to {@link AsyncioProgram}'s scaffold: the shared generators {@code AG}, the
     * generators kept with their numbers ({@code nk}, {@code keep}, {@code gid}), {@code loop_error} (the
     * loop's exception handler: it records the failures of closing a generator, tagged with the
     * generator's number), and {@code op(tag, awaitable)}, which awaits an {@code asend}/{@code athrow}/
     * {@code aclose} awaitable and records its value or the exception it raised (ordinary ones and
     * {@code GeneratorExit}; a {@code CancelledError} goes on).
     */
    static final AsyncioProgram.Scaffold SCAFFOLD = new AsyncioProgram.Scaffold("""
            AG = []
            G = []
            NK = [0]

            def nk():
                NK[0] += 1
                return str(NK[0])

            def keep(g):
                G.append((g, str(NK[0])))
                return g

            def gid(g):
                for h, k in G:
                    if h is g:
                        return k
                return "0"

            def loop_error(c):
                if "asyncgen" in c:
                    rec("handler#" + gid(c["asyncgen"]), c.get("exception"))

            SPENT = []

            async def op(tag, aw):
                try:
                    if any(s is aw for s in SPENT):
                        # Python 3.12.4's and 3.13's step (gh-117881), see AsyncgenDifferentialTest
                        raise RuntimeError("cannot reuse already awaited step")
                    try:
                        v = await aw
                    except RuntimeError as e:
                        if "already running" in str(e):
                            SPENT.append(aw)
                        raise
                except (Exception, GeneratorExit) as e:
                    rec(tag, e)
                    return None
                rec(tag, v)
                return v
            """, """
            import dev.weft.AsyncGenerator;
            import dev.weft.Coroutines;
            import dev.weft.GeneratorExit;
            import dev.weft.StopAsyncIteration;
            """, """
                static final java.util.List<AsyncGenerator<Object, Object>> AG = new java.util.ArrayList<>();
                static final java.util.List<AsyncGenerator<Object, Object>> G = new java.util.ArrayList<>();
                static final java.util.List<String> GK = new java.util.ArrayList<>();
                static int nks;

                static String nk() {
                    return Integer.toString(++nks);
                }

                static AsyncGenerator<Object, Object> keep(AsyncGenerator<Object, Object> g) {
                    G.add(g);
                    GK.add(Integer.toString(nks));
                    return g;
                }

                static String gid(Object g) {
                    for (int i = 0; i < G.size(); i++) {
                        if (G.get(i) == g) {
                            return GK.get(i);
                        }
                    }
                    return "0";
                }

                public static void loopError(java.util.Map<String, Object> c) {
                    if (c.containsKey("asyncgen")) {
                        rec("handler#" + gid(c.get("asyncgen")), c.get("exception"));
                    }
                }

                @Async
                static Coroutine<Object> op(String tag, Coroutine<?> aw) {
                    Object v = null;
                    try {
                        v = await(aw);
                    } catch (Exception | GeneratorExit e) {
                        rec(tag, e);
                        return done(null);
                    }
                    rec(tag, v);
                    return done(v);
                }
            """, "", "");

    /** The kinds of statements, with their weights. */
    enum Kind {
        // anywhere
        REC(4), SLEEP0(5), SLEEP(4), CALL(2), RAISE_IF(2), RETURN_IF(1), IF(2), FOR(1), TRY_EXCEPT(3),
        TRY_FINALLY(3), TRY_CANCEL(2),
        // async generator bodies
        YIELD(14), TRY_EXIT(4), ANEXT(2),
        // generator bodies and drivers
        ASYNC_FOR(5), OP(6), NEW_GEN(2), STATE(3), CANCEL_TASK(3),
        // drivers (tasks and main)
        REUSE(2), SPAWN(3),
        // main
        AWAIT_TASK(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** The options: statement kinds never generated (to narrow down a failure). */
    record Options(Set<Kind> excluded) {}

    /** What a function is. */
    private enum Role { GENERATOR, WORKER, DRIVER, MAIN }

    private final long seed;
    private final int generators;
    private final int workers;
    private final int drivers;
    private final int shared;
    /** How many tasks {@code T} may hold: the drivers' and those {@code SPAWN} makes. */
    private int tasks;

    private AsyncgenProgramGenerator(long seed, Options options) {
        super(new Random(ProgramGenerator.mix(seed ^ 0x5A5E9E7A11L)), Kind.class, options.excluded());
        this.seed = seed;
        this.generators = 1 + r.nextInt(3);
        this.workers = r.nextInt(3);
        this.drivers = r.nextInt(3);
        this.shared = 1 + r.nextInt(2);
    }

    /** The program of {@code seed}. */
    static AsyncioProgram generate(long seed, Options options) {
        return new AsyncgenProgramGenerator(seed, options).program();
    }

    private AsyncioProgram program() {
        Body main = new Body(Role.MAIN, 0, 5 + r.nextInt(8));
        for (int i = 0; i < shared; i++) {
            Text g = newGenerator(1 + r.nextInt(generators));
            main.w.line("AG.append(" + g.py + ")", "AG.add(" + g.java + ");");
        }
        for (int i = 1; i <= drivers; i++) {
            String call = "d" + i + "(" + argument() + ")";
            main.w.line("T.append(asyncio.create_task(" + call + "))", "T.add(Asyncio.createTask(" + call + "));");
            tasks++;
        }
        block(main, 3 + r.nextInt(6));
        Text result = main.value();
        main.w.line("return " + result.py, "return done(" + result.java + ");");
        int p = 1 + r.nextInt(9);
        AsyncioProgram.Function mainFunction = main.finish("main", "p = " + p + "\n", "int p = " + p + ";\n");
        List<AsyncioProgram.Function> others = new ArrayList<>();
        for (int i = 1; i <= generators; i++) {
            Body g = new Body(Role.GENERATOR, i, 4 + r.nextInt(7));
            block(g, 2 + r.nextInt(5));
            if (g.yields == 0) {
                yieldValue(g); // else Python would make a coroutine of it
            }
            g.w.line(null, "return done();");
            others.add(g.finish("a" + i, "", ""));
        }
        for (int i = 1; i <= workers; i++) {
            others.add(coroutine(new Body(Role.WORKER, i, 2 + r.nextInt(3)), "c" + i, 1 + r.nextInt(3)));
        }
        for (int i = 1; i <= drivers; i++) {
            others.add(coroutine(new Body(Role.DRIVER, i, 3 + r.nextInt(6)), "d" + i, 2 + r.nextInt(4)));
        }
        return AsyncioProgram.assemble(seed, "G" + (seed < 0 ? "m" + -seed : Long.toString(seed)), SCAFFOLD,
                mainFunction, others);
    }

    /** The coroutine function {@code name(p)}: {@code count} statements or so, then a return of a value. */
    private AsyncioProgram.Function coroutine(Body b, String name, int count) {
        block(b, count);
        Text v = b.value();
        b.w.line("return " + v.py, "return done(" + v.java + ");");
        return b.finish(name, "", "");
    }

    /**
     * An async generator function {@code name(p, k)} with these bodies: {@code k} is its number, which
     * its records carry.
     */
    static AsyncioProgram.Function generatorFunction(String name, String python, String java) {
        return new AsyncioProgram.Function(name, "p, k", "int p, String k", python, java, AGEN);
    }

    /** A function being written: its writer, locals, and where the statements are. */
    final class Body extends TwinBody {
        final Role role;
        /** N for aN, cN, dN; 0 for main. */
        final int index;
        /** Locals by name: their Java types (each starts as None / the type's zero). */
        final Map<String, String> locals = new LinkedHashMap<>();
        /** The locals that hold plain values, to record, yield and send. */
        final List<String> values = new ArrayList<>();
        /** The generators this body may step: the shared ones, and those it made at its top level. */
        final List<Text> gens = new ArrayList<>();
        /** Inside code a GeneratorExit may reach while the loop closes its generators (see the class comment). */
        boolean closing;
        int yields;

        Body(Role role, int index, int budget) {
            super(budget);
            this.role = role;
            this.index = index;
            if (role != Role.WORKER) {
                for (int i = 0; i < shared; i++) {
                    gens.add(new Text("AG[" + i + "]", "AG.get(" + i + ")"));
                }
            }
        }

        boolean generator() {
            return role == Role.GENERATOR;
        }

        boolean driver() {
            return role == Role.DRIVER || role == Role.MAIN;
        }

        /** A new local of Java type {@code type}. */
        String local(String prefix, String type) {
            String v = prefix + ++ids;
            locals.put(v, type);
            return v;
        }

        /** A new local that holds a value. */
        String newValue() {
            String v = local("v", "Object");
            values.add(v);
            return v;
        }

        /** A value to record, yield, send or return: p, a local, a loop variable, a string or None. */
        Text value() {
            return AsyncgenProgramGenerator.this.value(this, values, true);
        }

        /**
         * The function: {@code pyFirst}/{@code javaFirst}, the locals declared, then the statements. Its
         * parameters: {@code (p, k)} for a generator, none for main, {@code (p)} for the others.
         */
        AsyncioProgram.Function finish(String name, String pyFirst, String javaFirst) {
            StringBuilder py = new StringBuilder(pyFirst);
            StringBuilder java = new StringBuilder(javaFirst);
            for (Map.Entry<String, String> v : locals.entrySet()) {
                boolean counter = v.getValue().equals("int");
                py.append(v.getKey()).append(counter ? " = 0\n" : " = None\n");
                java.append(v.getValue()).append(' ').append(v.getKey()).append(counter ? " = 0;\n" : " = null;\n");
            }
            String pyBody = py + w.python();
            String javaBody = java + w.java();
            if (generator()) {
                return generatorFunction(name, pyBody, javaBody);
            }
            boolean main = role == Role.MAIN;
            return new AsyncioProgram.Function(name, main ? "" : "p", main ? "" : "int p", pyBody, javaBody);
        }
    }

    // ---------------------------------------------------------------- blocks and statements

    /** A nested block of code a GeneratorExit may reach while the loop closes the generators. */
    private void closingBlock(Body b, int count) {
        boolean was = b.closing;
        b.closing = true;
        nested(b, count);
        b.closing = was;
    }

    /** A record's tag: a generator's carries its number, {@code "rN#" + k}. */
    @Override
    Text tag(Body b) {
        String t = "\"r" + ++ids;
        return b.generator() ? Text.same(t + "#\" + k") : Text.same(t + "\"");
    }

    @Override
    int weight(Kind k) {
        return k.weight;
    }

    @Override
    boolean allowed(Body b, Kind k) {
        if (b.closing) {
            return k == Kind.REC || k == Kind.SLEEP0 || k == Kind.SLEEP || (k == Kind.YIELD && b.generator());
        }
        boolean nest = b.depth < MAX_DEPTH;
        boolean later = b.index < generators; // a generator body may make and step later generators
        return switch (k) {
            case REC, SLEEP0, SLEEP, RAISE_IF -> true;
            case IF -> nest;
            case RETURN_IF -> b.role != Role.WORKER;
            case CALL -> b.role != Role.WORKER && workers > 0;
            case FOR, TRY_EXCEPT, TRY_FINALLY, TRY_CANCEL -> nest && b.role != Role.WORKER;
            case YIELD -> b.generator();
            case TRY_EXIT -> nest && b.generator();
            case ANEXT -> b.generator() && later;
            case ASYNC_FOR -> nest && (b.driver() || b.generator() && (later || r.nextInt(4) == 0));
            case OP -> b.driver() || b.generator() && r.nextInt(3) == 0;
            case NEW_GEN -> b.depth == 0 && (b.driver() || b.generator() && later);
            case STATE, CANCEL_TASK -> b.driver() || b.generator() && r.nextInt(3) == 0;
            case REUSE, SPAWN -> b.driver();
            case AWAIT_TASK -> b.role == Role.MAIN && tasks > 0;
        };
    }

    @Override
    void statement(Body b, Kind k) {
        AsyncioTwinWriter w = b.w;
        switch (k) {
            case REC -> rec(b, b.value());
            case SLEEP0, SLEEP -> {
                String d = k == Kind.SLEEP0 ? "0" : pick(DELAYS);
                w.line("await asyncio.sleep(" + d + ")", "await(Asyncio.sleep(" + d + "));");
                if (r.nextBoolean()) {
                    rec(b, b.value()); // where the body is when it wakes: the interleaving shows
                }
            }
            case CALL -> {
                String v = b.newValue();
                String call = "c" + (1 + r.nextInt(workers)) + "(" + argument() + ")";
                w.line(v + " = await " + call, v + " = await(" + call + ");");
                rec(b, Text.same(v));
            }
            case RAISE_IF -> ifThen(w, condition(), "raise TestError(\"e" + ++ids + "\")",
                    "throw new TestError(\"e" + ids + "\");");
            case RETURN_IF -> {
                if (b.generator()) {
                    ifThen(w, condition(), "return", "return done();");
                } else {
                    Text v = b.value();
                    ifThen(w, condition(), "return " + v.py, "return done(" + v.java + ");");
                }
            }
            case IF -> ifElse(b);
            case FOR -> forRange(b);
            case TRY_EXCEPT -> tryExcept(b);
            case TRY_FINALLY -> {
                tryFinally(b);
                if (r.nextBoolean()) {
                    closingBlock(b, 1 + r.nextInt(2));
                }
                w.close();
            }
            case TRY_CANCEL -> tryCancel(b);
            case YIELD -> yieldValue(b);
            case TRY_EXIT -> tryExit(b);
            case ANEXT -> {
                // no StopAsyncIteration handler: one escaping the body is a RuntimeError (PEP 479's rule)
                Text g = localGenerator(b);
                String v = b.newValue();
                String i = "i" + ++ids;
                int n = 1 + r.nextInt(4); // a few: the inner generator may run out
                w.open("for " + i + " in range(" + n + "):",
                        "for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++) {");
                w.line(v + " = await anext(" + g.py + ")", v + " = await(" + g.java + ".anext());");
                rec(b, Text.same(v));
                w.close();
            }
            case ASYNC_FOR -> {
                if (b.driver()) {
                    guarded(b, () -> asyncFor(b));
                } else {
                    asyncFor(b);
                }
            }
            case OP -> {
                Text t = tag(b);
                Text o = operation(b, generator(b));
                w.line("await op(" + t.py + ", " + o.py + ")", "await(op(" + t.java + ", " + o.java + "));");
            }
            case NEW_GEN -> {
                String g = b.local("g", AGEN);
                Text made = newGenerator(b.generator() ? later(b) : 1 + r.nextInt(generators));
                w.line(g + " = " + made.py, g + " = " + made.java + ";");
                b.gens.add(Text.same(g));
            }
            case REUSE -> {
                // one asend awaitable awaited twice: the second time is an error in CPython
                String x = b.local("x", "Coroutine<Object>");
                Text g = generator(b);
                Text v = b.value();
                if (r.nextBoolean()) {
                    w.line(x + " = " + g.py + ".asend(" + v.py + ")", x + " = " + g.java + ".asend(" + v.java + ");");
                } else {
                    w.line(x + " = anext(" + g.py + ")", x + " = " + g.java + ".anext();");
                }
                Text t1 = tag(b);
                Text t2 = tag(b);
                w.line("await op(" + t1.py + ", " + x + ")", "await(op(" + t1.java + ", " + x + "));");
                w.line("await op(" + t2.py + ", " + x + ")", "await(op(" + t2.java + ", " + x + "));");
            }
            case STATE -> {
                Text g = generator(b);
                rec(b, new Text("agstate(" + g.py + ")", "agstate(" + g.java + ")"));
            }
            case SPAWN -> {
                // another task steps a generator, perhaps while this one does too
                Text t = tag(b);
                Text o = operation(b, generator(b));
                w.line("T.append(asyncio.create_task(op(" + t.py + ", " + o.py + ")))",
                        "T.add(Asyncio.createTask(op(" + t.java + ", " + o.java + ")));");
                tasks++;
            }
            case CANCEL_TASK -> rec(b, Text.same("tcancel(" + r.nextInt(Math.max(1, tasks + 1)) + ")"));
            case AWAIT_TASK -> {
                String v = b.newValue();
                awaitRecorded(b, v, Text.same("task(" + r.nextInt(tasks) + ")"));
            }
            default -> throw new AssertionError(k);
        }
    }

    /** {@code v = yield value} (the value sent in recorded now and then), or a plain {@code yield value}. */
    private void yieldValue(Body b) {
        b.yields++;
        Text v = b.value();
        if (r.nextInt(3) == 0) {
            b.w.line("yield " + v.py, "Coroutines.yield(" + v.java + ");");
            return;
        }
        String s = b.newValue();
        b.w.line(s + " = yield " + v.py, s + " = Coroutines.yield(" + v.java + ");");
        if (r.nextBoolean()) {
            rec(b, Text.same(s));
        }
    }

    /**
     * {@code try: ... except GeneratorExit: rec; [yield;] raise or return} (the yield makes {@code aclose()}
     * fail with "async generator ignored GeneratorExit"). Never falls through: the code after it could
     * step other generators while the loop closes them all at once.
     */
    private void tryExit(Body b) {
        AsyncioTwinWriter w = b.w;
        String e = tryCatching(b, "GeneratorExit", "GeneratorExit");
        if (r.nextInt(3) == 0) {
            closingBlock(b, 1);
        }
        if (r.nextInt(3) == 0) {
            // aclose() fails, and the generator stays suspended here; athrow(GeneratorExit) gets the value
            yieldValue(b);
        }
        if (r.nextBoolean()) {
            w.line("raise", "throw " + e + ";");
        } else {
            w.line("return", "return done();");
        }
        w.close();
    }

    /**
     * {@code try: ... except CancelledError: rec; then raise, swallow, or (in a generator) yield a value
     * to the cancelled task's step, which then completes with it}.
     */
    private void tryCancel(Body b) {
        AsyncioTwinWriter w = b.w;
        String e = tryCatching(b, "asyncio.CancelledError", "CancelledError");
        int k = r.nextInt(b.generator() ? 3 : 2);
        if (k == 0) {
            w.line("raise", "throw " + e + ";");
        } else if (k == 2) {
            yieldValue(b);
        }
        w.close();
    }

    /**
     * {@code async for x in g: ...}, counting the items, with a conditional {@code break} now and then:
     * the generator is then left suspended, as Python's {@code async for} leaves it (no {@code aclose}).
     */
    private void asyncFor(Body b) {
        AsyncioTwinWriter w = b.w;
        Text g;
        if (b.generator() ? r.nextInt(4) != 0 && b.index < generators : r.nextInt(3) == 0) {
            String h = b.local("h", AGEN);
            Text made = newGenerator(b.generator() ? later(b) : 1 + r.nextInt(generators));
            w.line(h + " = " + made.py, h + " = " + made.java + ";");
            g = Text.same(h);
            if (b.depth == 0) {
                b.gens.add(g); // to step after the loop: exhausted, or abandoned by a break
            }
        } else {
            g = generator(b);
        }
        String x = b.newValue();
        String n = b.local("n", "int");
        String e = "e" + ++ids;
        w.line(n + " = 0", n + " = 0;");
        w.open("async for " + x + " in " + g.py + ":", "for (;;) {");
        w.line(null, "try {");
        w.line(null, "    " + x + " = await(" + g.java + ".anext());");
        w.line(null, "} catch (StopAsyncIteration " + e + ") {");
        w.line(null, "    break;");
        w.line(null, "}");
        w.line(n + " += 1", n + " += 1;");
        rec(b, Text.same(x));
        if (r.nextBoolean()) {
            nested(b, 1 + r.nextInt(2));
        }
        if (r.nextInt(3) != 0) {
            Text c = r.nextBoolean() ? Text.same(n + " >= " + (1 + r.nextInt(3)))
                    : Text.same("md(p + " + n + ", 3) == 0");
            ifThen(w, c, "break", "break;");
        }
        w.close();
    }

    /**
     * An awaitable that steps {@code g}: anext, asend, athrow of a TestError, a GeneratorExit or (rarely:
     * {@code op} lets it through, and it ends the task) a CancelledError, aclose.
     */
    private Text operation(Body b, Text g) {
        int n = r.nextInt(25);
        if (n == 24) {
            return new Text(g.py + ".athrow(asyncio.CancelledError())", g.java + ".athrow(new CancelledError())");
        }
        n /= 2;
        if (n < 4) {
            return new Text("anext(" + g.py + ")", g.java + ".anext()");
        }
        if (n < 7) {
            Text v = b.value();
            return new Text(g.py + ".asend(" + v.py + ")", g.java + ".asend(" + v.java + ")");
        }
        if (n < 9) {
            return new Text(g.py + ".athrow(TestError(\"e" + ++ids + "\"))",
                    g.java + ".athrow(new TestError(\"e" + ids + "\"))");
        }
        if (n < 10) {
            return new Text(g.py + ".athrow(GeneratorExit())", g.java + ".athrow(new GeneratorExit())");
        }
        return new Text(g.py + ".aclose()", g.java + ".aclose()");
    }

    /** One of the generators {@code b} may step. */
    private Text generator(Body b) {
        return b.gens.get(r.nextInt(b.gens.size()));
    }

    /** A generator of a later function that {@code b}, a generator body, made; made here if there is none. */
    private Text localGenerator(Body b) {
        List<Text> mine = b.gens.subList(shared, b.gens.size());
        if (!mine.isEmpty() && r.nextInt(4) != 0) {
            return mine.get(r.nextInt(mine.size()));
        }
        String h = b.local("h", AGEN);
        Text made = newGenerator(later(b));
        b.w.line(h + " = " + made.py, h + " = " + made.java + ";");
        return Text.same(h);
    }

    /** A later generator function's number than {@code b}'s. */
    private int later(Body b) {
        return b.index + 1 + r.nextInt(generators - b.index);
    }

    /** {@code keep(aN(arg, nk()))}: a new generator, kept. */
    private Text newGenerator(int n) {
        return Text.same("keep(a" + n + "(" + argument() + ", nk()))");
    }
}
