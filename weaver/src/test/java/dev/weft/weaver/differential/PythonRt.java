package dev.weft.weaver.differential;

import dev.weft.Generator;

/**
 * The helpers the Java side of a {@link PythonDifferentialTest} program calls, each the twin of a Python
 * function of the same name in {@link #PRELUDE}: the generated bodies use the same expression text in
 * both languages, so every helper here must compute exactly what its Python twin computes.
 *
 * <p>Values in these programs are small ints, strings of letters and digits, and None/null; every int
 * a body stores goes through {@link #md} so that Java's {@code int} never overflows where Python's int
 * would not, and Java's truncating {@code %} never meets a negative operand.
 */
public final class PythonRt {
    private PythonRt() {}

    /** The exception the programs and the driver raise: Python's {@code class TestError(Exception)}. */
    public static final class TestError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A test error with {@code message}, Python's {@code TestError(message)}. */
        public TestError(String message) {
            super(message);
        }
    }

    /** A type-tagged text of a value: {@code N} for None, {@code i5} for 5, {@code sab} for "ab". */
    public static String fmt(Object v) {
        if (v == null) {
            return "N";
        }
        if (v instanceof Integer) {
            return "i" + v;
        }
        if (v instanceof String) {
            return "s" + v;
        }
        return "?" + v.getClass().getSimpleName();
    }

    /** A sent or returned value as a small int: None 0, an int modulo 1000, a string its length. */
    public static int num(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Integer) {
            return Math.floorMod((Integer) v, 1000);
        }
        if (v instanceof String) {
            return ((String) v).length();
        }
        return -1;
    }

    /** Python's {@code x % m} for a positive {@code m} (floored, unlike Java's {@code %}). */
    public static int md(int x, int m) {
        return Math.floorMod(x, m);
    }

    /** The last 8 characters of {@code s}: Python's {@code s[-8:]}, so that strings built in loops stay short. */
    public static String cut(String s) {
        return s.length() > 8 ? s.substring(s.length() - 8) : s;
    }

    /** Python's {@code str(i)} of an int. */
    public static String str(int i) {
        return Integer.toString(i);
    }

    /** Python's {@code v is None}. */
    public static boolean none(Object v) {
        return v == null;
    }

    /** Python's {@code isinstance(v, str)}. */
    public static boolean isstr(Object v) {
        return v instanceof String;
    }

    /** The state's name as Python's {@code inspect.getgeneratorstate} spells it without its {@code GEN_}. */
    public static String state(Generator<?, ?, ?> g) {
        return g.state().name();
    }

    /** The canonical text of an exception, for comparison with Python's (see {@link PythonExceptionMap}). */
    public static String exc(Throwable e) {
        return PythonExceptionMap.canonical(e);
    }

    /**
     * The Python twins of the helpers above, the test exception, and the generator state names; the
     * exception mapping's Python half is {@link PythonExceptionMap#PYTHON}.
     */
    static final String PRELUDE = """
            import inspect

            class TestError(Exception):
                pass

            def fmt(v):
                if v is None:
                    return "N"
                if type(v) is int:
                    return "i" + str(v)
                if type(v) is str:
                    return "s" + v
                return "?" + type(v).__name__

            def num(v):
                if v is None:
                    return 0
                if type(v) is int:
                    return v % 1000
                if type(v) is str:
                    return len(v)
                return -1

            def md(x, m):
                return x % m

            def cut(s):
                return s[-8:]

            def none(v):
                return v is None

            def isstr(v):
                return isinstance(v, str)

            def state(g):
                return inspect.getgeneratorstate(g)[len("GEN_"):]
            """;
}
