package dev.weft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code await}, {@code yield} and {@code yieldFrom} called from a method that is not {@code @Async} are not
 * woven: they throw IllegalStateException naming the method and saying how to weave it. This class also has a
 * woven method, so the agent does rewrite it; its plain methods must stay plain.
 */
class UnwovenCallTest {

    @Async
    static Generator<Integer, Object, Object> wovenNeighbour() {
        Coroutines.yield(1);
        return Coroutines.done();
    }

    static Object plainAwait() {
        return Coroutines.await(Leaf.of(1));
    }

    static Object plainAwaitStage() {
        return Coroutines.await(CompletableFuture.completedFuture(1));
    }

    static Object plainYield() {
        return Coroutines.yield(1);
    }

    static Object plainYieldFrom() {
        return Coroutines.yieldFrom(Coroutines.done(1));
    }

    static void plainYieldFromIterable() {
        Coroutines.yieldFrom(List.of(1, 2));
    }

    /** A class with no @Async method at all. */
    static final class NothingAsync {
        static Object helper() {
            return Coroutines.yield("x");
        }
    }

    private static void assertExplains(Executable call, String method) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        String message = e.getMessage();
        assertTrue(message.contains(method), "should name " + method + ": " + message);
        for (String route : new String[] {"agent", "plugin", "processor"}) {
            assertTrue(message.contains(route), "should say how to weave (" + route + "): " + message);
        }
    }

    @Test
    void awaitOutsideAnAsyncMethod() {
        assertExplains(UnwovenCallTest::plainAwait, "plainAwait");
    }

    @Test
    void awaitOfAStageOutsideAnAsyncMethod() {
        assertExplains(UnwovenCallTest::plainAwaitStage, "plainAwaitStage");
    }

    @Test
    void yieldOutsideAnAsyncMethod() {
        assertExplains(UnwovenCallTest::plainYield, "plainYield");
    }

    @Test
    void yieldFromOutsideAnAsyncMethod() {
        assertExplains(UnwovenCallTest::plainYieldFrom, "plainYieldFrom");
    }

    @Test
    void yieldFromIterableOutsideAnAsyncMethod() {
        assertExplains(UnwovenCallTest::plainYieldFromIterable, "plainYieldFromIterable");
    }

    @Test
    void inAClassWithNoAsyncMethodAtAll() {
        assertExplains(NothingAsync::helper, "helper");
    }

    @Test
    void theWovenNeighbourWorks() {
        assertEquals(List.of(1), Fixtures.drain(wovenNeighbour()));
    }
}
