package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** try/catch/finally with suspension points in every part (fixture: shapes/Tries). */
class ShapeTryTest {
    private final WovenLoader loader = ShapeSupport.loader();
    private final Class<?> tries = ShapeSupport.load(loader, "Tries");
    private final List<String> log = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private Generator<Object, Object, Object> gen(String name, Object... args) throws Throwable {
        return (Generator<Object, Object, Object>) call(tries, name, args);
    }

    private static Object end(Generator<Object, Object, Object> g, Object send) {
        return assertThrows(StopIteration.class, () -> g.send(send)).value();
    }

    /** A yield in code javac emits but nothing reaches is left alone: the class verifies and runs. */
    @Test
    void suspensionInHandlerCodeNothingReaches() throws Throwable {
        run(gen("deadHandlers", 5), null, null, null).is(List.of(0, 1, 2), "sum 8");
    }

    @Test
    void suspensionInsideTry() throws Throwable {
        run(gen("inTry", log), "ok").is(List.of("in try"), "normal ok 42");
        run(gen("inTry", log), "throw").is(List.of("in try"), "caught 42");
        assertEquals(List.of("caught thrown after resume 42"), log);
    }

    @Test
    void throwInCaughtByTheTryAroundTheSuspension() throws Throwable {
        Generator<Object, Object, Object> g = gen("inTry", log);
        assertEquals("in try", g.next());
        StopIteration stop = assertThrows(StopIteration.class, () -> g.throwIn(new IllegalArgumentException("outside")));
        assertEquals("caught 40", stop.value());
        assertEquals(List.of("caught outside"), log);
    }

    @Test
    void throwInRepeatedlyInALoopThenRethrown() throws Throwable {
        Generator<Object, Object, Object> g = gen("throwInCaught", log, 0.5);
        assertEquals("waiting 0", g.next());
        assertEquals("waiting 1", g.throwIn(new IllegalStateException("a")));
        assertEquals("waiting 2", g.send(null));
        IllegalArgumentException b = new IllegalArgumentException("b");
        assertSame(b, assertThrows(IllegalArgumentException.class, () -> g.throwIn(b)));
        assertEquals(CoroutineState.CLOSED, g.state());
        assertEquals(List.of("caught a 0 0.5", "resumed 1", "runtime b"), log);
        run(gen("throwInCaught", log, 0.5), null, null, null).is(List.of("waiting 0", "waiting 1", "waiting 2"), "count 3");
    }

    @Test
    void suspensionInsideCatch() throws Throwable {
        run(gen("inCatch", 0), "A", "B").is(List.of("catch 1", "catch 2 / by zero"), "recovered AB ArithmeticException -1");
        run(gen("inCatch", 5)).is(List.of(), "fine 20");
    }

    @Test
    void suspensionInsideFinallyOnTheNormalPath() throws Throwable {
        run(gen("inFinally", false, log), "V").is(List.of("finally body"), "body");
        assertEquals(List.of("finally body", "finally resumed V"), log);
    }

    @Test
    void suspensionInsideFinallyOnTheExceptionalPath() throws Throwable {
        Generator<Object, Object, Object> g = gen("inFinally", true, log);
        assertEquals("finally start", g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send("W"));
        assertEquals("body failed", e.getMessage());
        assertEquals(List.of("finally start", "finally resumed W"), log);
    }

