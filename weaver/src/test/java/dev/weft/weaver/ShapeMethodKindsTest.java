package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** @Async methods of every kind and owner (fixture: shapes/MethodKinds and its nested types). */
class ShapeMethodKindsTest {
    private final WovenLoader loader = ShapeSupport.loader();
    private final Class<?> kinds = ShapeSupport.load(loader, "MethodKinds");
    private final Object k;

    ShapeMethodKindsTest() throws Exception {
        k = kinds.getConstructor(String.class).newInstance("K");
    }

    private Class<?> nested(String name) {
        return ShapeSupport.load(loader, "MethodKinds$" + name);
    }

    @Test
    void staticAndInstanceMethods() throws Throwable {
        run(call(kinds, "staticMethod", "a"), "S").is(List.of("static"), "aS");
        run(call(k, "instanceMethod", "a"), "I").is(List.of("instance K"), "KaI");
    }

    @Test
    void privateMethods() throws Throwable {
        run(call(k, "callPrivate", true), "P").is(List.of("private"), "K5P");
        run(call(k, "callPrivate", false), "Q").is(List.of("private static"), "ps6Q");
    }

    @Test
    void genericMethods() throws Throwable {
        run(call(kinds, "generic", List.of("b", "c", "a")), null, null, null).is(List.of("b", "c", "a"), "c");
        run(call(k, "genericInstance", 1, 2), 3).is(List.of(1), "K123");
    }

    @Test
    void genericSignatureKeptOnTheEntry() throws Exception {
        Method m = kinds.getMethod("generic", List.class);
        assertEquals(1, m.getTypeParameters().length);
        assertEquals("java.util.List<T>", m.getGenericParameterTypes()[0].getTypeName());
        assertEquals("dev.weft.Generator<T, java.lang.Object, T>", m.getGenericReturnType().getTypeName());
    }

    @Test
    void varargsMethods() throws Throwable {
        run(call(kinds, "varargs", "v", new int[] {1, 2, 3}), null, null, null)
                .is(List.of("v1", "v2", "v3"), "v6[1, 2, 3]");
        run(call(kinds, "varargs", "v", new int[0])).is(List.of(), "v0[]");
        run(call(kinds, "varargsObjects", (Object) new Object[] {"x", 2}), "Y").is(List.of("x"), "2,Y");
        run(call(kinds, "varargsObjects", (Object) new Object[0]), "Z").is(List.of("none"), "0,Z");
        assertTrue(kinds.getMethod("varargs", String.class, int[].class).isVarArgs(), "entry keeps ACC_VARARGS");
    }

    @Test
    void overloadsWithTheSameName() throws Throwable {
        run(call(kinds, "overloaded", 1), "!").is(List.of("int"), "int 1!");
        run(call(kinds, "overloaded", "s"), "?").is(List.of("string"), "string s?");
        Coroutine<?> c = (Coroutine<?>) call(k, "overloaded", "s", 2L);
        assertEquals("coroutine s2K", assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void everyAsyncMethodHasAPrivateStaticSyntheticResumeOfTheSameName() {
        Set<String> descriptors = new HashSet<>();
        List<String> asyncNames = new ArrayList<>();
        for (Method m : kinds.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Async.class)) {
                asyncNames.add(m.getName());
                assertFalse(m.isSynthetic(), m::toString);
            }
        }
        List<String> resumeNames = new ArrayList<>();
        for (Method m : kinds.getDeclaredMethods()) {
            if (m.isSynthetic() && !m.getName().startsWith("lambda$")) {
                assertTrue(Modifier.isPrivate(m.getModifiers()) && Modifier.isStatic(m.getModifiers()), m::toString);
                assertFalse(m.isAnnotationPresent(Async.class), m::toString);
                resumeNames.add(m.getName());
                assertTrue(descriptors.add(m.getName() + List.of(m.getParameterTypes()) + m.getReturnType()), m::toString);
            }
        }
        asyncNames.sort(null);
        resumeNames.sort(null);
        assertEquals(asyncNames, resumeNames);
        assertEquals(3, asyncNames.stream().filter("overloaded"::equals).count());
    }

    @Test
    void interfaceDefaultStaticAndPrivateMethods() throws Throwable {
        Class<?> steps = nested("Steps");
        Object impl = nested("StepsImpl").getConstructor().newInstance();
        run(call(impl, "defaultMethod", 2), null, null).is(List.of("impl:0", "impl:1"), "default impl");
        run(call(steps, "staticInInterface", "q"), "R").is(List.of("q"), "static qR");
        run(call(impl, "callPrivateInInterface"), "T").is(List.of("pi"), "private implT");
    }

    @Test
    void recordMethods() throws Throwable {
        Class<?> point = nested("Point");
        Object p = point.getConstructor(int.class, long.class, String.class).newInstance(3, 4L, "pt");
        run(call(p, "walk"), null, null, "L").is(List.of(3, 4L, "pt"), "pt7L");
        Object parsed = run(call(point, "parse", "5,lab"), 6L).result();
        assertEquals(point.getConstructor(int.class, long.class, String.class).newInstance(5, 6L, "lab"), parsed);
    }

    @Test
    void enumMethodsAndConstantBodies() throws Throwable {
        Class<?> op = nested("Op");
        Object add = op.getMethod("valueOf", String.class).invoke(null, "ADD");
        Object mul = op.getMethod("valueOf", String.class).invoke(null, "MUL");
        run(call(add, "apply", 2), 3).is(List.of("add to 2"), 5);
        run(call(mul, "apply", 2), 3).is(List.of("mul 2"), 7);
        run(call(mul, "describe"), "D").is(List.of(1), "MULD");
    }

    @Test
    void innerClassReadsItsEnclosingInstance() throws Throwable {
        run(call(call(k, "inner", 7), "run"), null, "N").is(List.of(7, "K"), "K/7/N");
    }

    @Test
    void staticNestedClass() throws Throwable {
        Object n = nested("Nested").getConstructor().newInstance();
        run(call(n, "count"), (Object) null).is(List.of(1), 2);
        run(call(n, "count"), (Object) null).is(List.of(3), 4);
        run(call(nested("Nested"), "callPackagePrivate"), "x").is(List.of("n"), "nested x");
    }

    @Test
    void noSuspensionPointAtAll() throws Throwable {
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) call(kinds, "noSuspension", "s");
        assertEquals(CoroutineState.CREATED, g.state(), "calling runs none of the body");
        run(g).is(List.of(), "plain s");
    }

    @Test
    void checkedExceptionAfterResume() throws Throwable {
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) call(kinds, "checked", true);
        assertEquals("before", g.next());
        IOException e = assertThrows(IOException.class, g::next);
        assertEquals("checked after resume", e.getMessage());
        assertEquals(List.of(IOException.class), List.of(kinds.getMethod("checked", boolean.class).getExceptionTypes()));
        run(call(kinds, "checked", false), (Object) null).is(List.of("before"), "ok");
    }
}
