package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DelegationTest {
    private final WovenLoader loader = new WovenLoader("dev.weft.weaver.fixtures.");

    private Object call(String name, Object... args) throws Exception {
        Class<?> c = loader.loadClass("dev.weft.weaver.fixtures.Delegation");
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name)) {
                return m.invoke(null, args);
            }
        }
        throw new NoSuchMethodException(name);
    }

    @SuppressWarnings("unchecked")
    @Test
    void deepYieldFromChain() throws Exception {
        int depth = 200_000;
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) call("nested", depth);
        long count = 0;
        long sum = 0;
        while (g.hasNext()) {
            sum += (Integer) g.next();
            count++;
        }
        assertEquals(depth + 1, count);
        assertEquals((long) depth * (depth + 1) / 2, sum);
        assertEquals(depth + 1, g.returnValue());
    }

    @SuppressWarnings("unchecked")
    @Test
    void yieldFromIterable() throws Exception {
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) call("listThenReturn", List.of("a", "b"));
        assertEquals("a", g.next());
        assertEquals("b", g.next());
        StopIteration stop = assertThrows(StopIteration.class, g::next);
        assertEquals("after 2", stop.value());
    }

    @Test
    void coroutineChainHandsOnlyTheLeafToTheDriver() throws Exception {
        Awaitable<Integer> leaf = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call("chain", 100_000, leaf);
        assertSame(leaf, c.send(null));
        assertEquals(CoroutineState.SUSPENDED, c.state());
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(5));
        assertEquals(100_005, stop.value());
        assertEquals(CoroutineState.CLOSED, c.state());
    }

    @Test
    void completedFutureDoesNotSuspend() throws Exception {
        Coroutine<?> c = (Coroutine<?>) call("awaitFuture", CompletableFuture.completedFuture("x"));
        StopIteration stop = assertThrows(StopIteration.class, () -> c.send(null));
        assertEquals("got x", stop.value());
    }

    @Test
    void incompleteFutureIsHandedOver() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        Coroutine<?> c = (Coroutine<?>) call("awaitFuture", f);
        assertSame(f, c.send(null));
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> c.throwIn(boom)));
    }

    @SuppressWarnings("unchecked")
    @Test
    void throwInAndClose() throws Exception {
        StringBuilder log = new StringBuilder();
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) call("guarded", log);
        assertEquals("waiting", g.next());
        assertEquals("waiting", g.throwIn(new IllegalArgumentException("x")));
        g.close();
        assertEquals("caught x;exit;finally;", log.toString());
        assertEquals(CoroutineState.CLOSED, g.state());
        assertTrue(g.toString().contains("closed"), g::toString);
    }

    @SuppressWarnings("unchecked")
    @Test
    void completableFutureMethod() throws Exception {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> r = (CompletableFuture<String>) call("future", a, b);
        assertFalse(r.isDone());
        a.complete("1");
        assertFalse(r.isDone());
        Thread t = new Thread(() -> b.complete("2"));
        t.start();
        t.join();
        assertEquals("12", r.join());
    }
}
