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
 * {@code await}, {@code yield} and {@code yieldFrom} called from a method that is not {@code @Async} are
 * refused by the weaver, as javac with the processor refuses them (which is why the processor's and the
 * plugin's suites leave this class out: the one would not compile it, the other would fail the build).
 * Under the agent the class loads with an error on standard error, its woven neighbour works, and calling
 * a refused method throws an Error carrying the diagnostic: the method, its line and the fix. A class
 * that no weaver saw gets the runtime's own IllegalStateException instead (NotWovenTest, in the runtime).
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
        Error e = assertThrows(Error.class, call);
        String message = e.getMessage();
        assertTrue(message.contains("." + method + "("), "should name " + method + ": " + message);
        assertTrue(message.contains("UnwovenCallTest.java:"), "should give the line: " + message);
        assertTrue(message.contains("outside an @Async method: " + method + " is not @Async"), message);
        assertTrue(message.contains("annotate " + method + " @Async"), "should give the fix: " + message);
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
