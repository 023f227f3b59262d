package dev.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Generates the random programs of the {@link PythonDifferentialTest} from a seed: one to three generator
 * functions ({@code f0} may yield from {@code f1} and {@code f2}, {@code f1} from {@code f2}: no recursion,
 * so every run ends), each written in Python and in Java by one {@link PythonTwinWriter} from the same
 * random choices, and a driver script.
 *
 * <p>The statements: {@code yield} of a value (the sent value is kept in a local and recorded; or the
 * yield inside an expression), {@code yield from} a later function (its result kept and recorded),
 * optionally after driving it directly first, {@code yield from} a list, int and string assignments,
 * records, {@code if}/{@code else} on locals and sent values, bounded {@code for} and {@code while}
 * loops, {@code try} with handlers for {@code TestError}, {@code GeneratorExit} and {@code Exception}
 * and/or {@code finally}, conditional {@code raise} (of {@code TestError}, of {@code StopIteration}: PEP
 * 479, of the exception being handled), {@code return}, {@code break} and {@code continue}, a record of
 * the driven generator's own state, and re-entry (the body calling {@code next}/{@code send}/{@code
 * throw}/{@code close} on the generator that is running it, or delegating to it). Inside {@code finally}
 * blocks and {@code GeneratorExit} handlers yields and returns are more frequent: those are PEP 342's
 * interesting cases (a yield there makes {@code close()} fail).
 *
 * <p>What keeps both languages in step: every local is declared (and initialized) at the top of its
 * function, as Python's scoping has it; names are unique per program; every jump is inside an {@code if}
 * so that javac never finds unreachable code; the expression text is the same in both languages (the
 * helpers of {@link PythonRt} are twins of Python's), and every int stored is reduced modulo 1000.
 *
 * <p>Some shapes are here because they once found bugs (each kept as a minimal test in
 * {@link PythonDifferentialTest}): a jump on a constant condition (javac then emits handler code nothing
 * reaches), a {@code yield from} in the middle of three functions inside a try statement that can go on
 * after an exception (a close through a middle delegate), a {@code yield from} a list inside a handler of
 * Exception (an exception thrown through a plain iterator).
 */
final class PythonProgramGenerator {
    /** How deep statements nest. */
    private static final int MAX_DEPTH = 3;

    private enum Kind {
        YIELD, YIELD_FROM, YIELD_FROM_LIST, ASSIGN, ASSIGN_STRING, RECORD, IF, FOR, WHILE, TRY_EXCEPT,
        TRY_FINALLY, RAISE, RAISE_STOP, RETURN, JUMP, RERAISE, STATE, REENTER
    }

    /** A handler's clause: what it catches, in each language. */
    private enum Catch {
        TEST_ERROR("TestError"), GENERATOR_EXIT("GeneratorExit"), EXCEPTION("Exception");

        final String name;

        Catch(String name) {
            this.name = name;
        }
    }

    /** Handler lists that javac accepts (a subclass is never caught after its superclass). */
    private static final Catch[][] HANDLERS = {
        {Catch.TEST_ERROR}, {Catch.GENERATOR_EXIT}, {Catch.TEST_ERROR, Catch.GENERATOR_EXIT},
        {Catch.GENERATOR_EXIT, Catch.TEST_ERROR}, {Catch.EXCEPTION}, {Catch.TEST_ERROR, Catch.EXCEPTION},
        {Catch.GENERATOR_EXIT, Catch.EXCEPTION},
    };

    /** An expression or condition in each language (most are the same text). */
    private record Text(String py, String java) {
        static Text same(String s) {
            return new Text(s, s);
        }
    }

    private final long seed;
    private final Random r;
    private final int functionCount;
    private int ids;

    // per function
    private PythonTwinWriter w;
    private int index;
    private int budget;
    private int yields;
    private int loops;
    /** Object locals: sent values and yield-from results. */
    private List<String> objects;
    private List<String> handles;
    private List<String> counters;
    /** Int locals of enclosing loops. */
    private Deque<String> loopInts;
    /** Exceptions being handled by enclosing handlers. */
    private Deque<String> caught;

    private PythonProgramGenerator(long seed) {
        this.seed = seed;
        this.r = new Random(ProgramGenerator.mix(seed ^ 0x9E3779B97F4A7C15L));
        this.functionCount = 1 + r.nextInt(3);
    }

    /** The program of {@code seed}. */
    static PythonProgram generate(long seed) {
        return new PythonProgramGenerator(seed).program();
    }

    private PythonProgram program() {
        List<PythonProgram.Function> functions = new ArrayList<>();
        for (int i = 0; i < functionCount; i++) {
            functions.add(function(i));
        }
        int arg = r.nextInt(10);
        return PythonProgram.assemble(seed, "Q" + (seed < 0 ? "m" + -seed : Long.toString(seed)), arg,
                new PythonScriptGenerator(r).script(), functions);
    }

    // ---------------------------------------------------------------- functions and blocks

    private PythonProgram.Function function(int i) {
        index = i;
        w = new PythonTwinWriter();
        budget = i == 0 ? 6 + r.nextInt(12) : 2 + r.nextInt(7);
        yields = 0;
        loops = 0;
        objects = new ArrayList<>();
        handles = new ArrayList<>();
        counters = new ArrayList<>();
        loopInts = new ArrayDeque<>();
        caught = new ArrayDeque<>();
        int b = r.nextInt(10);
        int c = r.nextInt(10);
        if (i == 0 && r.nextBoolean()) {
            // the whole body a few times over: generators that live longer, so that more of the script
            // meets a suspended one
            String v = "i" + ++ids;
            int times = 2 + r.nextInt(3);
            w.open("for " + v + " in range(" + times + "):",
                    "for (int " + v + " = 0; " + v + " < " + times + "; " + v + "++) {");
            loopBody(0, false, v, 2 + r.nextInt(4));
            w.close();
        } else {
            block(0, false, 2 + r.nextInt(4));
        }
        if (yields == 0) {
            yieldStatement(); // Python makes a function a generator only if it has a yield
        }
        Text v = value();
        if (v.py.equals("None") && r.nextBoolean()) {
            w.line("return", "return Coroutines.done();");
        } else {
            w.line("return " + v.py, "return Coroutines.done(" + v.java + ");");
        }
        StringBuilder py = new StringBuilder("a = p\nb = " + b + "\nc = " + c + "\nt = \"t\"\n");
        StringBuilder java = new StringBuilder(
                "int a = p;\nint b = " + b + ";\nint c = " + c + ";\nString t = \"t\";\n");
        for (String o : objects) {
            py.append(o).append(" = None\n");
            java.append("Object ").append(o).append(" = null;\n");
        }
        for (String h : handles) {
            py.append(h).append(" = None\n");
            java.append("Generator<Object, Object, Object> ").append(h).append(" = null;\n");
        }
        for (String k : counters) {
            py.append(k).append(" = 0\n");
            java.append("int ").append(k).append(" = 0;\n");
        }
        return new PythonProgram.Function("f" + i, py + w.python(), java + w.java());
    }

    /**
     * Up to {@code count} statements (at least one). {@code special} marks a {@code finally} block or a
     * {@code GeneratorExit} handler, where yields and returns are the interesting cases.
     */
    private void block(int depth, boolean special, int count) {
        for (int i = 0; i < count && (i == 0 || budget > 0); i++) {
            statement(depth, special);
        }
    }

    private void statement(int depth, boolean special) {
        budget--;
        switch (choose(depth, special)) {
            case YIELD -> yieldStatement();
            case YIELD_FROM -> yieldFrom();
            case YIELD_FROM_LIST -> {
                // PEP 380 over a plain iterator: a send of non-None into it fails in this body
                yields++;
                List<Text> items = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    items.add(value());
                }
                w.line("yield from [" + String.join(", ", items.stream().map(Text::py).toList()) + "]",
                        "Coroutines.yieldFrom(java.util.Arrays.asList(new Object[] {"
                                + String.join(", ", items.stream().map(Text::java).toList()) + "}));");
                record("l", new Text("None", "null"));
            }
            case ASSIGN -> {
                String target = "abc".charAt(r.nextInt(3)) + "";
                String e = intExpr();
                String stored = isAtom(e) ? e : "md(" + e + ", 1000)";
                w.line(target + " = " + stored, target + " = " + stored + ";");
            }
            case ASSIGN_STRING -> {
                Text e = stringExpr();
                w.line("t = " + e.py, "t = " + e.java + ";");
            }
            case RECORD -> record("r", value());
            case IF -> {
                Text c = condition();
                w.open("if " + c.py + ":", "if (" + c.java + ") {");
                block(depth + 1, special, 1 + r.nextInt(3));
                if (r.nextInt(3) == 0) {
                    w.clause("else:", "} else {");
                    block(depth + 1, special, 1 + r.nextInt(2));
                }
                w.close();
            }
            case FOR -> {
                String v = "i" + ++ids;
                int times = 1 + r.nextInt(3);
                w.open("for " + v + " in range(" + times + "):",
                        "for (int " + v + " = 0; " + v + " < " + times + "; " + v + "++) {");
                loopBody(depth, special, v, 1 + r.nextInt(3));
                w.close();
            }
            case WHILE -> {
                String v = "w" + ++ids;
                counters.add(v);
                int times = 1 + r.nextInt(3);
                w.line(v + " = 0", v + " = 0;");
                w.open("while " + v + " < " + times + ":", "while (" + v + " < " + times + ") {");
                w.line(v + " += 1", v + " += 1;");
                loopBody(depth, special, v, 1 + r.nextInt(3));
                w.close();
            }
            case TRY_EXCEPT -> tryExcept(depth, special);
            case TRY_FINALLY -> {
                w.open("try:", "try {");
                block(depth + 1, special, 1 + r.nextInt(3));
                finallyClause(depth);
                w.close();
            }
            case RAISE -> guarded(rareCondition(true), "raise TestError(\"m" + ++ids + "\")",
                    "throw new TestError(\"m" + ids + "\");");
            case RAISE_STOP -> {
                Text v = value();
                guarded(rareCondition(true), "raise StopIteration(" + v.py + ")",
                        "throw new StopIteration(" + v.java + ");");
            }
            case RETURN -> {
                Text v = value();
                guarded(rareCondition(true), "return " + v.py, "return Coroutines.done(" + v.java + ");");
            }
            case JUMP -> {
                String jump = r.nextBoolean() ? "break" : "continue";
                // a jump on a constant condition at the start of a try block leaves javac's handler code
                // unreachable: PythonDifferentialTest.yieldInHandlerCodeNothingReaches
                guarded(rareCondition(true), jump, jump + ";");
            }
            case RERAISE -> {
                String e = pick(new ArrayList<>(caught));
                guarded(condition(), "raise " + e, "throw " + e + ";");
            }
            case STATE -> record("st", new Text("state(H[0])", "state(ME)"));
            case REENTER -> reenter();
        }
    }

    private Kind choose(int depth, boolean special) {
        boolean nest = depth < MAX_DEPTH && budget > 0;
        int[] weights = new int[Kind.values().length];
        weights[Kind.YIELD.ordinal()] = special ? 40 : 30;
        weights[Kind.YIELD_FROM.ordinal()] = index < functionCount - 1 ? 10 : 0;
        weights[Kind.YIELD_FROM_LIST.ordinal()] = 4;
        weights[Kind.ASSIGN.ordinal()] = 8;
        weights[Kind.ASSIGN_STRING.ordinal()] = 4;
        weights[Kind.RECORD.ordinal()] = 6;
        weights[Kind.IF.ordinal()] = nest ? 8 : 0;
        weights[Kind.FOR.ordinal()] = nest ? 5 : 0;
        weights[Kind.WHILE.ordinal()] = nest ? 3 : 0;
        weights[Kind.TRY_EXCEPT.ordinal()] = nest ? 10 : 0;
        weights[Kind.TRY_FINALLY.ordinal()] = nest ? 8 : 0;
        weights[Kind.RAISE.ordinal()] = 3;
        weights[Kind.RAISE_STOP.ordinal()] = 1;
        weights[Kind.RETURN.ordinal()] = special ? 14 : 3;
        weights[Kind.JUMP.ordinal()] = loops > 0 ? 5 : 0;
        weights[Kind.RERAISE.ordinal()] = caught.isEmpty() ? 0 : 7;
        weights[Kind.STATE.ordinal()] = 2;
        weights[Kind.REENTER.ordinal()] = 2;
        int total = 0;
        for (int x : weights) {
            total += x;
        }
        int pick = r.nextInt(total);
        for (Kind k : Kind.values()) {
            pick -= weights[k.ordinal()];
            if (pick < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    // ---------------------------------------------------------------- statements

    /**
     * A yield whose sent value is kept and recorded; a quarter of the time the yield sits inside an
     * expression, with values on Java's operand stack across the suspension.
     */
    private void yieldStatement() {
        yields++;
        int id = ++ids;
        String s = "s" + id;
        Text v = value();
        String tag = "\"y" + id + "\"";
        switch (r.nextInt(8)) {
            case 0 -> w.line("rec(" + tag + ", (yield " + v.py + "))",
                    "rec(" + tag + ", Coroutines.yield(" + v.java + "));");
            case 1 -> {
                String target = "abc".charAt(r.nextInt(3)) + "";
                String left = intAtom();
                w.line(target + " = md(" + left + " + num((yield " + v.py + ")), 1000)",
                        target + " = md(" + left + " + num(Coroutines.yield(" + v.java + ")), 1000);");
                w.line("rec(" + tag + ", " + target + ")", "rec(" + tag + ", " + target + ");");
            }
            default -> {
                w.line(s + " = yield " + v.py, s + " = Coroutines.yield(" + v.java + ");");
                objects.add(s);
                w.line("rec(" + tag + ", " + s + ")", "rec(" + tag + ", " + s + ");");
            }
        }
    }

    /**
     * {@code yield from} a later function. A quarter of the time the generator is first kept in a local
     * and driven directly once or twice (next, send, throw, close: it may be finished, or still created,
     * when the delegation starts), and after the delegation its state is recorded or it is delegated to
     * again (when it has finished: PEP 380's {@code yield from} an exhausted generator).
     */
    private void yieldFrom() {
        yields++;
        int id = ++ids;
        String res = "r" + id;
        String callee = "f" + (index + 1 + r.nextInt(functionCount - index - 1));
        String call = callee + "(" + storedIntExpr() + ")";
        String target = call;
        boolean kept = r.nextInt(4) == 0;
        if (kept) {
            target = "h" + id;
            handles.add(target);
            w.line(target + " = " + call, target + " = " + call + ";");
            for (int n = r.nextInt(3) == 0 ? 2 : 1; n > 0; n--) {
                drive(target, id);
            }
        }
        w.line(res + " = yield from " + target, res + " = Coroutines.yieldFrom(" + target + ");");
        objects.add(res);
        w.line("rec(\"f" + id + "\", " + res + ")", "rec(\"f" + id + "\", " + res + ");");
        if (kept && r.nextInt(3) == 0) {
            w.line("rec(\"q" + id + "\", state(" + target + "))", "rec(\"q" + id + "\", state(" + target + "));");
        }
        if (kept && r.nextInt(4) == 0) {
            w.line("rec(\"g" + id + "\", (yield from " + target + "))",
                    "rec(\"g" + id + "\", Coroutines.yieldFrom(" + target + "));");
        }
    }

    /** One direct operation on the kept generator {@code h}, its outcome recorded. */
    private void drive(String h, int id) {
        String tag = "\"n" + id + "\"";
        switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> w.line("rec(" + tag + ", next(" + h + "))", "rec(" + tag + ", " + h + ".next());");
            case 4, 5 -> {
                Text v = value();
                w.line("rec(" + tag + ", " + h + ".send(" + v.py + "))",
                        "rec(" + tag + ", " + h + ".send(" + v.java + "));");
            }
            case 6 -> w.line("rec(" + tag + ", " + h + ".throw(TestError(\"h" + id + "\")))",
                    "rec(" + tag + ", " + h + ".throwIn(new TestError(\"h" + id + "\")));");
            case 7, 8 -> {
                w.line(h + ".close()", h + ".close();");
                w.line("rec(" + tag + ", state(" + h + "))", "rec(" + tag + ", state(" + h + "));");
            }
            default -> w.line("rec(" + tag + ", state(" + h + "))", "rec(" + tag + ", state(" + h + "));");
        }
    }

    /** A loop's body, with its variable in scope; half the time it starts with a yield. */
    private void loopBody(int depth, boolean special, String variable, int count) {
        loops++;
        loopInts.push(variable);
        if (r.nextBoolean()) {
            yieldStatement();
        }
        block(depth + 1, special, count);
        loopInts.pop();
        loops--;
    }

    private void tryExcept(int depth, boolean special) {
        Catch[] handlers = HANDLERS[r.nextInt(HANDLERS.length)];
        boolean withFinally = r.nextInt(3) == 0;
        w.open("try:", "try {");
        block(depth + 1, special, 1 + r.nextInt(3));
        for (Catch c : handlers) {
            String e = "e" + ++ids;
            w.clause("except " + c.name + " as " + e + ":", "} catch (" + c.name + " " + e + ") {");
            w.line("rec(\"c" + ids + "\", exc(" + e + "))", "rec(\"c" + ids + "\", exc(" + e + "));");
            caught.push(e);
            block(depth + 1, special || c == Catch.GENERATOR_EXIT, 1 + r.nextInt(3));
            caught.pop();
        }
        if (withFinally) {
            finallyClause(depth);
        }
        w.close();
    }

    private void finallyClause(int depth) {
        w.clause("finally:", "} finally {");
        record("z", Text.same("t"));
        block(depth + 1, true, 1 + r.nextInt(3));
    }

    private void reenter() {
        Text call = switch (r.nextInt(5)) {
            case 4 -> {
                yields++;
                yield new Text("rec(\"x" + ++ids + "\", (yield from H[0]))",
                        "rec(\"x" + ids + "\", Coroutines.yieldFrom(ME));");
            }
            case 0 -> new Text("next(H[0])", "ME.next();");
            case 1 -> new Text("H[0].send(None)", "ME.send(null);");
            case 2 -> new Text("H[0].throw(TestError(\"x" + ++ids + "\"))",
                    "ME.throwIn(new TestError(\"x" + ids + "\"));");
            default -> new Text("H[0].close()", "ME.close();");
        };
        guarded(rareCondition(true), call.py, call.java);
    }

    private void record(String tag, Text v) {
        int id = ++ids;
        w.line("rec(\"" + tag + id + "\", " + v.py + ")", "rec(\"" + tag + id + "\", " + v.java + ");");
    }

    private void guarded(Text condition, String py, String java) {
        w.guarded("if " + condition.py + ":", "if (" + condition.java + ") {", py, java);
    }

    // ---------------------------------------------------------------- expressions

    /** An int that a body may store: below 1000 in magnitude, so that products stay within Java's int. */
    private String storedIntExpr() {
        String e = intExpr();
        return isAtom(e) ? e : "md(" + e + ", 1000)";
    }

    private static boolean isAtom(String e) {
        return !e.contains(" ");
    }

    private String intExpr() {
        int k = r.nextInt(10);
        if (k < 4) {
            return intAtom();
        }
        String e = intAtom() + " " + "+-*".charAt(r.nextInt(3)) + " " + intAtom();
        return k < 7 ? e : "md(" + e + ", " + (k < 9 ? 1000 : 2 + r.nextInt(8)) + ")";
    }

    private String intAtom() {
        int k = r.nextInt(10);
        if (k < 2) {
            return Integer.toString(r.nextInt(10));
        }
        if (k < 4 && !objects.isEmpty()) {
            return "num(" + pick(objects) + ")";
        }
        List<String> names = new ArrayList<>(List.of("a", "b", "c", "p"));
        names.addAll(loopInts);
        return pick(names);
    }

    private Text stringExpr() {
        switch (r.nextInt(5)) {
            case 0:
                return Text.same("t");
            case 1:
                return Text.same("\"" + word() + "\"");
            case 2:
                return Text.same("cut(t + str(" + intAtom() + "))");
            case 3:
                if (!objects.isEmpty()) {
                    return Text.same("cut(t + fmt(" + pick(objects) + "))");
                }
                return Text.same("cut(t + \"" + word() + "\")");
            default:
                return Text.same("cut(\"" + word() + "\" + t)");
        }
    }

    /** A value to yield, record or return: an int, a string or None. */
    private Text value() {
        int k = r.nextInt(20);
        if (k < 11) {
            return Text.same(intExpr());
        }
        if (k < 17) {
            return stringExpr();
        }
        return new Text("None", "null");
    }

    /**
     * A condition for a jump or a raise: mostly on a sent value, so that the driver's choices steer the
     * body, and rarely always true, so that the rest of a block is not dead code too often. Only if
     * {@code constant} may it be a constant expression to javac.
     */
    private Text rareCondition(boolean constant) {
        if (objects.isEmpty() || r.nextInt(4) == 0) {
            if (constant && r.nextInt(4) == 0) {
                return new Text("True", "true");
            }
            String atom = intAtom();
            while (!constant && Character.isDigit(atom.charAt(0))) {
                atom = intAtom(); // 0 == 0 is as constant as true to javac
            }
            return Text.same(atom + " == " + r.nextInt(10));
        }
        String o = pick(objects);
        return switch (r.nextInt(3)) {
            case 0 -> Text.same("isstr(" + o + ")");
            case 1 -> Text.same("num(" + o + ") > " + (40 + r.nextInt(60)));
            default -> Text.same("num(" + o + ") == " + r.nextInt(4));
        };
    }

    private Text condition() {
        int k = r.nextInt(10);
        if (k < 1) {
            return new Text("True", "true");
        }
        if (k < 7 || objects.isEmpty()) {
            if (k == 6) {
                return Text.same("md(" + intAtom() + ", 2) == 0");
            }
            String op = new String[] {" < ", " > ", " == "}[r.nextInt(3)];
            return Text.same(intAtom() + op + intAtom());
        }
        String o = pick(objects);
        return switch (k) {
            case 7 -> Text.same("none(" + o + ")");
            case 8 -> Text.same("isstr(" + o + ")");
            default -> Text.same("num(" + o + ") > " + r.nextInt(6));
        };
    }

    private String word() {
        return "" + (char) ('a' + r.nextInt(26)) + (char) ('a' + r.nextInt(26));
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
