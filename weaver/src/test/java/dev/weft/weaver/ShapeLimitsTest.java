package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.StopIteration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated sources at the weaver's limits: methods that grow past 64 KiB, many overloads of one name. */
class ShapeLimitsTest {
    @TempDir
    Path temp;

    private Path compile(String className, String source) throws IOException {
        return ShapeSupport.compile(temp, "limits", className, source);
    }

    /**
     * A generator of 200 suspension points with 21 live values at each: small as written (about 12 KiB of
     * code) but past the JVM's 64 KiB method limit once every point saves and restores them. The weaver
     * must report it (an ERROR for the method), not throw out of {@code weave}.
     */
    @Test
    void methodThatOutgrowsTheCodeLimitIsReportedNotThrown() throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("package limits;\nimport dev.weft.*;\npublic class Big {\n")
                .append("  @Async public static Generator<Object, Object, Long> big(String s0, String s1) {\n")
                .append("    long v = 0;\n");
        StringBuilder sum = new StringBuilder("s0.length() + s1.length()");
        for (int i = 0; i < 18; i++) {
            s.append("    int i").append(i).append(" = ").append(i).append(";\n");
            sum.append(" + i").append(i);
        }
        for (int p = 0; p < 200; p++) {
            s.append("    v += Coroutines.<Integer>yield(").append(sum).append(");\n");
        }
        s.append("    return Coroutines.done(v + ").append(sum).append(");\n  }\n");
        s.append("  @Async public static Generator<Object, Object, String> small() {\n")
                .append("    return Coroutines.done(\"small \" + Coroutines.yield(1));\n  }\n}\n");
        Path dir = compile("Big", s.toString());
        byte[] original = Files.readAllBytes(dir.resolve("limits/Big.class"));

        WeaveResult r;
        try {
            r = new Weaver(TypeHierarchy.of(getClass().getClassLoader())).weave(original);
        } catch (RuntimeException e) {
            throw new AssertionError("weave threw instead of reporting: " + e, e);
        }
        assertTrue(r.hasErrors(), "the oversized method is reported");
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("big", d.methodName(), d::toString);
        assertTrue(r.wovenMethods().contains("limits/Big.small()Ldev/weft/Generator;"), r.wovenMethods()::toString);
        WovenLoader.verify(r.bytes());
    }

    /**
     * A coroutine with 100 long locals and 300 awaits after them: about 8 KiB of code, woven well under
     * 64 KiB, but computing its frames needs more than ASM's default bounds (10 MiB, 10^8 steps), which made
     * the whole class fail to weave.
     */
    private Path manyLocalsManyPoints() throws IOException {
        StringBuilder s = new StringBuilder("package limits;\nimport dev.weft.*;\npublic class Wide {\n")
                .append("  public static Awaitable<Long> ask;\n")
                .append("  @Async public static Coroutine<Long> wide(long k) {\n")
                .append("    long s = 0;\n");
        for (int i = 0; i < 100; i++) {
            s.append("    long l").append(i).append(" = ").append(i).append("L + k; s += l").append(i).append(";\n");
        }
        for (int p = 0; p < 300; p++) {
            s.append("    s += (long) Coroutines.await(ask);\n");
        }
        s.append("    return Coroutines.done(s);\n  }\n}\n");
        return compile("Wide", s.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void manyLocalsAcrossManyPointsWeaveAndRun() throws Throwable {
        Path dir = manyLocalsManyPoints();
        WeaveResult r = new Weaver(TypeHierarchy.of(getClass().getClassLoader()))
                .weave(Files.readAllBytes(dir.resolve("limits/Wide.class")));
        assertFalse(r.hasErrors(), () -> "diagnostics: " + r.diagnostics());
        WovenLoader.verify(r.bytes());
        Files.write(dir.resolve("limits/Wide.class"), r.bytes());
        Class<?> wide = Class.forName("limits.Wide", true, new ShapeDebugInfoTest.DirLoader(dir));
        Awaitable<Long> ask = new Awaitable<>() {};
        wide.getField("ask").set(null, ask);
        Coroutine<Long> c = (Coroutine<Long>) wide.getMethod("wide", long.class).invoke(null, 1000L);
        int asked = 0;
        Object in = null;
        try {
            while (true) {
                assertSame(ask, c.send(in));
                asked++;
                in = 2L;
            }
        } catch (StopIteration end) {
            assertEquals(300, asked);
            assertEquals(4950L + 100 * 1000L + 300 * 2L, end.value());
        }
    }

    /** Past the bounds on computing frames, the method gets a weaving error naming it and the fix. */
    @Test
    void framesPastTheBoundsAreReportedNotThrown() throws Exception {
        byte[] original = Files.readAllBytes(manyLocalsManyPoints().resolve("limits/Wide.class"));
        WeaveResult r;
        try {
            r = new ClassWeaver(TypeHierarchy.of(getClass().getClassLoader()), 1 << 20, 10_000_000L).weave(original);
        } catch (RuntimeException e) {
            throw new AssertionError("weave threw instead of reporting: " + e, e);
        }
        assertTrue(r.hasErrors(), "reported");
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("wide", d.methodName(), d::toString);
        assertTrue(d.toString().contains("split it into smaller @Async methods"), d::toString);
        WovenLoader.verify(r.bytes());
    }

    /** Eleven @Async overloads of one name: each gets a resume method of its own. */
    @Test
    void elevenOverloadsOfOneName() throws Throwable {
        String[] params = {"int a", "long a", "double a", "float a", "String a", "Object a", "int[] a", "char a",
            "short a", "byte a", "boolean a"};
        StringBuilder s = new StringBuilder("package limits;\nimport dev.weft.*;\npublic class Many {\n");
        for (String p : params) {
            s.append("  @Async public static Generator<Object, Object, String> over(").append(p).append(") {\n")
                    .append("    return Coroutines.done(\"").append(p).append(" \" + Coroutines.yield(\"")
                    .append(p).append("\"));\n  }\n");
        }
        s.append("}\n");
        Path dir = compile("Many", s.toString());
        WeaveResult r;
        try {
            r = new Weaver(TypeHierarchy.of(getClass().getClassLoader()))
                    .weave(Files.readAllBytes(dir.resolve("limits/Many.class")));
        } catch (RuntimeException e) {
            throw new AssertionError("weave threw instead of reporting: " + e, e);
        }
        WeaveResult result = r;
        assertFalse(result.hasErrors(), () -> "diagnostics: " + result.diagnostics());
        assertEquals(params.length, result.wovenMethods().size());

        ShapeDebugInfoTest.DirLoader loader = new ShapeDebugInfoTest.DirLoader(dir);
        Class<?> many = Class.forName("limits.Many", true, loader);
        List<Object> results = new ArrayList<>();
        Object[] args = {1, 2L, 3.0, 4f, "s", new Object(), new int[0], 'c', (short) 5, (byte) 6, true};
        Class<?>[] types = {int.class, long.class, double.class, float.class, String.class, Object.class,
            int[].class, char.class, short.class, byte.class, boolean.class};
        for (int i = 0; i < args.length; i++) {
            // by exact parameter type: an Integer would also fit over(Object)
            Object g = many.getMethod("over", types[i]).invoke(null, args[i]);
            assertNotNull(g);
            results.add(ShapeSupport.run(g, "!").result());
        }
        assertEquals(params.length, results.size());
        assertEquals("int a !", results.get(0));
        assertEquals("boolean a !", results.get(10));
    }
}
