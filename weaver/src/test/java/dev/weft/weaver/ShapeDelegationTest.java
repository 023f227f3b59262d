package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.StopIteration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** yieldFrom and await of every kind of thing (fixture: shapes/Delegates). */
class ShapeDelegationTest {
    private final Class<?> delegates = ShapeSupport.load(ShapeSupport.loader(), "Delegates");

    private static Object end(Coroutine<?> c, Object send) {
        return assertThrows(StopIteration.class, () -> c.send(send)).value();
    }

    @Test
    void yieldFromWovenGenerators() throws Throwable {
        run(call(delegates, "outer", 7L), null, "x", "y", "z")
                .is(List.of("before", "a0", "a1", "b0"), "a->xy[b->z]7");
    }

    @Test
    void yieldFromIterables() throws Throwable {
        run(call(delegates, "fromIterable", List.of("p", "q"), 0.5), null, null, null)
                .is(List.of("p", "q", 0.5), "after 2 0.5");
    }

    @Test
    void yieldFromHandWrittenGenerator() throws Throwable {
        run(call(delegates, "fromManual"), "s1", "s2", "s3").is(List.of("m0", "m1", "m2"), "got manual [s1, s2, s3]");
    }

    @Test
    void yieldFromFinishedGeneratorDoesNotSuspend() throws Throwable {
        run(call(delegates, "fromDone"), "!").is(List.of("after"), "already!");
    }

    @Test
    void awaitOfWovenCoroutinesRunsInline() throws Throwable {
        Awaitable<Integer> a = new Awaitable<>() {};
        Awaitable<Integer> b = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call(delegates, "awaitCoroutine", a, b, 9L);
        assertEquals(CoroutineState.CREATED, c.state());
        assertSame(a, c.send(null), "the driver sees only the leaf awaitable, never the inner coroutine");
        assertEquals(CoroutineState.SUSPENDED, c.state());
        assertSame(b, c.send(10), "an inner coroutine that finishes at once is not seen at all");
        assertEquals("11,22,116,9", end(c, 5));
    }

    @Test
    void inlineAwaitsUnderWideStackValuesAndAFailureCaughtByTheAwaitingBody() throws Throwable {
        Awaitable<Integer> leaf = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call(delegates, "inlineShapes", 5L, 0.5, leaf);
        assertSame(leaf, c.send(null), "the one leaf reaches the driver; the coroutines ran inline");
        // r = 10 + (0.5 + 6); s = 5 + 8 + (20 + 1); the failed coroutine ended CLOSED before the catch ran
        assertEquals("16.5,34,boom 5 CLOSED", end(c, 20));
    }

    @Test
    void awaitOfDoneAndCompletedFuturesDoesNotSuspend() throws Throwable {
        Coroutine<?> c = (Coroutine<?>) call(delegates, "awaitReady", 0.5);
        assertEquals("done5stage0.5", end(c, null));
    }

    @Test
    void awaitOfFailedFutureRethrowsWithoutSuspending() throws Throwable {
        Coroutine<?> failed = (Coroutine<?>) call(delegates, "awaitFailed",
                CompletableFuture.failedFuture(new IllegalArgumentException("x")));
        assertEquals("caught x", end(failed, null));
        Coroutine<?> ok = (Coroutine<?>) call(delegates, "awaitFailed", CompletableFuture.completedFuture("v"));
        assertEquals("v", end(ok, null));
    }

    @Test
    void awaitOfIncompleteFuturesIsHandedToTheDriver() throws Throwable {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<Long> g = new CompletableFuture<>();
        Coroutine<?> c = (Coroutine<?>) call(delegates, "awaitPending", f, g, 3L);
        assertSame(f, c.send(null));
        assertSame(g, c.send("F"));
        assertEquals("<3F>7", end(c, 4L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void completableFutureMethodResumesWhenTheFutureCompletes() throws Throwable {
        CompletableFuture<String> f = new CompletableFuture<>();
        CompletableFuture<String> r = (CompletableFuture<String>) call(delegates, "futureMethod", f, 2);
        assertFalse(r.isDone());
        f.complete("A");
        assertTrue(r.isDone());
        assertEquals("Anow2", r.join());
        CompletableFuture<String> at = (CompletableFuture<String>) call(delegates, "futureMethod",
                CompletableFuture.completedFuture("B"), 3);
        assertEquals("Bnow3", at.getNow("not done"));
    }

    @Test
    void returningACoroutineDelegatesToIt() throws Throwable {
        Awaitable<Integer> a = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call(delegates, "tail", a);
        assertSame(a, c.send(null));
        assertEquals(1001, end(c, 1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void completionStageMethod() throws Throwable {
        CompletableFuture<String> f = new CompletableFuture<>();
        java.util.concurrent.CompletionStage<String> r =
                (java.util.concurrent.CompletionStage<String>) call(delegates, "stageMethod", f, 5L);
        assertFalse(r.toCompletableFuture().isDone());
        f.complete("s");
        assertEquals("s5", r.toCompletableFuture().getNow("not done"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void asyncGeneratorAwaitsThroughItsStepsAndYieldsCompleteThem() throws Throwable {
        Awaitable<String> a = new Awaitable<>() {};
        dev.weft.AsyncGenerator<String, Object> g = (dev.weft.AsyncGenerator<String, Object>) call(delegates, "asyncGen", a, 2);
        Coroutine<String> first = g.anext();
        assertSame(a, first.send(null), "the await inside the body is handed to the step's driver");
        assertEquals("0x", end(first, "x"));
        Coroutine<String> second = g.asend("hello");
        assertEquals("sent hello", end(second, null));
        Coroutine<String> third = g.anext();
        assertSame(a, third.send(null));
        assertEquals("1y", end(third, "y"));
        Coroutine<String> last = g.anext();
        assertThrows(dev.weft.StopAsyncIteration.class, () -> last.send(null));
    }
}
