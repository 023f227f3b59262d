package dev.weft.weaver.differential;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates the random asyncio programs of the {@link AsyncioDifferentialTest} from a seed: a
 * {@code main} coroutine and one to four workers {@code f1(p)}.. {@code f4(p)}, each written in Python and
 * in Java at once by a {@link AsyncioTwinWriter} from the same random choices (see {@link AsyncioProgram}
 * for the scaffold).
 *
 * <p>The statements ({@link Kind}): records (of values, and of the task's {@code cancelling()} count);
 * {@code sleep(0)} and sleeps of a few tens of milliseconds, often followed by a record; inline awaits of
 * later workers; conditional raise of {@code TestError} and conditional return; {@code if}/{@code else},
 * bounded {@code for}; {@code try} with handlers for {@code TestError} or {@code Exception}, with
 * {@code finally}, or with a {@code CancelledError} handler that re-raises, swallows, or swallows and
 * {@code uncancel()}s; {@code wait_for} (of a coroutine, a task, the shared future, a shield of one of
 * these, a queue get or join, an event wait; timeouts of 0 included) and {@code asyncio.timeout} scopes
 * with their {@code TimeoutError}; {@code gather} of coroutines and tasks with and without
 * {@code return_exceptions}; {@code as_completed}, with and without a timeout; task groups whose body
 * makes children and runs statements of its own; {@code shield}; tasks nobody awaits; plain callbacks
 * ({@code call_soon}, {@code call_later}) that record; the shared {@code Queue} (bounded or not: put, get,
 * the nowait forms, {@code task_done}, {@code join}), {@code Lock} and {@code Semaphore}
 * ({@code async with}, {@code locked()}, a release without an acquire), {@code Event} (wait, set, clear)
 * and {@code Future} (await, set a result or an exception, cancel); awaiting and cancelling the
 * {@code i}-th task of {@code main} from anywhere (cancelling itself included). {@code main} also makes
 * up to four tasks and awaits, cancels, inspects, gathers and {@code wait}s for them. What is left running
 * when {@code main} returns is cancelled by the runner, as {@code asyncio.run} does, and its records
 * count too.
 *
 * <p>Every program ends: workers only call later workers, a task only awaits tasks running later workers
 * than its own code (so no task awaits itself, and no wait is a cycle), loops are bounded, and a wait
 * nothing will end is a deadlock both sides detect and report the same way ({@link AsyncioTestClock}).
 Delays are decimal (0.01, 0.02, 0.05 s), so that sums of them round and timers fall within the clock's
 * resolution of each other; binary fractions, whose sums are exact, on request.
 *
 * <p>What keeps both languages in step: every local is declared (and initialized) at the top of its
 * function, names are unique in the program, every jump is inside an {@code if} so that javac never finds
 * unreachable code, and the expressions are the same text in both languages (the helpers of
 * {@link AsyncioRt} are twins of Python's).
 */
final class AsyncioProgramGenerator
        extends AsyncTwinGenerator<AsyncioProgramGenerator.Kind, AsyncioProgramGenerator.Body> {
    /** How many tasks {@code main} makes at most. */
    private static final int MAX_TASKS = 4;

    /** The kinds of statements, with their weights. */
    enum Kind {
        REC(6), SLEEP0(7), SLEEP(7), CALL(4), RAISE_IF(3), RETURN_IF(1), IF(2), FOR(1), TRY_EXCEPT(3),
        TRY_FINALLY(2), TRY_CANCEL(5), WAIT_FOR(3), TIMEOUT(2), GATHER(3), TASK_GROUP(2), SHIELD(2), QUEUE(3),
        LOCK(3), EVENT(3), FUTURE(3), CALLBACK(2), CANCEL_OTHER(3), AWAIT_TASK(4), AS_COMPLETED(2), SPAWN(2),
        // main's own
        CREATE_TASK(5), CANCEL_TASK(5), TASK_STATE(2), WAIT_TASKS(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        boolean mainOnly() {
            return ordinal() >= CREATE_TASK.ordinal();
        }
    }

    /**
     * What the generator may produce.
     *
     * @param binaryDelays sleeps and timeouts of 5, 10, 25 (and 15) / 512 s, whose sums are exact, instead
     *     of the decimal 0.01, 0.02, 0.05 (and 0.03) s next to them
     * @param excluded statement kinds never generated
     */
    record Options(boolean binaryDelays, Set<Kind> excluded) {
        static Options defaults() {
            return new Options(false, EnumSet.noneOf(Kind.class));
        }
    }

    /** Sleep delays, then timeouts, as literals both languages read as the same double. */
    private static final String[] BINARY_DELAYS = {"0.009765625", "0.01953125", "0.048828125"};
    private static final String[] BINARY_TIMEOUTS = {"0.009765625", "0.029296875", "0.048828125"};
    private static final String[] DECIMAL_DELAYS = {"0.01", "0.02", "0.05"};
    private static final String[] DECIMAL_TIMEOUTS = {"0.01", "0.03", "0.05"};

    private final long seed;
    private final Options options;
    private final String[] delays;
    private final String[] timeouts;
    private final int workers;
    private final List<AsyncioProgram.Function> groupBodies = new ArrayList<>();
    /** The worker each of main's tasks runs: {@code T[i]} runs {@code f<taskFunctions[i]>}. */
    private final List<Integer> taskFunctions = new ArrayList<>();

    private AsyncioProgramGenerator(long seed, Options options) {
        super(new Random(ProgramGenerator.mix(seed ^ 0x5DEECE66DL)), Kind.class, options.excluded());
        this.seed = seed;
        this.options = options;
        this.delays = options.binaryDelays() ? BINARY_DELAYS : DECIMAL_DELAYS;
        this.timeouts = options.binaryDelays() ? BINARY_TIMEOUTS : DECIMAL_TIMEOUTS;
        this.workers = 1 + r.nextInt(4);
    }

    /** The program of {@code seed}. */
    static AsyncioProgram generate(long seed, Options options) {
        return new AsyncioProgramGenerator(seed, options).program();
    }

    private AsyncioProgram program() {
        int queueSize = r.nextInt(3);
        int semaphoreValue = 1 + r.nextInt(2);
        Body main = new Body(0, true, 5 + r.nextInt(8));
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            // tasks first, so that main's own statements interleave with them
            main.budget--;
            createTask(main);
        }
        block(main, 3 + r.nextInt(6));
        Text result = main.value();
        main.w.line("return " + result.py, "return done(" + result.java + ");");
        int p = 1 + r.nextInt(9);
        AsyncioProgram.Function mainFunction = main.finish("main", "", "", "p = " + p + "\n", "int p = " + p + ";\n");
        List<AsyncioProgram.Function> others = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            Body f = new Body(i, false, 3 + r.nextInt(6));
            block(f, 2 + r.nextInt(4));
            Text v = f.value();
            f.w.line("return " + v.py, "return done(" + v.java + ");");
            others.add(f.finish("f" + i, "p", "int p", "", ""));
        }
        others.addAll(groupBodies);
        return AsyncioProgram.assemble(seed, "A" + (seed < 0 ? "m" + -seed : Long.toString(seed)),
                AsyncioProgram.asyncio(queueSize, semaphoreValue), mainFunction, others);
    }

    /** A function being written: its writer, locals, and where the statements are. */
    final class Body extends TwinBody {
        /** 0 for main (and its task group bodies), N for fN (and its). */
        final int index;
        final boolean main;
        final List<String> locals = new ArrayList<>();
        /** Locals never recorded: asyncio.wait's result (a tuple in Python), what a scope's body returned. */
        final List<String> temps = new ArrayList<>();
        boolean inLock;
        boolean inGroupBody;
        /** main: how many tasks it has made so far (t1..tN). */
        int tasks;

        Body(int index, boolean main, int budget) {
            super(budget);
            this.index = index;
            this.main = main;
        }

        String newLocal() {
            String v = "v" + ++ids;
            locals.add(v);
            return v;
        }

        String newTemp() {
            String v = "w" + ++ids;
            temps.add(v);
            return v;
        }

        /** A value to record or return: p, a local, a loop variable or a string. */
        Text value() {
            return AsyncioProgramGenerator.this.value(this, locals, false);
        }

        /** The function: locals declared at the top, then the statements. */
        AsyncioProgram.Function finish(String name, String pyParams, String javaParams, String pyFirst,
                                       String javaFirst) {
            StringBuilder py = new StringBuilder(pyFirst);
            StringBuilder java = new StringBuilder(javaFirst);
            List<String> all = new ArrayList<>(locals);
            all.addAll(temps);
            for (String v : all) {
                py.append(v).append(" = None\n");
                java.append("Object ").append(v).append(" = null;\n");
            }
            for (int t = 1; t <= tasks; t++) {
                py.append("t").append(t).append(" = None\n");
                java.append("Task<Object> t").append(t).append(" = null;\n");
            }
            return new AsyncioProgram.Function(name, pyParams, javaParams, py + w.python(), java + w.java());
        }
    }

    // ---------------------------------------------------------------- blocks and statements

    @Override
    int weight(Kind k) {
        return k.weight;
    }

    @Override
    boolean allowed(Body b, Kind k) {
        if (k.mainOnly()) {
            if (!b.main || b.inGroupBody) {
                return false;
            }
            return k == Kind.CREATE_TASK ? b.depth == 0 && b.tasks < MAX_TASKS : b.tasks > 0;
        }
        boolean callee = b.index < workers;
        return switch (k) {
            case CALL, TIMEOUT, SHIELD, SPAWN -> callee;
            case GATHER, AS_COMPLETED -> callee || canAwaitTask(b);
            case AWAIT_TASK -> canAwaitTask(b);
            case TASK_GROUP -> callee && !b.inGroupBody && b.depth < MAX_DEPTH;
            case IF, FOR, TRY_EXCEPT, TRY_FINALLY, TRY_CANCEL -> b.depth < MAX_DEPTH;
            case LOCK -> b.depth < MAX_DEPTH && !b.inLock;
            default -> true;
        };
    }

    @Override
    void statement(Body b, Kind k) {
        AsyncioTwinWriter w = b.w;
        switch (k) {
            case REC -> {
                if (r.nextInt(6) == 0) {
                    rec(b, new Text("asyncio.current_task().cancelling()", "Asyncio.currentTask().cancelling()"));
                } else {
                    rec(b, b.value());
                }
            }
            case AS_COMPLETED -> asCompleted(b);
            case SPAWN -> {
                // a task nobody awaits (but the runner cancels at the end)
                Text call = call(b);
                w.line("asyncio.create_task(" + call.py + ")", "Asyncio.createTask(" + call.java + ");");
            }
            case SLEEP0, SLEEP -> {
                String d = k == Kind.SLEEP0 ? "0" : pick(delays);
                w.line("await asyncio.sleep(" + d + ")", "await(Asyncio.sleep(" + d + "));");
                if (r.nextBoolean()) {
                    rec(b, b.value()); // where the task is when it wakes: the interleaving shows
                }
            }
            case CALL -> guarded(b, () -> {
                String v = b.newLocal();
                Text call = call(b);
                w.line(v + " = await " + call.py, v + " = await(" + call.java + ");");
                rec(b, Text.same(v));
            });
            case RAISE_IF -> {
                Text c = condition();
                ifThen(w, c, "raise TestError(\"e" + ++ids + "\")",
                        "throw new TestError(\"e" + ids + "\");");
            }
            case RETURN_IF -> {
                Text c = condition();
                Text v = b.value();
                ifThen(w, c, "return " + v.py,
                        "return done(" + v.java + ");");
            }
            case IF -> ifElse(b);
            case FOR -> forRange(b);
            case TRY_EXCEPT -> tryExcept(b);
            case TRY_FINALLY -> {
                tryFinally(b);
                if (r.nextInt(4) == 0) {
                    w.line("await asyncio.sleep(0)", "await(Asyncio.sleep(0));");
                }
                w.close();
            }
            case TRY_CANCEL -> tryCancel(b);
            case WAIT_FOR -> {
                String v = b.newLocal();
                Text aw = waitable(b);
                String t = scopeTimeout();
                w.open("try:", "try {");
                w.line(v + " = await wait_for(" + aw.py + ", " + t + ")",
                        v + " = await(Asyncio.waitFor(" + aw.java + ", " + t + "));");
                rec(b, Text.same(v));
                String e = "e" + ++ids;
                w.clause("except TimeoutError:", "} catch (TimeoutError " + e + ") {");
                rec(b, new Text("None", "null"));
                w.close();
            }
            case TIMEOUT -> {
                String v = b.newLocal();
                Text call = call(b);
                String t = scopeTimeout();
                w.open("try:", "try {");
                w.openPython("async with asyncio.timeout(" + t + "):");
                // Python assigns inside the scope, which may still raise as it ends: v only once it has not
                String inner = b.newTemp();
                w.line(inner + " = await " + call.py, v + " = await(Asyncio.timeout(" + t + ", " + call.java + "));");
                w.close();
                w.line(v + " = " + inner, null);
                rec(b, Text.same(v));
                String e = "e" + ++ids;
                w.clause("except TimeoutError:", "} catch (TimeoutError " + e + ") {");
                rec(b, new Text("None", "null"));
                w.close();
            }
            case GATHER -> guarded(b, () -> {
                String v = b.newLocal();
                List<Text> items = new ArrayList<>();
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    // coroutines and tasks in any order: a task done already schedules gather's callback
                    // before the tasks of later coroutines step (gatherSchedulesADoneChildsCallbackInArgumentOrder)
                    items.add(b.index < workers && (r.nextBoolean() || !canAwaitTask(b)) ? call(b) : taskRef(b));
                }
                String py = String.join(", ", items.stream().map(t -> t.py).toList());
                String java = String.join(", ", items.stream().map(t -> t.java).toList());
                if (r.nextBoolean()) {
                    w.line(v + " = await asyncio.gather(" + py + ", return_exceptions=True)",
                            v + " = await(Asyncio.gather(true, " + java + "));");
                } else {
                    w.line(v + " = await asyncio.gather(" + py + ")", v + " = await(Asyncio.gather(" + java + "));");
                }
                rec(b, Text.same(v));
            });
            case TASK_GROUP -> guarded(b, () -> {
                String v = b.newLocal();
                String g = groupBody(b);
                String arg = argument();
                w.openPython("async with TaskGroup() as tg:");
                String inner = b.newTemp(); // as for TIMEOUT: the group may fail after its body returned
                w.line(inner + " = await " + g + "(tg, " + arg + ")",
                        v + " = await(TaskGroup.run(tg -> " + g + "(tg, " + arg + ")));");
                w.close();
                w.line(v + " = " + inner, null);
                rec(b, Text.same(v));
            });
            case SHIELD -> {
                String v = b.newLocal();
                Text call = call(b);
                w.line(v + " = await asyncio.shield(" + call.py + ")",
                        v + " = await(Asyncio.shield(" + call.java + "));");
                rec(b, Text.same(v));
            }
            case QUEUE -> queue(b);
            case LOCK -> {
                String lock = r.nextInt(3) == 0 ? "S" : "L";
                if (r.nextInt(4) == 0) {
                    rec(b, Text.same(lock + ".locked()"));
                    return;
                }
                if (r.nextInt(8) == 0) {
                    // a release without an acquire: an error for an unlocked lock, else it frees it for whoever waits
                    w.open("try:", "try {");
                    w.line(lock + ".release()", lock + ".release();");
                    String e = "e" + ++ids;
                    w.clause("except RuntimeError as " + e + ":", "} catch (IllegalStateException " + e + ") {");
                    rec(b, Text.same(e));
                    w.close();
                    return;
                }
                // Python's async with is acquire(), the body, release(): Java spells it out
                w.line(null, "await(" + lock + ".acquire());");
                w.open("async with " + lock + ":", "try {");
                b.inLock = true;
                nested(b, 1 + r.nextInt(3));
                b.inLock = false;
                w.closeWith(List.of("} finally {", "    " + lock + ".release();", "}"));
            }
            case FUTURE -> future(b);
            case CALLBACK -> {
                // a plain callback of the loop, between the task steps
                Text v = r.nextBoolean() ? Text.same("p") : Text.same("\"s" + ++ids + "\"");
                String tag = "\"r" + ++ids + "\"";
                if (r.nextBoolean()) {
                    w.line("asyncio.get_running_loop().call_soon(rec, " + tag + ", " + v.py + ")",
                            "Asyncio.getRunningLoop().callSoon(() -> rec(" + tag + ", " + v.java + "));");
                } else {
                    String d = pick(delays);
                    w.line("asyncio.get_running_loop().call_later(" + d + ", rec, " + tag + ", " + v.py + ")",
                            "Asyncio.getRunningLoop().callLater(" + d + ", () -> rec(" + tag + ", " + v.java + "));");
                }
            }
            case EVENT -> {
                int k2 = r.nextInt(6);
                if (k2 < 1) {
                    w.line("await E.wait()", "await(E.untilSet());");
                } else if (k2 < 4) {
                    w.line("E.set()", "E.set();");
                } else if (k2 == 4) {
                    w.line("E.clear()", "E.clear();");
                } else {
                    rec(b, new Text("E.is_set()", "E.isSet()"));
                }
            }
            case CANCEL_OTHER -> rec(b, Text.same("tcancel(" + r.nextInt(MAX_TASKS) + ")"));
            case CREATE_TASK -> createTask(b);
            case AWAIT_TASK -> {
                String v = b.newLocal();
                awaitRecorded(b, v, taskRef(b));
            }
            case CANCEL_TASK -> rec(b, Text.same(task(b).py + ".cancel()"));
            case TASK_STATE -> rec(b, Text.same(task(b).py + (r.nextBoolean() ? ".done()" : ".cancelled()")));
            case WAIT_TASKS -> {
                String v = b.newTemp();
                List<String> ts = new ArrayList<>();
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    ts.add(task(b).py);
                }
                String[] when = {"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"};
                String rw = when[r.nextInt(3)];
                String list = String.join(", ", ts);
                if (r.nextBoolean()) {
                    String t = pick(timeouts);
                    w.line(v + " = await asyncio.wait([" + list + "], timeout=" + t + ", return_when=asyncio." + rw
                                    + ")",
                            v + " = await(Asyncio.wait(java.util.List.of(" + list + "), " + t + ", Asyncio." + rw
                                    + "));");
                } else {
                    w.line(v + " = await asyncio.wait([" + list + "], return_when=asyncio." + rw + ")",
                            v + " = await(Asyncio.wait(java.util.List.of(" + list + "), Asyncio." + rw + "));");
                }
                rec(b, Text.same("wsize(" + v + ")"));
            }
            default -> throw new AssertionError(k);
        }
    }

    /**
     * {@code try: ... except CancelledError: rec; then raise, or swallow (optionally withdrawing the
     * cancellation with uncancel(), as code that swallows one should)}.
     */
    private void tryCancel(Body b) {
        AsyncioTwinWriter w = b.w;
        String e = tryCatching(b, "asyncio.CancelledError", "CancelledError");
        int k = r.nextInt(3);
        if (k == 0) {
            w.line("raise", "throw " + e + ";");
        } else if (k == 1) {
            rec(b, new Text("asyncio.current_task().uncancel()", "Asyncio.currentTask().uncancel()"));
        }
        // k == 2: swallowed as it is
        w.close();
    }

    private void queue(Body b) {
        AsyncioTwinWriter w = b.w;
        Text item = b.value();
        switch (r.nextInt(7)) {
            case 0, 1 -> w.line("await Q.put(" + item.py + ")", "await(Q.put(" + item.java + "));");
            case 2 -> {
                String v = b.newLocal();
                w.line(v + " = await Q.get()", v + " = await(Q.get());");
                rec(b, Text.same(v));
            }
            case 3 -> {
                w.open("try:", "try {");
                if (r.nextBoolean()) {
                    w.line("Q.put_nowait(" + item.py + ")", "Q.putNowait(" + item.java + ");");
                    String e = "e" + ++ids;
                    w.clause("except asyncio.QueueFull as " + e + ":", "} catch (QueueFull " + e + ") {");
                    rec(b, Text.same(e));
                } else {
                    String v = b.newLocal();
                    w.line(v + " = Q.get_nowait()", v + " = Q.getNowait();");
                    rec(b, Text.same(v));
                    String e = "e" + ++ids;
                    w.clause("except asyncio.QueueEmpty as " + e + ":", "} catch (QueueEmpty " + e + ") {");
                    rec(b, Text.same(e));
                }
                w.close();
            }
            case 4 -> {
                w.open("try:", "try {");
                w.line("Q.task_done()", "Q.taskDone();");
                String e = "e" + ++ids;
                w.clause("except Exception as " + e + ":", "} catch (Exception " + e + ") {");
                rec(b, Text.same(e));
                w.close();
            }
            case 5 -> w.line("await Q.join()", "await(Q.join());");
            default -> rec(b, new Text("Q.qsize()", "Q.qsize()"));
        }
    }

    /** main: {@code tN = create_task(fM(arg))}, remembered in {@code T}. */
    private void createTask(Body b) {
        String t = "t" + ++b.tasks;
        int m = b.index + 1 + r.nextInt(workers - b.index);
        taskFunctions.add(m);
        Text call = call(m);
        b.w.line(t + " = asyncio.create_task(" + call.py + ")", t + " = Asyncio.createTask(" + call.java + ");");
        b.w.line("T.append(" + t + ")", "T.add(" + t + ");");
    }

    /** A task main has made. */
    private Text task(Body b) {
        return Text.same("t" + (1 + r.nextInt(b.tasks)));
    }

    /** A call of a later worker: {@code fM(md(p + c, 10))}. */
    private Text call(Body b) {
        return call(b.index + 1 + r.nextInt(workers - b.index));
    }

    private Text call(int m) {
        return Text.same("f" + m + "(" + argument() + ")");
    }

    /** What {@code wait_for} awaits: a call, a shielded call, a task (main), a queue get, an event wait. */
    private Text waitable(Body b) {
        int k = r.nextInt(12);
        if (k < 2) {
            return new Text("Q.get()", "Q.get()");
        }
        if (k < 3) {
            return new Text("E.wait()", "E.untilSet()");
        }
        if (k < 4 && r.nextBoolean()) {
            return new Text("Q.join()", "Q.join()");
        }
        Text aw;
        if (k < 4) {
            aw = Text.same("F");
        } else if ((k < 7 || b.index == workers) && canAwaitTask(b)) {
            aw = taskRef(b);
        } else if (b.index < workers) {
            aw = call(b);
        } else {
            aw = Text.same("F");
        }
        return r.nextInt(3) == 0 ? new Text("asyncio.shield(" + aw.py + ")", "Asyncio.shield(" + aw.java + ")") : aw;
    }

    /**
     * A task to await: one of main's {@code tN} in main, else {@code task(i)}, the {@code i}-th task of
     * main (it may be the awaiting task itself: asyncio refuses that with a {@code RuntimeError}).
     */
    private Text taskRef(Body b) {
        if (b.main && !b.inGroupBody && b.tasks > 0) {
            return task(b);
        }
        List<Integer> ts = awaitableTasks(b);
        return Text.same("task(" + ts.get(r.nextInt(ts.size())) + ")");
    }

    /** Whether {@link #taskRef} has a task to give. */
    private boolean canAwaitTask(Body b) {
        return b.main && !b.inGroupBody ? b.tasks > 0 : !awaitableTasks(b).isEmpty();
    }

    /**
     * The tasks {@code b} may await: those running a later worker than {@code b}'s. The task running
     * {@code b} runs {@code b}'s worker or an earlier one (workers call only later ones), so every wait
     * goes to a later worker: no task awaits itself or waits in a cycle. (asyncio answers those with
     * errors of its own making, and cancelling a cycle recurses until the stack overflows.)
     */
    private List<Integer> awaitableTasks(Body b) {
        List<Integer> ts = new ArrayList<>();
        for (int i = 0; i < taskFunctions.size(); i++) {
            if (taskFunctions.get(i) > b.index) {
                ts.add(i);
            }
        }
        return ts;
    }

    /** {@code for c in as_completed([...]): v = await c}, each outcome recorded. */
    private void asCompleted(Body b) {
        AsyncioTwinWriter w = b.w;
        List<Text> items = new ArrayList<>();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            items.add(b.index < workers && (r.nextBoolean() || !canAwaitTask(b)) ? call(b) : taskRef(b));
        }
        String py = "[" + String.join(", ", items.stream().map(t -> t.py).toList()) + "]";
        String java = "java.util.List.<Awaitable<Object>>of("
                + String.join(", ", items.stream().map(t -> t.java).toList()) + ")";
        String c = "c" + ++ids;
        if (r.nextBoolean()) {
            String t = pick(timeouts);
            w.open("for " + c + " in as_completed(" + py + ", timeout=" + t + "):",
                    "for (Coroutine<Object> " + c + " : Asyncio.asCompleted(" + java + ", " + t + ")) {");
        } else {
            w.open("for " + c + " in as_completed(" + py + "):",
                    "for (Coroutine<Object> " + c + " : Asyncio.asCompleted(" + java + ")) {");
        }
        String v = b.newLocal();
        w.open("try:", "try {");
        w.line(v + " = await " + c, v + " = await(" + c + ");");
        rec(b, Text.same(v));
        String e = "e" + ++ids;
        w.clause("except Exception as " + e + ":", "} catch (Exception " + e + ") {");
        rec(b, Text.same(e));
        w.close();
        w.close();
    }

    /** The shared future {@code F}: awaited, completed (if not done yet), cancelled, or looked at. */
    private void future(Body b) {
        AsyncioTwinWriter w = b.w;
        switch (r.nextInt(6)) {
            case 0 -> {
                String v = b.newLocal();
                w.line(v + " = await F", v + " = await(F);");
                rec(b, Text.same(v));
            }
            case 1, 2 -> {
                Text v = b.value();
                ifThen(w, new Text("not F.done()", "!F.done()"), "F.set_result(" + v.py + ")",
                        "F.setResult(" + v.java + ");");
            }
            case 3 -> ifThen(w, new Text("not F.done()", "!F.done()"), "F.set_exception(TestError(\"e" + ++ids
                    + "\"))", "F.setException(new TestError(\"e" + ids + "\"));");
            case 4 -> rec(b, Text.same("F.cancel()"));
            default -> rec(b, Text.same("F.done()"));
        }
    }

    /** The timeout of a {@code wait_for} or {@code timeout} scope: now and then 0, which expires at once. */
    private String scopeTimeout() {
        return r.nextInt(8) == 0 ? "0" : pick(timeouts);
    }

    /**
     * Writes a task group body {@code gN(tg, p)} (children made with {@code tg.create_task}, and a few
     * statements of its own) as a function of its own; returns its name.
     */
    private String groupBody(Body parent) {
        String name = "g" + ++ids;
        Body g = new Body(parent.index, parent.main, 1 + r.nextInt(4));
        g.inGroupBody = true;
        int children = 1 + r.nextInt(3);
        for (int i = 0; i < children; i++) {
            Text call = call(g);
            g.w.line("tg.create_task(" + call.py + ")", "tg.createTask(" + call.java + ");");
            if (g.budget > 0 && r.nextBoolean()) {
                g.budget--;
                statement(g, choose(g));
            }
        }
        g.w.line("return p", "return done(p);");
        groupBodies.add(g.finish(name, "tg, p", "TaskGroup tg, int p", "", ""));
        return name;
    }
}
