package dev.weft.weaver.differential;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates random generator programs from a seed: one class with an {@code @Async run} method and a few
 * sub-generators, with suspension points at random places (statement level, deep in expressions with
 * values of every type on the operand stack, in constructor arguments, conditions, loop headers, switch
 * selectors, catch and finally blocks, resources, sub-generator arguments...).
 *
 * <p>Each program is emitted twice from one template: the woven variant calls {@code Coroutines} and is
 * rewritten by the weaver; the threaded variant calls {@link ThreadGenerator} and runs the same body
 * on a thread, unwoven. The same seed always gives the same program.
 *
 * <p>Every generated program compiles: locals are initialized where declared and named uniquely, jumps
 * ({@code break}, {@code continue}, {@code return}, {@code throw}) are only ever conditional, so no code
 * becomes unreachable; loops are bounded by read-only counters; sub-generators call only later ones (or
 * themselves with a decreasing depth), so every run ends.
 */
final class ProgramGenerator {
    static final String WOVEN_PACKAGE = "dev.weft.weaver.differential.gen.woven";
    static final String THREADED_PACKAGE = "dev.weft.weaver.differential.gen.threaded";

    /** One generated program: both variants' sources and what it contains. */
    record Program(long seed, String simpleName, String wovenSource, String threadedSource, int sites,
                   int methods, String script) {
        String wovenName() {
            return WOVEN_PACKAGE + "." + simpleName;
        }

        String threadedName() {
            return THREADED_PACKAGE + "." + simpleName;
        }
    }

    /** Scrambles a seed (java.util.Random's first outputs for nearby seeds are alike). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The class name a seed's program gets. */
    static String simpleName(long seed) {
        return "P" + (seed < 0 ? "m" + -seed : Long.toString(seed));
    }

    /** The program of {@code seed}. */
    static Program generate(long seed) {
        return new ProgramGenerator(seed).program();
    }

    // ---------------------------------------------------------------- types and scopes

    private enum T {
        INT("int"), LONG("long"), DOUBLE("double"), FLOAT("float"), BOOL("boolean"), CHAR("char"),
        BYTE("byte"), SHORT("short"), STRING("String"), INTS("int[]"), STRS("String[]"), OBJ("Object"),
        BOX("Rt.Box"), LIST("java.util.List<Object>"), CHARS("CharSequence");

        final String java;

        T(String java) {
            this.java = java;
        }
    }

    private static final T[] TYPES = T.values();

    private record Var(String name, T type, boolean mutable) {}

    /** A sub-generator method of the program. */
    private record Sub(String name, boolean isStatic, boolean recursive, List<T> params, boolean takesTrace) {}

    /** Where a statement is being generated: which jumps are allowed, and how deep it is. */
    private record Ctx(int depth, int loops, int loopNest, List<String> labels, boolean inSwitch,
                       boolean canReturn) {
        Ctx deeper() {
            return new Ctx(depth + 1, loops, loopNest, labels, inSwitch, canReturn);
        }

        Ctx loop(String label) {
            List<String> l = labels;
            if (label != null) {
                l = new ArrayList<>(labels);
                l.add(label);
            }
            return new Ctx(depth + 1, loops + 1, loopNest + 1, l, inSwitch, canReturn);
        }

        Ctx switchStatement() {
            return new Ctx(depth + 1, loops, loopNest, labels, true, canReturn);
        }
    }

    private final long seed;
    private final Random r;
    private final String name;
    private int uid;
    private int sites;

    // per-method state
    private Deque<List<Var>> scopes;
    private List<Sub> callable;
    private boolean instance;
    private int budget;
    private int stmtBudget;
    private double pSuspend;
    /** Above 0 inside a switch expression's arm: no try statement there (see {@link #switchArm}). */
    private int noTry;

    private ProgramGenerator(long seed) {
        this.seed = seed;
        this.r = new Random(mix(seed));
        this.name = simpleName(seed);
    }

    // ---------------------------------------------------------------- the program

