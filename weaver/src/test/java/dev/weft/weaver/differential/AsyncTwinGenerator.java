package dev.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What the random program generators of the asyncio and the async generator differential tests
 * ({@link AsyncioProgramGenerator}, {@link AsyncgenProgramGenerator}) share: the random source and the
 * names it hands out, the choice of a statement kind by weight, and the statements both write alike, each
 * in Python and in Java at once ({@link AsyncioTwinWriter}): blocks of random statements, {@code if}/
 * {@code else}, a bounded {@code for}, {@code try} with {@code except TestError/Exception} handlers that
 * record what they catch, records, and conditions and arguments computed from the parameter {@code p}.
 *
 * @param <K> the statement kinds
 * @param <B> what a function being written is
 */
abstract class AsyncTwinGenerator<K extends Enum<K>, B extends AsyncTwinGenerator.TwinBody> {
    /** How deep statements nest. */
    static final int MAX_DEPTH = 3;

    final Random r;
    /** The last number handed out for a name, a tag or a message: names are unique in a program. */
    int ids;
    private final K[] kinds;
    private final Set<K> excluded;

    /** A generator of statements of {@code kinds}, never of those {@code excluded}. */
    AsyncTwinGenerator(Random r, Class<K> kinds, Set<K> excluded) {
        this.r = r;
        this.kinds = kinds.getEnumConstants();
        this.excluded = excluded;
    }

    /** An expression or condition in each language (fields, not a record's accessors: they are read everywhere). */
    static final class Text {
        final String py;
        final String java;

        Text(String py, String java) {
            this.py = py;
            this.java = java;
        }

        static Text same(String s) {
            return new Text(s, s);
        }
    }

    /** A function being written: its writer, its loop variables, how many statements it may still have, its depth. */
    static class TwinBody {
        final AsyncioTwinWriter w = new AsyncioTwinWriter();
        final Deque<String> loopVars = new ArrayDeque<>();
        int budget;
        int depth;

        TwinBody(int budget) {
            this.budget = budget;
        }
    }

    /** The statement kinds named, comma-separated, by the system property {@code property}: those not to generate. */
    static <K extends Enum<K>> Set<K> excluded(String property, Class<K> kinds) {
        Set<K> excluded = EnumSet.noneOf(kinds);
        for (String k : System.getProperty(property, "").split(",")) {
            if (!k.isBlank()) {
                excluded.add(Enum.valueOf(kinds, k.strip()));
            }
        }
        return excluded;
    }

    /** Whether {@code b} may have a statement of kind {@code k} here (one not excluded). */
    abstract boolean allowed(B b, K k);

    /** How often kind {@code k} is chosen, relative to the others allowed. */
    abstract int weight(K k);

    /** Writes one statement of kind {@code k} in {@code b}. */
    abstract void statement(B b, K k);

    /** The tag of a new record in {@code b}: {@code "rN"}. */
    Text tag(B b) {
        return Text.same("\"r" + ++ids + "\"");
    }

    /** Up to {@code count} statements (at least one), as the budget allows. */
    final void block(B b, int count) {
        for (int i = 0; i < count && (i == 0 || b.budget > 0); i++) {
            b.budget--;
            statement(b, choose(b));
        }
    }

    /** A nested block: one level deeper. */
    final void nested(B b, int count) {
        b.depth++;
        block(b, count);
        b.depth--;
    }

