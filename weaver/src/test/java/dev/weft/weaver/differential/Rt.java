package dev.weft.weaver.differential;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The helpers the generated programs call, shared by both variants (woven and threaded): total,
 * deterministic conversions of whatever a driver sends in, functions of mixed argument types to put
 * values of every type on the operand stack around a suspension, a few user types, and the canonical
 * descriptions the drivers compare.
 */
public final class Rt {
    private Rt() {}

    // ---------------------------------------------------------------- conversions of sent values

    /** Any value as an int (null is 0). */
    public static int i(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof Number) {
            return ((Number) o).intValue();
        }
        if (o instanceof Boolean) {
            return (Boolean) o ? 1 : 0;
        }
        if (o instanceof Character) {
            return (Character) o;
        }
        return s(o).hashCode() % 1000;
    }

    public static long l(Object o) {
        if (o instanceof Number) {
            return ((Number) o).longValue();
        }
        return i(o) * 1000003L;
    }

    public static double d(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        return i(o) / 8.0;
    }

    public static float f(Object o) {
        if (o instanceof Number) {
            return ((Number) o).floatValue();
        }
        return i(o) / 4.0f;
    }

    public static boolean z(Object o) {
        if (o instanceof Boolean) {
            return (Boolean) o;
        }
        return (i(o) & 1) != 0;
    }

    public static char c(Object o) {
        if (o instanceof Character) {
            return (Character) o;
        }
        return (char) ('a' + Math.floorMod(i(o), 26));
    }

    public static byte b(Object o) {
        return (byte) i(o);
    }

    public static short sh(Object o) {
        return (short) (i(o) * 7);
    }

    /** How deep {@link #s} is in nested values (a list may hold itself); the programs run one at a time. */
    private static int depth;

    /** Any value as a program string: deterministic for every value the programs make; never null. */
    public static String s(Object o) {
        if (o == null) {
            return "null";
        }
        if (depth > 3) {
            return "...";
        }
        depth++;
        try {
            return string(o);
        } finally {
            depth--;
        }
    }

    private static String string(Object o) {
        if (o instanceof List) {
            StringBuilder out = new StringBuilder("[");
            for (Object e : (List<?>) o) {
                out.append(s(e)).append(',');
            }
            return cut(out.append(']').toString());
        }
        if (o instanceof CharSequence) {
            return cut(o.toString());
        }
        if (o instanceof int[]) {
            return Arrays.toString((int[]) o);
        }
        if (o instanceof long[]) {
            return Arrays.toString((long[]) o);
        }
        if (o instanceof Object[]) {
            return Arrays.deepToString((Object[]) o);
        }
        if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Box || o instanceof Trace) {
            return cut(String.valueOf(o));
        }
        return o.getClass().getSimpleName();
    }

    /** An int array made from any value: never empty. */
    public static int[] ia(Object o) {
        int n = i(o);
        int[] a = new int[1 + Math.floorMod(n, 3)];
        for (int k = 0; k < a.length; k++) {
            a[k] = n + k * 3;
        }
        return a;
    }

    /** A String array made from any value: never empty. */
    public static String[] sa(Object o) {
        return new String[] {s(o), "x" + i(o)};
    }

    /** Keeps strings short, so loops of concatenations stay cheap (deterministically). */
    public static String cut(String s) {
        if (s.length() <= 48) {
            return s;
        }
        return s.substring(0, 24) + "~" + Integer.toHexString(s.hashCode());
    }

    // ---------------------------------------------------------------- total arithmetic

    public static int idx(int i, int length) {
        return length == 0 ? 0 : Math.floorMod(i, length);
    }

    public static int mod(int i, int m) {
        return Math.floorMod(i, m);
    }

    public static int nz(int x) {
        return x == 0 ? 1 : x;
    }

    public static long nzl(long x) {
        return x == 0 ? 1 : x;
    }

    public static char charAt(String s, int i) {
        return s.isEmpty() ? '_' : s.charAt(Math.floorMod(i, s.length()));
    }

    public static String sub(String s, int i) {
        return s.substring(Math.floorMod(i, s.length() + 1));
    }

    public static boolean eq(Object a, Object b) {
        return s(a).equals(s(b));
    }

    /** A few string constants, so string switches hit their cases. */
    public static String key(int i) {
        switch (Math.floorMod(i, 5)) {
            case 0: return "alpha";
            case 1: return "beta";
            case 2: return "Aa"; // same hashCode as "BB": exercises the collision path of string switches
            case 3: return "BB";
            default: return "zeta" + i;
        }
    }

    // ---------------------------------------------------------------- mixed-type functions

    public static int fi(int a, Object b, long c) {
        return (int) (a * 31L + i(b) * 17L + c);
    }

    public static long fl(long a, double b, Object c) {
        return a * 7 + (long) b + l(c);
    }

    public static double fd(double a, int b, Object c) {
        return a * 0.5 + b + d(c);
    }

    public static float ff(float a, Object b, char c) {
        return a + f(b) + c;
    }

    public static boolean fz(boolean a, Object b, int c) {
        return a ^ z(b) ^ (c & 1) == 1;
    }

    public static String fs(String a, Object b, int c, char d) {
        return cut(a + "|" + s(b) + "|" + c + d);
    }

    public static Object fo(Object a, Object b, Object c) {
        return cut(s(a) + "/" + s(b) + "/" + s(c));
    }

    public static int fm(int a, long b, double c, float d, boolean e, char f, String g, Object h) {
        return (int) (a + b * 3 + (long) c * 5 + (long) d * 7 + (e ? 11 : 13) + f + g.length() + i(h));
    }

    public static int apply(java.util.function.IntUnaryOperator f, int x) {
        return f.applyAsInt(x);
    }

    public static CharSequence chars(Object o) {
        return new StringBuilder(s(o)).reverse();
    }

    public static Color color(int i) {
        return Color.values()[Math.floorMod(i, 3)];
    }

    /** An enum to switch on (javac makes a switch-map class for it beside the program). */
    public enum Color { RED, GREEN, BLUE }

    public static int max(int a, int b) {
        return Math.max(a, b);
    }

    public static Object pick(int i, Object a, Object b) {
        return (i & 1) == 0 ? a : b;
    }

    public static int mix(int acc, Object v) {
        return acc * 31 + s(v).hashCode();
    }

    public static long mixl(long acc, Object v) {
        return acc * 1000003L ^ s(v).hashCode();
    }

    public static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    /** Throws the checked exception when told to. */
    public static void throwC(boolean when, String message) throws ExC {
        if (when) {
            throw new ExC(message);
        }
    }

    /** Runs {@code g} to its end by hand (no delegation), describing what it yielded and returned. */
    public static String drain(Generator<?, ?, ?> g) {
        StringBuilder out = new StringBuilder("[");
        for (int n = 0; n < 200; n++) {
            Object v;
            try {
                v = g.next();
            } catch (StopIteration end) {
                return cut(out.append("]=").append(s(end.value())).toString());
            }
            out.append(s(v)).append(',');
        }
        g.close();
        return cut(out.append("...]").toString());
    }

    /** The summary a body returns: every value it names, described. */
    public static String sum(Object... values) {
        StringBuilder out = new StringBuilder();
        for (Object v : values) {
            out.append(describe(v)).append(';');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- what the drivers compare

    /** A canonical, type-tagged description of a value. */
    public static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String) {
            return "S\"" + o + "\"";
        }
        if (o instanceof Integer) {
            return "I" + o;
        }
        if (o instanceof Long) {
            return "J" + o;
        }
        if (o instanceof Double) {
            return "D" + o;
        }
        if (o instanceof Float) {
            return "F" + o;
        }
        if (o instanceof Boolean) {
            return "Z" + o;
        }
        if (o instanceof Character) {
            return "C" + o;
        }
        if (o instanceof Byte) {
            return "B" + o;
        }
        if (o instanceof Short) {
            return "H" + o;
        }
        if (o instanceof int[]) {
            return "[I" + Arrays.toString((int[]) o);
        }
        if (o instanceof Object[]) {
            return "[" + o.getClass().getComponentType().getSimpleName() + Arrays.deepToString((Object[]) o);
        }
        if (o instanceof Box || o instanceof Trace) {
            return o.toString();
        }
        if (o instanceof List) {
            return "L" + s(o);
        }
        if (o instanceof StringBuilder) {
            return "SB\"" + s(o) + "\"";
        }
        if (o instanceof Color) {
            return "E" + o;
        }
        return "?" + o.getClass().getName();
    }

    /** Messages of these are made by the machinery (weft or the reference): only their first clause is compared. */
    private static final List<Class<?>> PROTOCOL = List.of(RuntimeException.class, IllegalStateException.class,
            IllegalArgumentException.class);

    /** A canonical description of an exception: class, message, cause and suppressed ones. */
    public static String describe(Throwable t) {
        StringBuilder out = new StringBuilder(t.getClass().getName());
        String message = t.getMessage();
        if (t instanceof NullPointerException) {
            message = null; // helpful NPE messages name locals and methods, which weaving renumbers
        } else if (message != null && PROTOCOL.contains(t.getClass())) {
            int colon = message.indexOf(": ");
            message = colon < 0 ? message : message.substring(0, colon);
        }
        if (message != null) {
            out.append(": ").append(message);
        }
        if (t.getCause() != null && t.getCause() != t) {
            out.append(" caused by ").append(describe(t.getCause()));
        }
        for (Throwable s : t.getSuppressed()) {
            out.append(" suppressing ").append(describe(s));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- user types

    /**
     * A user object. Its subclasses' constructors take other shapes of arguments, so that
     * {@code new X(..., yield(x), ...)} has many forms; they are classes rather than overloads because
     * javac's overload resolution is slow on deeply nested generic arguments.
     */
    public static class Box {
        public Object v;
        public int n;

        public Box(Object v) {
            this.v = v;
        }

        public int get() {
            return n + i(v);
        }

        @Override
        public String toString() {
            return "Box(" + n + "," + s(v) + ")";
        }
    }

    /** The superclass of the generated programs: an inherited field, and a method to call with super. */
    public static class Base {
        protected long bf = 5;

        public int bump(int a, Object b) {
            bf += a;
            return (int) bf + i(b);
        }
    }

    /** A box from an int and a value. */
    public static final class Pair extends Box {
        public Pair(int n, Object v) {
            super(v);
            this.n = n;
        }
    }

    /** A box from a long, a double and a value. */
    public static final class Triple extends Box {
        public Triple(long a, double b, Object v) {
            super(v);
            this.n = (int) (a + (long) b);
        }
    }

    /** A box around another box. */
    public static final class Nest extends Box {
        public Nest(Box inner, Object v) {
            super(inner == null ? v : cut(inner + "+" + s(v)));
            this.n = inner == null ? -1 : inner.n + 1;
        }
    }

    /** A running record of what a body did: a count, a hash, and the last few entries. */
    public static final class Trace {
        private int count;
        private int hash;
        private final ArrayList<String> last = new ArrayList<>();

        public Trace add(Object v) {
            String text = s(v);
            count++;
            hash = hash * 31 + text.hashCode();
            last.add(text);
            if (last.size() > 4) {
                last.remove(0);
            }
            return this;
        }

        @Override
        public String toString() {
            return "T" + count + "#" + Integer.toHexString(hash) + last;
        }
    }

    /** A resource for try-with-resources: records its closing, and may fail to close. */
    public static final class Res implements AutoCloseable {
        private final Trace trace;
        private final String name;
        private final boolean failOnClose;

        public Res(Trace trace, String name, boolean failOnClose) {
            this.trace = trace;
            this.name = name;
            this.failOnClose = failOnClose;
            trace.add("open " + name);
        }

        public String name() {
            return name;
        }

        @Override
        public void close() {
            trace.add("close " + name);
            if (failOnClose) {
                throw new ExA("close " + name);
            }
        }
    }

    /** A user exception. */
    public static class ExA extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ExA(String message) {
            super(message);
        }
    }

    /** A subclass of a user exception. */
    public static class ExB extends ExA {
        private static final long serialVersionUID = 1L;

        public ExB(String message) {
            super(message);
        }
    }

    /** A checked user exception. */
    public static class ExC extends Exception {
        private static final long serialVersionUID = 1L;

        public ExC(String message) {
            super(message);
        }
    }

    /** What the drivers throw in with {@code throwIn}. */
    public static class Marker extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Marker(String message) {
            super(message);
        }
    }
}