    @Test
    void exceptionAfterResumePropagatesThroughFinallyBlocks() throws Throwable {
        Generator<Object, Object, Object> g = gen("propagate", log);
        assertEquals("inner", g.next());
        assertEquals("outer finally", g.send(null));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> g.send("Z"));
        assertEquals("after resume", e.getMessage());
        assertEquals(List.of("inner finally", "outer finally Z"), log);
        assertEquals(CoroutineState.CLOSED, g.state());
    }

    @Test
    void returnValueHeldAcrossASuspendingFinally() throws Throwable {
        run(gen("propagate", log), "x", "Q").is(List.of("inner", "outer finally"), "no throw");
        assertEquals(List.of("inner finally", "outer finally Q"), log);
    }

    @Test
    void throwInPropagatesThroughFinallyBlocks() throws Throwable {
        Generator<Object, Object, Object> g = gen("propagate", log);
        assertEquals("inner", g.next());
        IllegalStateException boom = new IllegalStateException("boom");
        assertEquals("outer finally", g.throwIn(boom));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> g.send("F")));
        assertEquals(List.of("inner finally", "outer finally F"), log);
    }

    @Test
    void nestedTriesOnTheNormalPath() throws Throwable {
        run(gen("nested", log), null, null, "12", "F")
                .is(List.of("outer try", "inner try", "innermost", "innermost finally"), "parsed 12");
        assertEquals(List.of("innermost finally F"), log);
    }

    @Test
    void nestedTriesWithCatchRethrowAndOuterCatch() throws Throwable {
        run(gen("nested", log), null, null, "NaN", "G", null, "O").is(List.of("outer try", "inner try", "innermost",
                "innermost finally", "inner catch", "outer catch"), "outer O");
        assertEquals(List.of("innermost finally G", "inner catch", "outer catch wrapped NumberFormatException"), log);
    }

    @Test
    void tryWithResourcesNormal() throws Throwable {
        run(gen("withResources", log, false, false), "v", null).is(List.of("in resources", "still in resources"),
                "open a,open b,body v,close b,close a");
    }

    @Test
    void tryWithResourcesBodyFails() throws Throwable {
        run(gen("withResources", log, true, false), "v", null).is(List.of("in resources", "in catch"),
                "open a,open b,body v,close b,close a,caught body suppressed 0");
    }

    @Test
    void tryWithResourcesBodyAndCloseFail() throws Throwable {
        run(gen("withResources", log, true, true), "v", null).is(List.of("in resources", "in catch"),
                "open a,open b,body v,close b,close a,caught body suppressed 1");
    }

    @Test
    void tryWithResourcesCloseFailsAfterSuspension() throws Throwable {
        run(gen("withResources", log, false, true), "v", null, null)
                .is(List.of("in resources", "still in resources", "in catch"),
                        "open a,open b,body v,close b,close a,caught close b failed suppressed 0");
    }

    @Test
    void tryWithResourcesThrowIn() throws Throwable {
        Generator<Object, Object, Object> g = gen("withResources", log, false, false);
        assertEquals("in resources", g.next());
        assertEquals("in catch", g.throwIn(new IllegalArgumentException("t")));
        assertEquals("open a,open b,close b,close a,caught t suppressed 0", end(g, null));
    }

    @Test
    void resourceCreatedBySuspensionPoint() throws Throwable {
        Class<?> res = Class.forName(ShapeSupport.PACKAGE + "Tries$Res", true, loader);
        Object r = res.getConstructor(String.class, List.class, boolean.class).newInstance("r", log, false);
        run(gen("resourceFromYield", log), r, null).is(List.of("give me a resource", "using"), "done");
        assertEquals(List.of("open r", "using true", "close r"), log);
        log.clear();
        run(gen("resourceFromYield", log), null, null).is(List.of("give me a resource", "using"), "done");
        assertEquals(List.of("using false"), log);
    }

    @Test
    void awaitedFailureCaughtAroundTheAwait() throws Throwable {
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine<?> c = (Coroutine<?>) call(tries, "awaitFails", f, log);
        assertSame(f, c.send(null));
        StopIteration stop = assertThrows(StopIteration.class, () -> c.throwIn(new IllegalStateException("bad")));
        assertEquals("recovered", stop.value());
        assertEquals(List.of("caught bad", "finally"), log);

        log.clear();
        Coroutine<?> failed = (Coroutine<?>) call(tries, "awaitFails",
                CompletableFuture.failedFuture(new IllegalStateException("early")), log);
        assertEquals("recovered", assertThrows(StopIteration.class, () -> failed.send(null)).value());
        assertEquals(List.of("caught early", "finally"), log);

        log.clear();
        CompletableFuture<String> g = new CompletableFuture<>();
        Coroutine<?> ok = (Coroutine<?>) call(tries, "awaitFails", g, log);
        assertSame(g, ok.send(null));
        assertEquals("R", assertThrows(StopIteration.class, () -> ok.send("R")).value());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void closeRaisesGeneratorExitPastCatchException() throws Throwable {
        Generator<Object, Object, Object> g = gen("closing", log);
        assertEquals("one", g.next());
        g.close();
        assertEquals(List.of("exit", "finally"), log);
        assertEquals(CoroutineState.CLOSED, g.state());
    }
}
