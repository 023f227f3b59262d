package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Values on the operand stack at a suspension point (fixtures: shapes/StackShapes, shapes/Construct). */
class ShapeStackTest {
    private final WovenLoader loader = ShapeSupport.loader();
    private final Class<?> shapes = ShapeSupport.load(loader, "StackShapes");

    @Test
    void longAndDoubleBelowTheSuspension() throws Throwable {
        run(call(shapes, "wideBelow", 5_000_000_000L, 1.5), 7L, 4.0, 3, 2)
                .is(List.of("l", "d", "m", "n"), "5000000007;6.0;1.5");
    }

    @Test
    void argumentsOfAnOuterStaticCall() throws Throwable {
        run(call(shapes, "outerCall", "A", 2), "X", "Y")
                .is(List.of("x", "y"), "three(A,2,X);three(null,A2,Y)");
    }

    @Test
    void receiverAndArgumentsOfAnInstanceCall() throws Throwable {
        Object me = shapes.getConstructor(String.class).newInstance("me");
        Object other = shapes.getConstructor(String.class).newInstance("o");
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine<?> c = (Coroutine<?>) call(me, "receiver", f, other);
        assertSame(f, c.send(null));
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send("F"));
        assertEquals("o.m(7,F);me.m(8,ready)", stop.value());
    }

    @Test
    void twelveValuesOfEveryKindBelowTheSuspension() throws Throwable {
        run(call(shapes, "manyArguments", 1, 2L, 3.0), "L")
                .is(List.of("last"), "1,2,3.0,4.5,five,6,c,8,true,4,6.0,L");
    }

    @Test
    void stringConcatenationWithInvokedynamic() throws Throwable {
        run(call(shapes, "concat", 4, 0.5, 'c'), "X", "Y", "Z")
                .is(List.of("x", "y", "z"), "a4X0.5|ca4X0.5YZ4");
    }

    @Test
    void arrayInitializers() throws Throwable {
        run(call(shapes, "arrays", 10), 11, "O", 77L, 2.5)
                .is(List.of("i", "o", "l", "d"), "[10, 11, 12][a, O, null, 3][[1, 77], [10]][0.5, 2.5]");
    }

    @Test
    void conditionalsWithOneSuspendingArm() throws Throwable {
        run(call(shapes, "conditional", true, "a", "b"), "A", 5).is(List.of("a", 1), "A<b>30");
        run(call(shapes, "conditional", false, "a", "b"), "B", 6).is(List.of("b", 3), "b<B>22");
    }

    @Test
    void severalSuspensionPointsInOneExpression() throws Throwable {
        run(call(shapes, "several"), 10, 20, 30, 40, 5).is(List.of(1, 2, 3, 4, 5), 602);
    }

    @Test
    void narrowPrimitivesOnTheStack() throws Throwable {
        run(call(shapes, "narrow", true, (byte) -1, 'n', (short) 300), "Q", "R")
                .is(List.of("q", "r"), "[true, -1, n, 300, Q]true-1n300R");
    }

    @Test
    void suspensionInArgumentsInsideALoop() throws Throwable {
        run(call(shapes, "inLoop", 3), "a", "b", "c").is(List.of(0, 1, 2), "0a;1b;2c;");
    }

    // ---------------------------------------------------------------- uninitialized objects

    @Test
    void awaitInConstructorArguments() throws Throwable {
        Class<?> construct = ShapeSupport.load(loader, "Construct");
        Awaitable<String> x = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call(construct, "awaitInConstructorArgs", 4, x);
        assertSame(x, c.send(null));
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send("V"));
        assertEquals("Foo(4,V)", stop.value());
    }

    @Test
    @SuppressWarnings("unchecked")
    void nestedConstructionsEachWithASuspension() throws Throwable {
        Class<?> construct = ShapeSupport.load(loader, "Construct");
        List<String> log = (List<String>) construct.getField("LOG").get(null);
        log.clear();
        run(call(construct, "nested"), "X", "Y").is(List.of("x", "y"), "Outer(Inner(X),Y)");
        assertEquals(List.of("Inner(X)", "Outer"), log);
    }

    @Test
    @SuppressWarnings("unchecked")
    void wideConstructorArgumentsAndDiscardedConstruction() throws Throwable {
        Class<?> construct = ShapeSupport.load(loader, "Construct");
        List<String> log = (List<String>) construct.getField("LOG").get(null);
        log.clear();
        run(call(construct, "wideAndDiscarded", 3L, 0.25), "W", "D", "L")
                .is(List.of("w", "discard", "list"), "Foo(3,0.25,W)[Foo(3,0.25,W), L]");
        assertEquals(List.of("Foo(3,0.25,W)", "Foo(1,D)"), log);
    }

    @Test
    void constructionInALoopWithConditionalArgument() throws Throwable {
        Class<?> construct = ShapeSupport.load(loader, "Construct");
        run(call(construct, "inLoop", 3, true), "p", "q", "r").is(List.of(0, 1, 2), "Foo(0,p)Foo(1,q)Foo(2,r)");
        StopIteration stop = assertThrows(StopIteration.class,
                () -> ((Generator<?, ?, ?>) call(construct, "inLoop", 2, false)).next());
        assertEquals("Foo(0,skip)Foo(1,skip)", stop.value());
    }

    // ---------------------------------------------------------------- javac's stack spilling

    @Test
    @SuppressWarnings("unchecked")
    void valuesSpilledByJavacBelowASwitchExpressionWithTry() throws Throwable {
        Class<?> spilled = ShapeSupport.load(loader, "SpilledStack");
        run(call(spilled, "spilled", 0, "w"), "X").is(List.of("in try"), "wX");
        run(call(spilled, "spilled", 1, "w")).is(List.of(), "wd");
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) call(spilled, "spilled", 0, "w");
        assertEquals("in try", g.next());
        assertEquals("in catch", g.throwIn(new IllegalStateException("e")));
        assertEquals("wcaught eC", assertThrows(StopIteration.class, () -> g.send("C")).value());
    }

    /**
     * {@code new Pair("a", switch (k) { case 0 -> { try { yield Coroutines.yield(..); } finally {..} } ... })}:
     * javac stores the uninitialized NEW/DUP values in locals before the switch (a handler needs an empty
     * stack), so at the suspension point they are in locals, not on the stack.
     */
    @Test
    void uninitializedObjectsSpilledToLocalsByJavacAreRefusedNotMiswoven() throws Throwable {
        // javac parks NEW/DUP in locals before a switch expression containing a try: the object is not yet
        // constructed at the yield inside it, and no frame can hold it. Refused with the way out.
        ShapeRefusalTest.RefusingLoader refusing = new ShapeRefusalTest.RefusingLoader();
        String name = "dev.weft.weaver.fixtures.shapes.refused.ConstructSpilled";
        WeaveResult r = refusing.result(name);
        assertEquals(1, r.diagnostics().size(), r.diagnostics()::toString);
        String message = r.diagnostics().get(0).toString();
        assertTrue(message.contains("uninitializedInLocals") && message.contains("ConstructSpilled.java:")
                && message.contains("not yet constructed") && message.contains("assign the awaited expression"),
                message);
        Class<?> c = Class.forName(name, true, refusing);
        java.lang.reflect.InvocationTargetException thrown = assertThrows(
                java.lang.reflect.InvocationTargetException.class,
                () -> c.getMethod("uninitializedInLocals", int.class).invoke(null, 0));
        assertTrue(thrown.getCause() instanceof Error && thrown.getCause().getMessage().contains("not yet constructed"));
    }
}