    /** A kind allowed here, at random by weight. */
    final K choose(B b) {
        List<K> allowed = new ArrayList<>();
        int total = 0;
        for (K k : kinds) {
            if (!excluded.contains(k) && allowed(b, k)) {
                allowed.add(k);
                total += weight(k);
            }
        }
        int x = r.nextInt(total);
        for (K k : allowed) {
            x -= weight(k);
            if (x < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    /**
     * A value to record, yield or return: {@code p}, one of {@code locals}, the innermost loop variable, a
     * string, or, if {@code none}, None.
     */
    final Text value(B b, List<String> locals, boolean none) {
        int k = r.nextInt(none ? 11 : 10);
        if (k < 3 && !locals.isEmpty()) {
            return Text.same(locals.get(r.nextInt(locals.size())));
        }
        if (k < 5 && !b.loopVars.isEmpty()) {
            return Text.same(b.loopVars.peek());
        }
        if (k < 7) {
            return Text.same("\"s" + ++ids + "\"");
        }
        return k == 10 ? new Text("None", "null") : Text.same("p");
    }

    /** {@code if c: ... [else: ...]}. */
    final void ifElse(B b) {
        Text c = condition();
        b.w.open("if " + c.py + ":", "if (" + c.java + ") {");
        nested(b, 1 + r.nextInt(3));
        if (r.nextBoolean()) {
            b.w.clause("else:", "} else {");
            nested(b, 1 + r.nextInt(2));
        }
        b.w.close();
    }

    /** {@code for i in range(n): ...}, two or three times, {@code i} a value the body may use. */
    final void forRange(B b) {
        String i = "i" + ++ids;
        int n = 2 + r.nextInt(2);
        b.w.open("for " + i + " in range(" + n + "):", "for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++) {");
        b.loopVars.push(i);
        nested(b, 1 + r.nextInt(3));
        b.loopVars.pop();
        b.w.close();
    }

    /** {@code try: ... except TestError / except Exception (or both)}, each handler recording what it caught. */
    final void tryExcept(B b) {
        b.w.open("try:", "try {");
        nested(b, 1 + r.nextInt(3));
        int handlers = r.nextInt(3); // TestError, Exception, or both
        if (handlers != 1) {
            handler(b, "TestError");
        }
        if (handlers != 0) {
            handler(b, "Exception");
        }
        b.w.close();
    }

    /**
     * {@code try: ... except py: rec(tag, None)} / {@code try { ... } catch (java e) { rec(tag, null);}, left
     * open for the handler's last words; returns the name of the caught exception in Java.
     */
    final String tryCatching(B b, String py, String java) {
        b.w.open("try:", "try {");
        nested(b, 1 + r.nextInt(3));
        String e = "e" + ++ids;
        b.w.clause("except " + py + ":", "} catch (" + java + " " + e + ") {");
        rec(b, new Text("None", "null"));
        return e;
    }

    /** {@code try: ... finally: rec(tag, None)}, left open for more of the {@code finally} block. */
    final void tryFinally(B b) {
        b.w.open("try:", "try {");
        nested(b, 1 + r.nextInt(3));
        b.w.clause("finally:", "} finally {");
        rec(b, new Text("None", "null"));
    }

    /** A handler of {@code except type as e} / {@code catch (type e)} that records the exception. */
    private void handler(B b, String type) {
        String e = "e" + ++ids;
        b.w.clause("except " + type + " as " + e + ":", "} catch (" + type + " " + e + ") {");
        rec(b, Text.same(e));
        if (r.nextInt(4) == 0) {
            nested(b, 1);
        }
    }

    /**
     * {@code try: v = await aw; rec(tag, v)}, with handlers that record a cancellation (None) or an
     * exception: how a task is awaited.
     */
    final void awaitRecorded(B b, String v, Text aw) {
        b.w.open("try:", "try {");
        b.w.line(v + " = await " + aw.py, v + " = await(" + aw.java + ");");
        rec(b, Text.same(v));
        String c = "e" + ++ids;
        b.w.clause("except asyncio.CancelledError:", "} catch (CancelledError " + c + ") {");
        rec(b, new Text("None", "null"));
        String e = "e" + ++ids;
        b.w.clause("except Exception as " + e + ":", "} catch (Exception " + e + ") {");
        rec(b, Text.same(e));
        b.w.close();
    }

    /** A statement that may fail, inside {@code try/except Exception} half of the time. */
    final void guarded(B b, Runnable statement) {
        if (r.nextBoolean() || b.depth >= MAX_DEPTH) {
            statement.run();
            return;
        }
        b.w.open("try:", "try {");
        statement.run();
        String e = "e" + ++ids;
        b.w.clause("except Exception as " + e + ":", "} catch (Exception " + e + ") {");
        rec(b, Text.same(e));
        b.w.close();
    }

    /** {@code rec(tag, value)}. */
    final void rec(B b, Text value) {
        Text t = tag(b);
        b.w.line("rec(" + t.py + ", " + value.py + ")", "rec(" + t.java + ", " + value.java + ");");
    }

    /** {@code if c: statement}, the statement being a jump (Java: inside braces, so javac sees no dead code). */
    static void ifThen(AsyncioTwinWriter w, Text c, String python, String java) {
        w.open("if " + c.py + ":", "if (" + c.java + ") {");
        w.line(python, java);
        w.close();
    }

    /** An argument for a call: {@code md(p + c, 10)}. */
    final String argument() {
        return "md(p + " + r.nextInt(10) + ", 10)";
    }

    /** A condition on {@code p}. */
    final Text condition() {
        int m = 2 + r.nextInt(2);
        return Text.same("md(p, " + m + ") == " + r.nextInt(m));
    }

    final String pick(String[] choices) {
        return choices[r.nextInt(choices.length)];
    }
}