    private Program program() {
        int nSubs = r.nextInt(4);
        List<Sub> subs = new ArrayList<>();
        for (int i = 1; i <= nSubs; i++) {
            boolean recursive = r.nextInt(4) == 0;
            List<T> params = new ArrayList<>();
            if (recursive) {
                params.add(T.INT);
            }
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                params.add(anyType());
            }
            subs.add(new Sub("g" + i, r.nextInt(3) != 0, recursive, params, r.nextBoolean()));
        }
        List<MethodText> methods = new ArrayList<>();
        Sub run = new Sub("run", true, false, List.of(T.INT, T.LONG, T.DOUBLE, T.STRING), false);
        methods.add(method(run, subs, true));
        for (int i = 0; i < subs.size(); i++) {
            methods.add(method(subs.get(i), subs.subList(i + 1, subs.size()), false));
        }
        return assemble(seed, name, methods, sites);
    }

    /**
     * One generator method of a program, as a template: its body calls {@code $C.yield},
     * {@code $C.yieldFrom} and {@code $C.done}, and {@code return $TAIL(sub)} for a tail delegation.
     */
    record MethodText(String name, boolean isStatic, String params, String args, String body) {}

    /** Both variants of a program made of {@code methods} (one of them {@code static run(int, long, double, String)}). */
    static Program assemble(long seed, String name, List<MethodText> methods, int sites) {
        StringBuilder woven = new StringBuilder();
        StringBuilder threaded = new StringBuilder();
        header(woven, seed, name, WOVEN_PACKAGE, "import dev.weft.Async;\nimport dev.weft.Coroutines;\n");
        header(threaded, seed, name, THREADED_PACKAGE, "import dev.weft.weaver.differential.ThreadGenerator;\n");
        for (MethodText m : methods) {
            String mods = m.isStatic ? "static " : "";
            woven.append("\n    @Async\n    public ").append(mods).append("Generator<Object, Object, Object> ")
                    .append(m.name).append('(').append(m.params).append(") throws Exception {\n")
                    .append(render(m.body, true)).append("    }\n");
            threaded.append("\n    public ").append(mods).append("Generator<Object, Object, Object> ")
                    .append(m.name).append('(').append(m.params).append(") {\n")
                    .append("        return ThreadGenerator.start(() -> ").append(m.name).append("$body(")
                    .append(m.args).append("));\n    }\n")
                    .append("\n    ").append(mods).append("Object ").append(m.name)
                    .append("$body(").append(m.params).append(") throws Exception {\n")
                    .append(render(m.body, false)).append("    }\n");
        }
        woven.append("}\n");
        threaded.append("}\n");
        return new Program(seed, name, woven.toString(), threaded.toString(), sites, methods.size(), null);
    }

    /**
     * A hand-written program (a minimal reproduction): methods in the template language of
     * {@link MethodText}, each introduced by a line {@code @@ [static] name(parameters)}. Run's arguments
     * come from {@code seed}, and so does the driver's script unless {@code script} gives it.
     */
    static Program fromTemplate(long seed, String name, String script, String template) {
        List<MethodText> methods = new ArrayList<>();
        String[] parts = template.split("(?m)^\\s*@@\\s*");
        int sites = 0;
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            int nl = part.indexOf('\n');
            String head = part.substring(0, nl).strip();
            String body = part.substring(nl + 1);
            boolean isStatic = head.startsWith("static ");
            if (isStatic) {
                head = head.substring("static ".length()).strip();
            }
            String methodName = head.substring(0, head.indexOf('('));
            String params = head.substring(head.indexOf('(') + 1, head.lastIndexOf(')'));
            StringBuilder args = new StringBuilder();
            for (String p : params.split(",")) {
                if (!p.isBlank()) {
                    String[] words = p.strip().split("\\s+");
                    comma(args).append(words[words.length - 1]);
                }
            }
            sites += body.split("\\$C\\.yield", -1).length - 1;
            methods.add(new MethodText(methodName, isStatic, params, args.toString(), body));
        }
        Program p = assemble(seed, name, methods, sites);
        return new Program(seed, name, p.wovenSource(), p.threadedSource(), sites, methods.size(), script);
    }

    private static void header(StringBuilder out, long seed, String name, String pkg, String imports) {
        out.append("package ").append(pkg).append(";\n\n")
                .append("import dev.weft.Generator;\n")
                .append(imports)
                .append("import dev.weft.weaver.differential.Rt;\n\n")
                .append("/** Program ").append(name).append(" (seed ").append(seed).append("). */\n")
                .append("@SuppressWarnings(\"all\")\n")
                .append("public class ").append(name).append(" extends Rt.Base {\n")
                .append("    static int sf;\n    final int k;\n    int f;\n    String fs = \"\";\n\n")
                .append("    public ").append(name).append("(int k) {\n        this.k = k;\n        this.f = k * 3;\n    }\n");
    }

    /** The template's tokens, for one variant. */
    private static String render(String body, boolean woven) {
        String out = body.replace("$C.", woven ? "Coroutines." : "ThreadGenerator.");
        out = out.replace("$TAIL(", woven ? "(" : "ThreadGenerator.tail(");
        return indent(out);
    }

    private static String indent(String code) {
        StringBuilder out = new StringBuilder();
        int level = 2;
        for (String line : code.split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            int open = 0;
            boolean inString = false;
            boolean inChar = false;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"' && !inChar) {
                    inString = !inString;
                } else if (c == '\'' && !inString) {
                    inChar = !inChar;
                } else if (!inString && !inChar) {
                    if (c == '{') {
                        open++;
                    } else if (c == '}') {
                        open--;
                    }
                }
            }
            int here = level;
            if (t.startsWith("}")) {
                here--;
            }
            if (t.startsWith("case ") || t.startsWith("default")) {
                here = Math.max(2, here);
            }
            out.append("    ".repeat(Math.max(0, here))).append(t).append('\n');
            level += open;
        }
        return out.toString();
    }

    /** Generates one method. */
    private MethodText method(Sub m, List<Sub> calls, boolean isRun) {
        scopes = new ArrayDeque<>();
        scopes.push(new ArrayList<>());
        callable = calls;
        instance = !m.isStatic;
        budget = isRun ? 6 + r.nextInt(26) : 2 + r.nextInt(10);
        stmtBudget = isRun ? 12 + r.nextInt(50) : 4 + r.nextInt(18);
        double[] densities = {0.05, 0.15, 0.3, 0.5};
        pSuspend = densities[r.nextInt(densities.length)];

        StringBuilder decl = new StringBuilder();
        StringBuilder args = new StringBuilder();
        List<Var> params = new ArrayList<>();
        String[] runNames = {"seed", "p1", "p2", "p3"};
        for (int i = 0; i < m.params.size(); i++) {
            T t = m.params.get(i);
            String n = isRun ? runNames[i] : (m.recursive && i == 0 ? "depth" : "a" + i);
            boolean mutable = !(m.recursive && i == 0);
            params.add(new Var(n, t, mutable));
            boolean varargs = t == T.INTS && i == m.params.size() - 1 && !m.takesTrace && m.name.hashCode() % 2 == 0;
            comma(decl).append(varargs ? "int..." : t.java).append(' ').append(n);
            comma(args).append(n);
        }
        if (m.takesTrace) {
            comma(decl).append("Rt.Trace tr");
            comma(args).append("tr");
        }
        scopes.peek().addAll(params);
        scopes.peek().add(new Var(name + ".sf", T.INT, true));
        if (instance) {
            scopes.peek().add(new Var("this.bf", T.LONG, true));
            scopes.peek().add(new Var("this.f", T.INT, true));
            scopes.peek().add(new Var("this.fs", T.STRING, true));
            scopes.peek().add(new Var("this.k", T.INT, false));
        }

        StringBuilder body = new StringBuilder();
        if (!m.takesTrace) {
            body.append("Rt.Trace tr = new Rt.Trace();\n");
        }
        Ctx top = new Ctx(0, 0, 0, List.of(), false, true);
        int recursionAt = m.recursive ? r.nextInt(3) : -1;
        int n = 0;
        String rounds = null;
        if (isRun && r.nextInt(3) != 0) {
            // the whole body a few times over: more suspensions run, and break/continue at the top
            rounds = fresh("round");
            body.append("for (int ").append(rounds).append(" = 0; ").append(rounds).append(" < ")
                    .append(2 + r.nextInt(4)).append("; ").append(rounds).append("++) {\n");
            scopes.push(new ArrayList<>());
            declare(rounds, T.INT, false);
            top = top.loop(null);
        }
        while (stmtBudget > 0 || n < 2) {
            if (n == recursionAt) {
                body.append(recursion(m));
            }
            body.append(stmt(top));
            n++;
        }
        if (recursionAt >= n) {
            body.append(recursion(m));
        }
        if (rounds != null) {
            scopes.pop();
            body.append("}\n");
        }
        body.append("return ").append(r.nextInt(8) == 0 && !isRun ? "$C.done();\n" : "$C.done(" + summary() + ");\n");
        return new MethodText(m.name, m.isStatic, decl.toString(), args.toString(), body.toString());
    }

    private String recursion(Sub m) {
        String call = callOf(m, 1, "depth - 1");
        sites++;
        if (r.nextBoolean()) {
            return "if (depth > 0) {\ntr.add($C.yieldFrom(" + call + "));\n}\n";
        }
        return "if (depth > 0) {\nreturn $TAIL(" + call + ");\n}\n";
    }

    private static StringBuilder comma(StringBuilder sb) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        return sb;
    }

    // ---------------------------------------------------------------- helpers

    private boolean chance(double p) {
        return r.nextDouble() < p;
    }

    private T anyType() {
        return TYPES[r.nextInt(TYPES.length)];
    }

    private String fresh(String prefix) {
        return prefix + (++uid);
    }

    private List<Var> vars(T t, boolean mutableOnly) {
        List<Var> out = new ArrayList<>();
        for (List<Var> scope : scopes) {
            for (Var v : scope) {
                if ((t == null || v.type == t) && (!mutableOnly || v.mutable)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private <E> E one(List<E> list) {
        return list.get(r.nextInt(list.size()));
    }

    @SafeVarargs
    private String oneOf(Supplier<String>... options) {
        return options[r.nextInt(options.length)].get();
    }

    private void declare(String n, T t, boolean mutable) {
        scopes.peek().add(new Var(n, t, mutable));
    }

    private String summary() {
        StringBuilder sb = new StringBuilder("tr");
        for (Var v : vars(null, false)) {
            sb.append(", ").append(v.name);
        }
        return "Rt.sum(" + sb + ")";
    }

    /** Generates with no suspension point. */
    private String noSuspend(Supplier<String> gen) {
        int saved = budget;
        budget = 0;
        try {
            return gen.get();
        } finally {
            budget = saved;
        }
    }

    /** Whether an expression node becomes a suspension. */
    private boolean canSuspend() {
        return budget > 0 && chance(pSuspend / 3);
    }

    // ---------------------------------------------------------------- suspension points

    /** An Object-typed suspension: yield of any value, or a delegation to a sub-generator. */
    private String suspension(int d) {
        budget--;
        sites++;
        if (!callable.isEmpty() && r.nextInt(6) == 0) {
            return "$C.yieldFrom(" + subCall(d) + ")";
        }
        return "$C.yield(" + e(anyType(), d - 1) + ")";
    }

    /** A call of a later sub-generator (the caller checks there is one). */
    private String subCall(int d) {
        return callOf(one(callable), d, null);
    }

    private String callOf(Sub s, int d, String depthArg) {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < s.params.size(); i++) {
            if (s.recursive && i == 0) {
                comma(args).append(depthArg != null ? depthArg : "Rt.mod(" + e(T.INT, d - 1) + ", 4)");
            } else {
                comma(args).append(e(s.params.get(i), d - 1));
            }
        }
        if (s.takesTrace) {
            comma(args).append("tr");
        }
        String call = s.name + "(" + args + ")";
        if (s.isStatic) {
            return call;
        }
        if (instance && r.nextBoolean()) {
            return "this." + call;
        }
        return "new " + name + "(" + e(T.INT, d - 1) + ")." + call;
    }

    /** An expression of type {@code t} whose value comes from a suspension. */
    private String suspended(T t, int d) {
        if (t == T.STRING && r.nextInt(40) == 0) {
            budget--;
            sites++;
            return "Rt.s((String) $C.yield(" + e(anyType(), d - 1) + "))"; // a checkcast after resuming
        }
        String s = suspension(d);
        switch (t) {
            case INT: return "Rt.i(" + s + ")";
            case LONG: return "Rt.l(" + s + ")";
            case DOUBLE: return "Rt.d(" + s + ")";
            case FLOAT: return "Rt.f(" + s + ")";
            case BOOL: return "Rt.z(" + s + ")";
            case CHAR: return "Rt.c(" + s + ")";
            case BYTE: return "Rt.b(" + s + ")";
            case SHORT: return "Rt.sh(" + s + ")";
            case STRING: return r.nextBoolean() ? "Rt.s(" + s + ")" : "(\"<\" + " + s + " + \">\")";
            case INTS: return "Rt.ia(" + s + ")";
            case STRS: return "Rt.sa(" + s + ")";
            case OBJ: return s;
            case LIST: return "Rt.list((Object) " + s + ")"; // alone, it would be taken for the varargs array
            case CHARS: return "Rt.s(" + s + ")";
            default:
                return oneOf(() -> "new Rt.Box(" + s + ")",
                        () -> "new Rt.Pair(" + e(T.INT, d - 1) + ", " + s + ")",
                        () -> "new Rt.Triple(" + e(T.LONG, d - 1) + ", " + e(T.DOUBLE, d - 1) + ", " + s + ")",
                        () -> "new Rt.Nest(" + e(T.BOX, d - 1) + ", " + s + ")");
        }
    }

    // ---------------------------------------------------------------- expressions

    /** An expression of type {@code t}, at most about {@code d} deep. */
    private String e(T t, int d) {
        if (canSuspend()) {
            return suspended(t, d);
        }
        if (d <= 0 || chance(0.3)) {
            return leaf(t);
        }
        if (chance(0.06)) {
            return "(" + condition(d - 1) + " ? " + e(t, d - 1) + " : " + e(t, d - 1) + ")";
        }
        if (chance(0.02) && (t == T.INT || t == T.STRING || t == T.LONG)) {
            return switchExpression(t, d);
        }
        switch (t) {
            case INT: return intExpr(d);
            case LONG: return oneOf(
                    () -> "(" + e(T.LONG, d - 1) + " " + one(List.of("+", "-", "*", "&", "|", "^")) + " "
                            + e(T.LONG, d - 1) + ")",
                    () -> "(" + e(T.LONG, d - 1) + " / Rt.nzl(" + e(T.LONG, d - 1) + "))",
                    () -> "((long) " + e(T.INT, d - 1) + ")",
                    () -> "((long) " + e(T.DOUBLE, d - 1) + ")",
                    () -> "Rt.fl(" + e(T.LONG, d - 1) + ", " + e(T.DOUBLE, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "Rt.mixl(" + e(T.LONG, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "(" + e(T.LONG, d - 1) + " << (" + e(T.INT, d - 1) + " & 15))",
                    () -> incDec(T.LONG, d));
            case DOUBLE: return oneOf(
                    () -> "(" + e(T.DOUBLE, d - 1) + " " + one(List.of("+", "-", "*", "/")) + " "
                            + e(T.DOUBLE, d - 1) + ")",
                    () -> "((double) " + e(T.INT, d - 1) + ")",
                    () -> "(" + e(T.FLOAT, d - 1) + " * " + e(T.DOUBLE, d - 1) + ")",
                    () -> "Rt.fd(" + e(T.DOUBLE, d - 1) + ", " + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "Math.sqrt(Math.abs(" + e(T.DOUBLE, d - 1) + "))",
                    () -> "(" + e(T.LONG, d - 1) + " + " + e(T.DOUBLE, d - 1) + ")");
            case FLOAT: return oneOf(
                    () -> "(" + e(T.FLOAT, d - 1) + " " + one(List.of("+", "-", "*")) + " " + e(T.FLOAT, d - 1) + ")",
                    () -> "((float) " + e(T.DOUBLE, d - 1) + ")",
                    () -> "Rt.ff(" + e(T.FLOAT, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.CHAR, d - 1) + ")",
                    () -> "(" + e(T.INT, d - 1) + " * 0.5f)");
            case BOOL: return boolExpr(d);
            case CHAR: return oneOf(
                    () -> "Rt.charAt(" + e(T.STRING, d - 1) + ", " + e(T.INT, d - 1) + ")",
                    () -> "((char) (" + e(T.CHAR, d - 1) + " + 1))",
                    () -> "((char) ('a' + Rt.mod(" + e(T.INT, d - 1) + ", 26)))");
            case BYTE: return oneOf(
                    () -> "((byte) " + e(T.INT, d - 1) + ")",
                    () -> "((byte) (" + e(T.BYTE, d - 1) + " + " + e(T.BYTE, d - 1) + "))");
            case SHORT: return oneOf(
                    () -> "((short) " + e(T.INT, d - 1) + ")",
                    () -> "((short) (" + e(T.SHORT, d - 1) + " * " + e(T.BYTE, d - 1) + "))");
            case STRING: return stringExpr(d);
            case INTS: return oneOf(
                    () -> intArray(d),
                    () -> "Rt.ia(" + e(T.OBJ, d - 1) + ")",
                    () -> "(" + leaf(T.INTS) + ").clone()");
            case STRS: return oneOf(
                    () -> "new String[] {" + e(T.STRING, d - 1) + ", " + e(T.STRING, d - 1) + "}",
                    () -> "Rt.sa(" + e(T.OBJ, d - 1) + ")");
            case LIST: return oneOf(
                    () -> "Rt.list(" + e(T.OBJ, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "Rt.list((Object) " + e(T.OBJ, d - 1) + ")");
            case CHARS: return oneOf(
                    () -> e(T.STRING, d - 1),
                    () -> "new StringBuilder(" + e(T.STRING, d - 1) + ")",
                    () -> "Rt.chars(" + e(T.OBJ, d - 1) + ")");
            case OBJ: return oneOf(
                    () -> "((Object) " + e(anyType(), d - 1) + ")",
                    () -> {
                        List<Var> lists = vars(T.LIST, false);
                        if (lists.isEmpty()) {
                            return e(T.OBJ, d - 1);
                        }
                        String l = one(lists).name;
                        return l + ".get(Rt.idx(" + e(T.INT, d - 1) + ", " + l + ".size()))";
                    },
                    () -> "Rt.fo(" + e(T.OBJ, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "Rt.pick(" + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> e(T.STRING, d - 1));
            default: return oneOf(
                    () -> "new Rt.Box(" + e(T.OBJ, d - 1) + ")",
                    () -> "new Rt.Pair(" + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "new Rt.Triple(" + e(T.LONG, d - 1) + ", " + e(T.DOUBLE, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                    () -> "new Rt.Nest(" + e(T.BOX, d - 1) + ", " + e(T.OBJ, d - 1) + ")");
        }
    }

    private String intArray(int d) {
        int n = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder("new int[] {");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(e(T.INT, d - 1));
        }
        return sb.append('}').toString();
    }

    private String intExpr(int d) {
        List<Var> arrays = vars(T.INTS, false);
        return oneOf(
                () -> "(" + e(T.INT, d - 1) + " " + one(List.of("+", "-", "*", "&", "|", "^")) + " "
                        + e(T.INT, d - 1) + ")",
                () -> "(" + e(T.INT, d - 1) + " " + one(List.of("/", "%")) + " Rt.nz(" + e(T.INT, d - 1) + "))",
                () -> r.nextInt(30) == 0
                        ? "(" + e(T.INT, d - 1) + " / " + e(T.INT, d - 1) + ")" // may divide by zero
                        : "(" + e(T.INT, d - 1) + " << (" + e(T.INT, d - 1) + " & 7))",
                () -> "(" + one(List.of("-", "~")) + e(T.INT, d - 1) + ")",
                () -> "((int) " + e(one(List.of(T.LONG, T.DOUBLE, T.FLOAT)), d - 1) + ")",
                () -> "(" + e(one(List.of(T.CHAR, T.BYTE, T.SHORT)), d - 1) + " + 0)",
                () -> "Rt.fi(" + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.LONG, d - 1) + ")",
                () -> "Rt.fm(" + e(T.INT, d - 1) + ", " + e(T.LONG, d - 1) + ", " + e(T.DOUBLE, d - 1) + ", "
                        + e(T.FLOAT, d - 1) + ", " + e(T.BOOL, d - 1) + ", " + e(T.CHAR, d - 1) + ", "
                        + e(T.STRING, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                () -> e(T.STRING, d - 1) + ".length()",
                () -> "(" + e(T.CHARS, d - 1) + ").length()",
                () -> e(T.LIST, d - 1) + ".size()",
                () -> "Rt.apply(" + fresh("x") + " -> x" + uid + " * 3 + " + uid + ", " + e(T.INT, d - 1) + ")",
                () -> "Rt.apply(Rt::nz, " + e(T.INT, d - 1) + ")",
                () -> instance ? "super.bump(" + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ")" : leaf(T.INT),
                () -> e(T.BOX, d - 1) + ".get()",
                () -> "Rt.mix(" + e(T.INT, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                () -> {
                    if (arrays.isEmpty()) {
                        return "(" + e(T.INTS, d - 1) + ").length";
                    }
                    String a = one(arrays).name;
                    if (r.nextInt(30) == 0) {
                        return a + "[" + e(T.INT, d - 1) + "]"; // may be out of bounds
                    }
                    return a + "[Rt.idx(" + e(T.INT, d - 1) + ", " + a + ".length)]";
                },
                () -> incDec(T.INT, d),
                () -> "Rt.max(" + e(T.INT, d - 1) + ", " + e(T.INT, d - 1) + ")");
    }

    /** {@code v++}, {@code --v} or {@code (v = e)} of a mutable variable, as an expression. */
    private String incDec(T t, int d) {
        List<Var> vs = vars(t, true);
        if (vs.isEmpty()) {
            return leaf(t);
        }
        String v = one(vs).name;
        return oneOf(() -> "(" + v + "++)", () -> "(--" + v + ")", () -> "(" + v + " = " + e(t, d - 1) + ")",
                () -> "(" + v + " += " + e(t, d - 1) + ")");
    }

    private String boolExpr(int d) {
        return oneOf(
                () -> {
                    T n = one(List.of(T.INT, T.LONG, T.DOUBLE, T.CHAR, T.FLOAT));
                    return "(" + e(n, d - 1) + " " + one(List.of("<", "<=", ">", ">=", "==", "!=")) + " "
                            + e(n, d - 1) + ")";
                },
                () -> "(!" + e(T.BOOL, d - 1) + ")",
                () -> "(" + e(T.BOOL, d - 1) + " " + one(List.of("&&", "||", "^", "&", "|")) + " "
                        + e(T.BOOL, d - 1) + ")",
                () -> "Rt.fz(" + e(T.BOOL, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.INT, d - 1) + ")",
                () -> "Rt.eq(" + e(T.OBJ, d - 1) + ", " + e(T.OBJ, d - 1) + ")",
                () -> e(T.STRING, d - 1) + ".isEmpty()",
                () -> e(T.STRING, d - 1) + ".equals(" + e(T.STRING, d - 1) + ")",
                () -> "(" + e(T.OBJ, d - 1) + " == null)",
                () -> "(" + e(T.OBJ, d - 1) + " instanceof String)");
    }

    private String stringExpr(int d) {
        return oneOf(
                () -> {
                    int n = 2 + r.nextInt(4);
                    StringBuilder sb = new StringBuilder("(\"" + (r.nextBoolean() ? "" : "c" + r.nextInt(9)) + "\"");
                    for (int i = 0; i < n; i++) {
                        T t = anyType();
                        String x = e(t, d - 1);
                        if (t == T.OBJ || t == T.INTS || t == T.STRS || t == T.LIST || t == T.CHARS) {
                            x = "Rt.s(" + x + ")"; // no identity hash codes in strings
                        }
                        sb.append(" + ").append(x);
                    }
                    return "Rt.cut" + sb + ")";
                },
                () -> "Rt.fs(" + e(T.STRING, d - 1) + ", " + e(T.OBJ, d - 1) + ", " + e(T.INT, d - 1) + ", "
                        + e(T.CHAR, d - 1) + ")",
                () -> "Rt.s(" + e(anyType(), d - 1) + ")",
                () -> {
                    T t = one(List.of(T.INT, T.LONG, T.DOUBLE, T.BOOL, T.CHAR));
                    String box = t == T.INT ? "Integer" : t == T.LONG ? "Long" : t == T.DOUBLE ? "Double"
                            : t == T.BOOL ? "Boolean" : "Character";
                    return box + ".toString(" + e(t, d - 1) + ")";
                },
                () -> "Rt.sub(" + e(T.STRING, d - 1) + ", " + e(T.INT, d - 1) + ")",
                () -> "Rt.key(" + e(T.INT, d - 1) + ")",
                () -> e(T.STRING, d - 1) + ".toUpperCase()",
                () -> "tr.toString()",
                () -> "(" + e(T.CHARS, d - 1) + ").toString()",
                () -> callable.isEmpty() ? leaf(T.STRING) : "Rt.drain(" + subCall(d) + ")");
    }

    private String switchExpression(T t, int d) {
        StringBuilder sb = new StringBuilder();
        boolean strings = r.nextBoolean();
        if (strings) {
            sb.append("(switch (Rt.key(").append(e(T.INT, d - 1)).append(")) {\n");
            sb.append("case \"alpha\" -> ").append(e(t, d - 1)).append(";\n");
            sb.append("case \"Aa\", \"BB\" -> ").append(switchArm(t, d)).append('\n');
        } else {
            sb.append("(switch (Rt.mod(").append(e(T.INT, d - 1)).append(", 4)) {\n");
            sb.append("case 0 -> ").append(e(t, d - 1)).append(";\n");
            sb.append("case 1, 2 -> ").append(switchArm(t, d)).append('\n');
        }
        sb.append("default -> ").append(switchArm(t, d)).append('\n');
        return sb.append("})").toString();
    }

    private String switchArm(T t, int d) {
        if (r.nextBoolean() || stmtBudget <= 0) {
            return e(t, d - 1) + ";";
        }
        scopes.push(new ArrayList<>());
        StringBuilder sb = new StringBuilder("{\n");
        // no jump may leave the arm; simple statements only (depth 4), and no try: javac (17 to 25 at
        // least) crashes compiling some switch expressions that hold a try, spilling a long or a null
        // off the operand stack
        Ctx c = new Ctx(4, 0, 1, List.of(), false, false);
        int n = 1 + r.nextInt(2);
        noTry++;
        for (int i = 0; i < n; i++) {
            sb.append(stmt(c));
        }
        noTry--;
        // "yield (" would read as a call of a method named yield
        sb.append(t == T.STRING ? "yield \"\" + " : "yield +").append(e(t, d - 1)).append(";\n}");
        scopes.pop();
        return sb.toString();
    }

    private String leaf(T t) {
        List<Var> vs = vars(t, false);
        if (!vs.isEmpty() && r.nextInt(3) != 0) {
            return one(vs).name;
        }
        int n = r.nextInt(20) - 5;
        String num = n < 0 ? "(" + n + ")" : Integer.toString(n);
        switch (t) {
            case INT: return r.nextInt(10) == 0 ? "123456789" : num;
            case LONG: return r.nextInt(10) == 0 ? "9000000000L" : n < 0 ? "(" + n + "L)" : n + "L";
            case DOUBLE: return n < 0 ? "(" + n + ".25)" : n + ".5";
            case FLOAT: return n < 0 ? "(" + n + ".75f)" : n + ".25f";
            case BOOL: return r.nextBoolean() ? "true" : "false";
            case CHAR: return "'" + (char) ('a' + r.nextInt(26)) + "'";
            case BYTE: return "((byte) " + num + ")";
            case SHORT: return "((short) " + (n * 100) + ")";
            case STRING: return "\"" + one(List.of("alpha", "beta", "Aa", "BB", "", "w" + n)) + "\"";
            case INTS: return "new int[] {" + num + ", " + (n + 7) + "}";
            case STRS: return "new String[] {\"x" + n + "\"}";
            case LIST: return "Rt.list(" + leaf(T.STRING) + ")";
            case CHARS: return leaf(T.STRING);
            case OBJ:
                if (r.nextInt(4) == 0) {
                    // typed: javac 17 crashes spilling an untyped null around a switch expression with a try
                    return "((Object) null)";
                }
                List<Var> any = vars(null, false);
                if (!any.isEmpty() && r.nextBoolean()) {
                    Var v = one(any);
                    return v.type == T.OBJ ? v.name : "((Object) " + v.name + ")";
                }
                return "((Object) " + leaf(one(List.of(T.INT, T.STRING, T.LONG, T.CHAR))) + ")";
            default: return "new Rt.Box(" + num + ")";
        }
    }

    // ---------------------------------------------------------------- statements

    private String stmt(Ctx c) {
        stmtBudget--;
        // compound statements get rarer with depth, so the top level keeps several statements
        boolean compound = stmtBudget > 0 && c.depth < 4 && r.nextInt(10) < 10 - 3 * c.depth;
        int k = r.nextInt(100);
        if (k < 14) {
            return declaration();
        }
        if (k < 28) {
            return assignment();
        }
        if (k < 40) {
            return yieldStatement();
        }
        if (k < 43) {
            return "tr.add(" + e(anyType(), 3) + ");\n";
        }
        if (k < 46) {
            return jump(c);
        }
        if (!compound) {
            return r.nextBoolean() ? assignment() : yieldStatement();
        }
        if (k < 56) {
            return ifStatement(c);
        }
        if (k < 68) {
            return c.loopNest >= 2 ? ifStatement(c) : loop(c);
        }
        if (k < 76) {
            return switchStatement(c);
        }
        if (k < 90) {
            return tryStatement(c);
        }
        if (k < 92) {
            return "{\n" + block(c.deeper(), 1 + r.nextInt(3)) + "}\n";
        }
        switch (k) {
            case 92:
            case 93:
                return definiteAssignment(c);
            case 94:
                return synchronizedBlock(c);
            case 95:
                return instanceofPattern(c);
            case 96:
                return enumSwitch(c);
            case 97:
                return capturingLambda();
            case 98:
                // assertions are off: this only gives the class an $assertionsDisabled field and initializer
                return "assert " + e(T.BOOL, 2) + " : \"never checked\";\n";
            default:
                return assignment();
        }
    }

    /** A local declared without a value and assigned on both branches: unassigned at the suspensions before. */
    private String definiteAssignment(Ctx c) {
        T t = anyType();
        String v = fresh("u");
        String sb = t.java + " " + v + ";\nif (" + condition(2) + ") {\n" + block(c.deeper(), r.nextInt(2))
                + v + " = " + e(t, 3) + ";\n} else {\n" + block(c.deeper(), r.nextInt(2)) + v + " = " + e(t, 3)
                + ";\n}\n";
        declare(v, t, true);
        return sb;
    }

    /**
     * A synchronized block: allowed in an @Async method as long as no suspension is inside. On an object
     * of its own: the reference runs sub-generators on other threads, which must not find it locked.
     */
    private String synchronizedBlock(Ctx c) {
        return noSuspend(() -> "synchronized (new Object()) {\n" + block(c.deeper(), blockSize()) + "}\n");
    }

    private String instanceofPattern(Ctx c) {
        String v = fresh("s");
        // through a call: javac 17 crashes on a pattern match of a constant like ((Object) !false)
        String head = "if (Rt.pick(" + e(T.INT, 2) + ", " + e(T.OBJ, 2) + ", " + e(T.OBJ, 2) + ") instanceof String " + v
                + ") {\n";
        scopes.push(new ArrayList<>());
        declare(v, T.STRING, false);
        String body = block(c.deeper(), blockSize());
        scopes.pop();
        return head + body + "}\n";
    }

    private String enumSwitch(Ctx c) {
        Ctx inner = c.switchStatement();
        StringBuilder sb = new StringBuilder("switch (Rt.color(" + e(T.INT, 3) + ")) {\n");
        for (String color : List.of("RED", "GREEN")) {
            sb.append("case ").append(color).append(": {\n").append(block(inner, blockSize())).append("}\n");
            if (r.nextBoolean()) {
                sb.append("break;\n");
            }
        }
        sb.append("default: {\n").append(block(inner, blockSize())).append("}\n");
        return sb.append("}\n").toString();
    }

    /** A lambda capturing a local (the lambda object may sit on the stack across a suspension). */
    private String capturingLambda() {
        String v = fresh("k");
        String x = fresh("x");
        return "{\nint " + v + " = " + e(T.INT, 2) + ";\ntr.add(Rt.apply(" + x + " -> " + x + " * 7 + " + v + ", "
                + e(T.INT, 3) + "));\n}\n";
    }

    private String block(Ctx c, int n) {
        scopes.push(new ArrayList<>());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(stmt(c));
        }
        scopes.pop();
        return sb.toString();
    }

    private int blockSize() {
        return 1 + r.nextInt(Math.max(1, Math.min(4, stmtBudget)));
    }

    private String declaration() {
        T t = anyType();
        String v = fresh("v");
        String init = e(t, 3);
        declare(v, t, true);
        return t.java + " " + v + " = " + init + ";\n";
    }

    private String assignment() {
        List<Var> vs = vars(null, true);
        if (vs.isEmpty()) {
            return declaration();
        }
        Var v = one(vs);
        String n = v.name;
        switch (v.type) {
            case INT:
            case LONG:
                return oneOf(() -> n + " = " + e(v.type, 3) + ";\n",
                        () -> n + " " + one(List.of("+=", "-=", "*=", "^=", "|=")) + " " + e(v.type, 3) + ";\n",
                        () -> n + " /= " + (v.type == T.INT ? "Rt.nz(" : "Rt.nzl(") + e(v.type, 3) + ");\n",
                        () -> n + "++;\n");
            case DOUBLE:
            case FLOAT:
                return oneOf(() -> n + " = " + e(v.type, 3) + ";\n",
                        () -> n + " " + one(List.of("+=", "-=", "*=")) + " " + e(v.type, 3) + ";\n",
                        () -> n + "--;\n");
            case CHAR:
            case BYTE:
            case SHORT:
                return oneOf(() -> n + " = " + e(v.type, 3) + ";\n",
                        () -> n + " += " + e(T.INT, 3) + ";\n",
                        () -> n + "++;\n");
            case BOOL:
                return oneOf(() -> n + " = " + e(T.BOOL, 3) + ";\n",
                        () -> n + " " + one(List.of("&=", "|=", "^=")) + " " + e(T.BOOL, 3) + ";\n");
            case STRING:
                return oneOf(() -> n + " = " + e(T.STRING, 3) + ";\n",
                        () -> n + " = Rt.cut(" + n + " + " + e(T.STRING, 3) + ");\n",
                        () -> n + " += " + e(T.CHAR, 2) + ";\n");
            case INTS:
                return oneOf(() -> n + " = " + e(T.INTS, 3) + ";\n",
                        () -> n + "[Rt.idx(" + e(T.INT, 2) + ", " + n + ".length)] = " + e(T.INT, 3) + ";\n",
                        () -> n + "[Rt.idx(" + e(T.INT, 2) + ", " + n + ".length)] += " + e(T.INT, 3) + ";\n",
                        () -> n + "[Rt.idx(" + e(T.INT, 2) + ", " + n + ".length)]++;\n");
            case STRS:
                return oneOf(() -> n + " = " + e(T.STRS, 3) + ";\n",
                        () -> n + "[Rt.idx(" + e(T.INT, 2) + ", " + n + ".length)] = " + e(T.STRING, 3) + ";\n");
            case OBJ:
                return n + " = " + e(T.OBJ, 3) + ";\n";
            case LIST:
                return oneOf(() -> n + " = " + e(T.LIST, 3) + ";\n",
                        () -> n + ".add(" + e(T.OBJ, 3) + ");\n",
                        () -> n + ".set(Rt.idx(" + e(T.INT, 2) + ", " + n + ".size()), " + e(T.OBJ, 3) + ");\n");
            case CHARS:
                return n + " = " + e(T.CHARS, 3) + ";\n";
            default:
                return oneOf(() -> n + " = " + e(T.BOX, 3) + ";\n",
                        () -> n + ".n += " + e(T.INT, 3) + ";\n",
                        () -> n + ".v = " + e(T.OBJ, 3) + ";\n");
        }
    }

    private String yieldStatement() {
        if (budget <= 0) {
            return "tr.add(" + e(anyType(), 2) + ");\n";
        }
        int k = r.nextInt(10);
        if (k == 0) {
            budget--;
            sites++;
            String stmt = "$C.yieldFrom(Rt.list(" + e(anyType(), 2) + ", " + e(anyType(), 2) + "));\n";
            if (r.nextInt(4) == 0 || noTry > 0) {
                return stmt; // a non-null send into it fails in this body
            }
            String ex = fresh("e");
            return "try {\n" + stmt + "} catch (IllegalArgumentException " + ex + ") {\ntr.add(Rt.describe(" + ex + "));\n}\n";
        }
        if (k == 1) {
            return "tr.add(" + suspension(3) + ");\n";
        }
        if (k == 2 && !callable.isEmpty()) {
            budget--;
            sites++;
            return "$C.yieldFrom(" + subCall(2) + ");\n";
        }
        if ((k == 4 || k == 5) && noTry == 0) {
            // a suspension that catches what a driver throws in (and sometimes the user exceptions)
            String ex = fresh("e");
            String inner = yieldStatement();
            String types = r.nextInt(3) == 0 ? "Rt.Marker | Rt.ExA" : "Rt.Marker";
            String again = "";
            if (r.nextInt(3) == 0) {
                sites++;
                again = "tr.add($C.yield(Rt.describe(" + ex + ")));\n";
            }
            return "try {\n" + inner + "} catch (" + types + " " + ex + ") {\ntr.add(\"caught \" + Rt.describe(" + ex
                    + "));\n" + again + "}\n";
        }
        if (k == 3) {
            List<Var> vs = vars(null, true);
            if (!vs.isEmpty()) {
                Var v = one(vs);
                return v.name + " = " + suspended(v.type, 3) + ";\n";
            }
        }
        budget--;
        sites++;
        return "$C.yield(" + e(anyType(), 3) + ");\n";
    }

    /** A condition that holds now and then: jumps and throws should not end every program early. */
    private String rarely() {
        String c = "Rt.mod(" + e(T.INT, 2) + ", " + (4 + r.nextInt(9)) + ") == 0";
        return r.nextInt(4) == 0 ? "(" + condition(1) + " && " + c + ")" : c;
    }

    private String jump(Ctx c) {
        String cond = rarely();
        List<String> options = new ArrayList<>();
        options.add("throw");
        if (c.loops > 0) {
            options.add("continue");
            options.add("break");
        }
        if (c.inSwitch) {
            options.add("break");
        }
        if (!c.labels.isEmpty()) {
            options.add("label");
        }
        if (c.canReturn) {
            options.add("return");
        }
        switch (one(options)) {
            case "continue":
                return "if (" + cond + ") {\ncontinue;\n}\n";
            case "break":
                return "if (" + cond + ") {\nbreak;\n}\n";
            case "label":
                return "if (" + cond + ") {\n" + (r.nextBoolean() ? "break " : "continue ") + one(c.labels) + ";\n}\n";
            case "return":
                if (r.nextInt(4) == 0 && !callable.isEmpty()) {
                    sites++;
                    return "if (" + cond + ") {\nreturn $TAIL(" + subCall(2) + ");\n}\n";
                }
                return "if (" + cond + ") {\nreturn $C.done(" + summary() + ");\n}\n";
            default:
                return throwStatement(cond);
        }
    }

    private String throwStatement(String cond) {
        String msg = "\"t" + (++uid) + ":\" + " + e(T.INT, 1);
        switch (r.nextInt(4)) {
            case 0:
                return "if (" + cond + ") {\nthrow new Rt.ExB(" + msg + ");\n}\n";
            case 1:
                return "Rt.throwC(" + cond + ", " + msg + ");\n";
            default:
                return "if (" + cond + ") {\nthrow new Rt.ExA(" + msg + ");\n}\n";
        }
    }

    /** A condition javac cannot fold to a constant (which would drop a branch from the bytecode). */
    private String condition(int d) {
        String c = e(T.BOOL, d);
        String rest = c.replaceAll("true|false|byte|short|char|int|long|double|float|\\d+[Lf]?", "");
        return rest.matches(".*[A-Za-z_].*") ? c : "Rt.z(" + c + ")";
    }

    private String ifStatement(Ctx c) {
        StringBuilder sb = new StringBuilder("if (" + condition(3) + ") {\n" + block(c.deeper(), blockSize()) + "}");
        if (r.nextBoolean()) {
            if (r.nextInt(3) == 0) {
                sb.append(" else if (").append(condition(2)).append(") {\n").append(block(c.deeper(), blockSize()))
                        .append('}');
            }
            sb.append(" else {\n").append(block(c.deeper(), blockSize())).append('}');
        }
        return sb.append('\n').toString();
    }

    private String loop(Ctx c) {
        String label = r.nextInt(4) == 0 ? fresh("L") : null;
        String prefix = label == null ? "" : label + ":\n";
        Ctx inner = c.loop(label);
        String i = fresh("i");
        int bound = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(3);
        switch (r.nextInt(5)) {
            case 0: {
                // while, counter first
                String head = "int " + i + " = 0;\n" + prefix + "while (" + i + " < " + bound
                        + (r.nextBoolean() ? " && " + e(T.BOOL, 2) : "") + ") {\n" + i + "++;\n";
                declare(i, T.INT, false);
                return head + block(inner, blockSize()) + "}\n";
            }
            case 1: {
                String head = "int " + i + " = 0;\n" + prefix + "do {\n" + i + "++;\n";
                declare(i, T.INT, false);
                String body = block(inner, blockSize());
                return head + body + "} while (" + i + " < " + bound + " && " + e(T.BOOL, 2) + ");\n";
            }
            case 2: {
                // for-each over a short array or list
                String x = fresh("x");
                String source;
                T t;
                switch (r.nextInt(3)) {
                    case 0:
                        t = T.INT;
                        source = e(T.INTS, 2);
                        break;
                    case 1:
                        t = T.STRING;
                        source = e(T.STRS, 2);
                        break;
                    default:
                        t = T.OBJ;
                        source = "Rt.list(" + e(T.OBJ, 1) + ", " + e(T.OBJ, 1) + ")";
                        break;
                }
                scopes.push(new ArrayList<>());
                declare(x, t, false);
                String body = block(inner, blockSize());
                scopes.pop();
                return prefix + "for (" + t.java + " " + x + " : " + source + ") {\n" + body + "}\n";
            }
            default: {
                // for, the bound possibly computed (and suspending) on each test
                String cond = r.nextInt(3) == 0 ? "Rt.mod(" + e(T.INT, 2) + ", 4)" : Integer.toString(bound);
                scopes.push(new ArrayList<>());
                declare(i, T.INT, false);
                String body = block(inner, blockSize());
                scopes.pop();
                return prefix + "for (int " + i + " = 0; " + i + " < " + cond + "; " + i + "++) {\n" + body + "}\n";
            }
        }
    }

    private String switchStatement(Ctx c) {
        Ctx inner = c.switchStatement();
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            int n = 2 + r.nextInt(3);
            sb.append("switch (Rt.mod(").append(e(T.INT, 3)).append(", ").append(n + 1).append(")) {\n");
            for (int i = 0; i < n; i++) {
                sb.append("case ").append(i).append(": {\n").append(block(inner, blockSize())).append("}\n");
                if (r.nextInt(3) != 0) {
                    sb.append("break;\n");
                }
            }
        } else {
            sb.append("switch (Rt.key(").append(e(T.INT, 3)).append(")) {\n");
            for (String key : List.of("alpha", "Aa", "BB")) {
                if (r.nextInt(4) == 0) {
                    continue;
                }
                sb.append("case \"").append(key).append("\": {\n").append(block(inner, blockSize())).append("}\n");
                if (r.nextInt(3) != 0) {
                    sb.append("break;\n");
                }
            }
        }
        if (r.nextBoolean()) {
            sb.append("default: {\n").append(block(inner, blockSize())).append("}\n");
        }
        return sb.append("}\n").toString();
    }

    // catch types, subclasses before their superclasses
    private static final String[] CATCHABLE = {"Rt.ExB", "Rt.ExA", "Rt.Marker", "ArithmeticException",
        "ArrayIndexOutOfBoundsException", "Rt.ExC", "RuntimeException", "Exception"};
    private static final int[][] SUPERS = {{1, 6, 7}, {6, 7}, {6, 7}, {6, 7}, {6, 7}, {7}, {7}, {}};

    private String tryStatement(Ctx c) {
        StringBuilder sb = new StringBuilder("try ");
        boolean resources = r.nextInt(4) == 0;
        String res = null;
        if (resources) {
            res = fresh("res");
            sb.append("(Rt.Res ").append(res).append(" = new Rt.Res(tr, \"").append(res).append("\", ")
                    .append(r.nextInt(4) == 0 ? e(T.BOOL, 2) : "false").append(")) ");
        }
        // which catch clauses
        List<Integer> chosen = new ArrayList<>();
        int nCatch = resources ? r.nextInt(3) : r.nextInt(4);
        for (int i = 0; i < CATCHABLE.length && chosen.size() < nCatch; i++) {
            if (r.nextInt(CATCHABLE.length) < 2) {
                chosen.add(i);
            }
        }
        if (nCatch > 0 && chosen.isEmpty()) {
            chosen.add(r.nextInt(CATCHABLE.length));
        }
        boolean hasFinally = !resources && chosen.isEmpty() || r.nextInt(3) == 0;
        scopes.push(new ArrayList<>());
        if (res != null) {
            declare(res + ".name()", T.STRING, false);
        }
        StringBuilder body = new StringBuilder();
        if (chosen.contains(5)) {
            body.append("Rt.throwC(").append(e(T.BOOL, 2)).append(", \"c").append(++uid).append("\");\n");
        }
        for (int i = blockSize(); i > 0; i--) {
            body.append(stmt(c.deeper()));
        }
        scopes.pop();
        sb.append("{\n").append(body).append("}");
        // catch clauses, two unrelated neighbours sometimes merged into a multi-catch
        for (int i = 0; i < chosen.size(); i++) {
            String types = CATCHABLE[chosen.get(i)];
            if (i + 1 < chosen.size() && r.nextInt(3) == 0 && unrelated(chosen.get(i), chosen.get(i + 1))) {
                types += " | " + CATCHABLE[chosen.get(++i)];
            }
            String ex = fresh("e");
            scopes.push(new ArrayList<>());
            declare("Rt.describe(" + ex + ")", T.STRING, false);
            StringBuilder handler = new StringBuilder("tr.add(\"caught \" + Rt.describe(" + ex + "));\n");
            int n = r.nextInt(3);
            for (int k = 0; k < n; k++) {
                handler.append(stmt(c.deeper()));
            }
            if (r.nextInt(6) == 0) {
                handler.append("if (").append(e(T.BOOL, 2)).append(") {\nthrow ").append(ex).append(";\n}\n");
            }
            scopes.pop();
            sb.append(" catch (").append(types).append(' ').append(ex).append(") {\n").append(handler).append('}');
        }
        if (hasFinally) {
            sb.append(" finally {\n").append("tr.add(\"finally\");\n").append(block(c.deeper(), r.nextInt(3)))
                    .append('}');
        }
        return sb.append('\n').toString();
    }

    private static boolean unrelated(int a, int b) {
        for (int s : SUPERS[a]) {
            if (s == b) {
                return false;
            }
        }
        for (int s : SUPERS[b]) {
            if (s == a) {
                return false;
            }
        }
        return true;
    }
}
