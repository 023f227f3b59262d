package dev.weft.tests;

import static dev.weft.CoroutineState.CLOSED;
import static dev.weft.CoroutineState.CREATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.Done;
import dev.weft.StopIteration;
import org.junit.jupiter.api.Test;

/**
 * {@code sendOrDone} and {@code throwInOrDone}: the driver protocol with the end reported as a {@link Done}
 * instead of a {@link StopIteration}, for woven coroutines, {@code Done} itself, and a coroutine of the
 * user's own (the interface's default methods).
 */
class SendOrDoneTest {

    @Async
    static Coroutine<Integer> twice(Leaf<Integer> leaf) {
        int v = Coroutines.await(leaf);
        return Coroutines.done(2 * v);
    }

    @Async
    static Coroutine<Integer> outer(Leaf<Integer> leaf) {
        int v = Coroutines.await(twice(leaf));
        return Coroutines.done(v + 1);
    }

    @Async
    static Coroutine<Integer> immediate(int v) {
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<String> recovers(Leaf<Integer> leaf) {
        try {
            Coroutines.await(leaf);
            return Coroutines.done("no error");
        } catch (IllegalStateException e) {
            return Coroutines.done("recovered from " + e.getMessage());
        }
    }

    @Test
    void aCoroutineThatSuspendsGivesItsLeafThenADoneWithItsResult() {
        Leaf<Integer> leaf = Leaf.of(20);
        Coroutine<Integer> c = outer(leaf);
        assertSame(leaf, c.sendOrDone(null));
        Done<?, ?, ?> done = assertInstanceOf(Done.class, c.sendOrDone(20));
        assertEquals(41, done.value());
        assertEquals(CLOSED, c.state());
    }

    @Test
    void aCoroutineThatNeverSuspendsEndsAtTheFirstStep() {
        assertEquals(5, assertInstanceOf(Done.class, immediate(5).sendOrDone(null)).value());
    }

    /** As send does (CPython's send and throw alike): a coroutine is awaited once. */
    @Test
    void aFinishedCoroutineCannotBeReused() {
        Coroutine<Integer> c = immediate(5);
        c.sendOrDone(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.sendOrDone(null));
        assertTrue(e.getMessage().startsWith("cannot reuse already awaited coroutine"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> c.throwInOrDone(new IllegalArgumentException("late")));
        assertThrows(IllegalStateException.class, () -> c.send(null));
    }

    @Test
    void theProtocolRulesOfSendStillHold() {
        Coroutine<Integer> created = immediate(1);
        assertThrows(IllegalArgumentException.class, () -> created.sendOrDone("not null"));
        assertEquals(CREATED, created.state());
    }

    @Test
    void throwInOrDoneReportsAHandledErrorsReturnAsADone() {
        Leaf<Integer> leaf = Leaf.of(1);
        Coroutine<String> c = recovers(leaf);
        assertSame(leaf, c.sendOrDone(null));
        Object out = c.throwInOrDone(new IllegalStateException("boom"));
        assertEquals("recovered from boom", assertInstanceOf(Done.class, out).value());
    }

    @Test
    void throwInOrDoneRaisesAnErrorTheBodyDoesNotHandle() {
        Leaf<Integer> leaf = Leaf.of(1);
        Coroutine<Integer> c = twice(leaf);
        c.sendOrDone(null);
        IllegalArgumentException error = new IllegalArgumentException("unhandled");
        assertSame(error, assertThrows(IllegalArgumentException.class, () -> c.throwInOrDone(error)));
        assertEquals(CLOSED, c.state());
    }

    @Test
    void aDoneIsItsOwnEnd() {
        Done<Object, Object, Integer> done = Coroutines.done(3);
        assertSame(done, done.sendOrDone(null));
    }

    @Test
    void aUsersOwnCoroutineGetsTheDefaultsFromItsSendAndThrowIn() {
        Coroutine<Integer> own = new Coroutine<>() {
            private int sends;

            @Override
            public Object send(Object value) {
                if (sends++ == 0) {
                    return "waiting";
                }
                throw new StopIteration(value);
            }

            @Override
            public Object throwIn(Throwable error) {
                throw new StopIteration("handled " + error.getMessage());
            }

            @Override
            public void close() {
            }

            @Override
            public CoroutineState state() {
                return CoroutineState.SUSPENDED;
            }
        };
        assertEquals("waiting", own.sendOrDone(null));
        assertEquals(9, assertInstanceOf(Done.class, own.sendOrDone(9)).value());
        assertEquals("handled x", assertInstanceOf(Done.class, own.throwInOrDone(new RuntimeException("x"))).value());
    }
}
