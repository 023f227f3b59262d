package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Context variables without woven code, after CPython's test_context: values per context, tokens, copies,
 * {@code Context.run}, threads, and the loop's callbacks, which run in the context they were given in.
 */
class ContextTest extends LoopFixture {
    private final ContextVar<String> name = new ContextVar<>("name");
    private final ContextVar<Integer> count = new ContextVar<>("count", 0);

    @Test
    void getFallsBackOnTheDefaultThenThrows() {
        new Context().run(() -> {
            assertEquals(0, count.get());
            assertEquals(7, count.get(7), "an explicit fallback wins over the default");
            assertThrows(NoSuchElementException.class, name::get);
            assertNull(name.get(null));
        });
    }

    @Test
    void setAndResetInOneContext() {
        Context ctx = new Context();
        ctx.run(() -> {
            ContextVar.Token<String> first = name.set("a");
            assertSame(ContextVar.MISSING, first.oldValue());
            ContextVar.Token<String> second = name.set("b");
            assertEquals("a", second.oldValue());
            assertSame(name, second.var());
            assertEquals("b", name.get());
            name.reset(second);
            assertEquals("a", name.get());
            assertThrows(IllegalStateException.class, () -> name.reset(second), "a token is used once");
            name.reset(first);
            assertThrows(NoSuchElementException.class, name::get);
            assertFalse(ctx.contains(name));
        });
        assertEquals(0, ctx.size());
    }

    @Test
    void aTokenBelongsToItsVariableAndItsContext() {
        ContextVar<String> other = new ContextVar<>("other");
        AtomicReference<ContextVar.Token<String>> token = new AtomicReference<>();
        new Context().run(() -> token.set(name.set("x")));
        new Context().run(() -> {
            assertThrows(IllegalArgumentException.class, () -> other.reset(token.get()));
            assertThrows(IllegalArgumentException.class, () -> name.reset(token.get()));
        });
    }

    @Test
    void runSetsInThatContextOnly() {
        Context outer = new Context();
        Context inner = new Context();
        outer.run(() -> {
            name.set("outer");
            inner.run(() -> {
                assertThrows(NoSuchElementException.class, name::get, "a context does not see another's values");
                name.set("inner");
            });
            assertEquals("outer", name.get());
        });
        assertEquals("inner", inner.get(name));
        assertEquals("outer", outer.get(name));
        assertEquals(42, inner.run(() -> 42), "run returns what the call returns");
    }

    @Test
    void aContextCannotBeEnteredTwice() {
        Context ctx = new Context();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> ctx.run(() -> { })));
        assertTrue(e.getMessage().contains("already entered"), e.getMessage());
        ctx.run(() -> name.set("usable after"));
        assertEquals("usable after", ctx.get(name));
    }

    @Test
    void copiesChangeApart() {
        Context ctx = new Context();
        ctx.run(() -> name.set("a"));
        Context copy = ctx.copy();
        copy.run(() -> name.set("b"));
        ctx.run(() -> count.set(1));
        assertEquals("a", ctx.get(name));
        assertEquals("b", copy.get(name));
        assertFalse(copy.contains(count));
        assertEquals(1, copy.size());
        assertEquals(2, ctx.values().size());
        Context snapshot = ctx.run(Context::copyContext);
        assertEquals(ctx.values(), snapshot.values());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.values().clear());
    }

    @Test
    void eachThreadHasItsOwnContext() throws Exception {
        ContextVar<String> perThread = new ContextVar<>("perThread", "unset");
        perThread.set("main");
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            seen.set(perThread.get());
            perThread.set("other");
        });
        t.start();
        t.join();
        assertEquals("unset", seen.get());
        assertEquals("main", perThread.get());
    }

    @Test
    void callbacksRunInACopyOfTheContextTheyWereGivenIn() {
        List<String> log = new ArrayList<>();
        Context ctx = new Context();
        ctx.run(() -> {
            name.set("given");
            loop.callSoon(() -> {
                log.add("soon " + name.get());
                name.set("changed by the callback");
            });
            loop.callLater(1, () -> log.add("later " + name.get()));
            Future<Integer> f = loop.createFuture();
            f.addDoneCallback(done -> log.add("done " + name.get()));
            f.setResult(1);
            name.set("changed after");
        });
        loop.callSoon(() -> log.add("outside " + name.get("none")));
        clock.advance(2);
        runBriefly();
        runBriefly();
        assertEquals(List.of("soon given", "done given", "outside none", "later given"), log);
        assertEquals("changed after", ctx.get(name));
    }

    @Test
    void aContextEnteredAroundTheLoopDoesNotShadowItsCallbacks() {
        List<String> log = new ArrayList<>();
        new Context().run(() -> { // given in an empty context, so they capture none
            loop.callSoon(() -> {
                log.add("first " + name.get("unset"));
                name.set("set by the first");
            });
            loop.callSoon(() -> log.add("second " + name.get("unset")));
        });
        Context outer = new Context();
        outer.run(() -> {
            runBriefly();
            assertEquals("unset", name.get("unset"), "nothing leaks into the context around the loop");
            count.set(1); // the context around the loop is current again once it stops
        });
        assertEquals(List.of("first unset", "second unset"), log, "each callback runs in a context of its own");
        assertEquals(1, outer.get(count));
    }

    @Test
    void aDoneCallbackGivenInAContextCanBeRemoved() {
        List<String> log = new ArrayList<>();
        java.util.function.Consumer<Future<Integer>> callback = f -> log.add("called");
        Future<Integer> f = loop.createFuture();
        new Context().run(() -> {
            name.set("x");
            f.addDoneCallback(callback);
        });
        assertEquals(1, f.removeDoneCallback(callback));
        f.setResult(1);
        runBriefly();
        assertEquals(List.of(), log);
    }

    @Test
    void toThreadRunsElsewhereInACopyOfTheCallersContext() {
        Thread loopThread = Thread.currentThread();
        Context ctx = new Context();
        ctx.run(() -> name.set("caller"));
        Task<String> task = new Task<>(loop, Asyncio.toThread(() -> {
            assertNotEquals(loopThread, Thread.currentThread());
            String got = name.get();
            name.set("thread");
            return got;
        }), "toThread", ctx);
        assertSame(ctx, task.getContext());
        assertEquals("caller", run(task));
        assertEquals("caller", ctx.get(name), "the thread's set stays in its copy");
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(Asyncio.toThread(() -> {
            throw boom;
        }))));
    }
}
