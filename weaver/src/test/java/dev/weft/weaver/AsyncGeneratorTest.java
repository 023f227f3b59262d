package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;
import org.junit.jupiter.api.Test;

/**
 * Woven async generators driven step by step, as an event loop would drive them: each {@code asend},
 * {@code athrow}, {@code aclose} is a coroutine whose {@code send} returns what the body awaits and ends
 * with {@link StopIteration} carrying the value the body yields. The protocol is CPython's (PEP 525).
 */
class AsyncGeneratorTest {
    private final WovenLoader loader = new WovenLoader("dev.weft.weaver.fixtures.");

    @Test
    void awaitsPassThroughAndYieldsCompleteTheStep() throws Exception {
        Awaitable<Integer> clock = new Awaitable<>() {};
        AsyncGenerator<Object, Object> gen = generator("ticks", new Class<?>[] {int.class, Awaitable.class}, 2, clock);
        for (int i = 0; i < 2; i++) {
            Coroutine<Object> step = gen.anext();
            assertSame(clock, step.send(null), "the await is handed to the step's driver");
            StopIteration yielded = assertThrows(StopIteration.class, () -> step.send(7));
            assertEquals(i * 100 + 7, yielded.value());
        }
        Coroutine<Object> last = gen.anext();
        assertThrows(StopAsyncIteration.class, () -> last.send(null));
        assertEquals(CoroutineState.CLOSED, gen.state());
    }

    /**
     * While a step awaits inside the body, the generator is running: another step is refused (it once
     * resumed the body at that await, with its own value), and state() says RUNNING (it said SUSPENDED).
     * A refused step is spent, as CPython 3.13's (gh-117881).
     */
    @Test
    void aStepRefusesAGeneratorThatAnotherStepIsRunning() throws Exception {
        Awaitable<Object> clock = new Awaitable<>() {};
        AsyncGenerator<Object, Object> gen = generator("oneThenAwait", new Class<?>[] {Awaitable.class}, clock);
        assertEquals(1, assertThrows(StopIteration.class, () -> gen.anext().send(null)).value());
        Coroutine<Object> first = gen.anext();
        assertSame(clock, first.send(null));
        assertEquals(CoroutineState.RUNNING, gen.state());
        Coroutine<Object> second = gen.asend("x");
        assertEquals("anext(): asynchronous generator is already running",
                assertThrows(IllegalStateException.class, () -> second.send(null)).getMessage());
        assertEquals("athrow(): asynchronous generator is already running", assertThrows(
                IllegalStateException.class, () -> gen.athrow(new IllegalStateException()).send(null)).getMessage());
        assertEquals("aclose(): asynchronous generator is already running",
                assertThrows(IllegalStateException.class, () -> gen.aclose().send(null)).getMessage());
        assertThrows(IllegalStateException.class, () -> second.send(null), "a refused step is spent");
        assertEquals(7, assertThrows(StopIteration.class, () -> first.send(7)).value());
        assertEquals(CoroutineState.SUSPENDED, gen.state());
    }

    /** A step that has completed cannot be awaited again (awaiting it again once gave null). */
    @Test
    void aCompletedStepCannotBeReused() throws Exception {
        AsyncGenerator<Object, Object> gen = generator("ignoresExit", new Class<?>[0]);
        Coroutine<Object> step = gen.anext();
        assertEquals(1, assertThrows(StopIteration.class, () -> step.send(null)).value());
        assertEquals("cannot reuse already awaited anext()/asend()",
                assertThrows(IllegalStateException.class, () -> step.send(null)).getMessage());
    }

    /** athrow and aclose of a finished generator complete with no value, as in CPython (athrow raised its error). */
    @Test
    void athrowAndAcloseOfAFinishedGeneratorCompleteWithNoValue() throws Exception {
        AsyncGenerator<Object, Object> gen = generator("ticks", new Class<?>[] {int.class, Awaitable.class}, 0,
                new Awaitable<Integer>() {});
        assertThrows(StopAsyncIteration.class, () -> gen.anext().send(null));
        assertNull(assertThrows(StopIteration.class,
                () -> gen.athrow(new IllegalStateException("into a finished generator")).send(null)).value());
        assertNull(assertThrows(StopIteration.class, () -> gen.aclose().send(null)).value());
        AsyncGenerator<Object, Object> done = Coroutines.done(); // finished from the start: the same
        assertNull(assertThrows(StopIteration.class,
                () -> done.athrow(new IllegalStateException("into a finished generator")).send(null)).value());
    }

    /**
     * A StopAsyncIteration escaping the body (an inner generator's end, not caught) is a RuntimeException,
     * as in CPython (PEP 479's rule); it once passed through, and whoever awaited the step took it for
     * this generator's end.
     */
    @Test
    void stopAsyncIterationEscapingTheBodyIsAnError() throws Exception {
        AsyncGenerator<Object, Object> inner = generator("ignoresExit", new Class<?>[0]);
        AsyncGenerator<Object, Object> outer = generator("overrun", new Class<?>[] {AsyncGenerator.class}, inner);
        assertEquals(1, assertThrows(StopIteration.class, () -> outer.anext().send(null)).value());
        assertEquals(3, assertThrows(StopIteration.class, () -> outer.anext().send(null)).value());
        RuntimeException e = assertThrows(RuntimeException.class, () -> outer.anext().send(null));
        assertEquals(RuntimeException.class, e.getClass());
        assertEquals("async generator raised StopAsyncIteration: AsyncGen.overrun()", e.getMessage());
        assertInstanceOf(StopAsyncIteration.class, e.getCause());
        assertEquals(CoroutineState.CLOSED, outer.state());
    }

    /**
     * A generator that yielded while aclose() closed it stays suspended there: asend resumes it, but
     * athrow and aclose fail with StopAsyncIteration (CPython's ag_closed); they once threw into it again.
     */
    @Test
    void aGeneratorThatIgnoredAcloseRefusesAthrowAndAclose() throws Exception {
        AsyncGenerator<Object, Object> gen = generator("ignoresExit", new Class<?>[0]);
        assertEquals(1, assertThrows(StopIteration.class, () -> gen.anext().send(null)).value());
        assertEquals("async generator ignored GeneratorExit",
                assertThrows(RuntimeException.class, () -> gen.aclose().send(null)).getMessage());
        assertEquals(CoroutineState.SUSPENDED, gen.state());
        assertThrows(StopAsyncIteration.class, () -> gen.athrow(new IllegalStateException()).send(null));
        assertThrows(StopAsyncIteration.class, () -> gen.aclose().send(null));
        assertEquals(3, assertThrows(StopIteration.class, () -> gen.anext().send(null)).value());
    }

    /**
     * throwIn into a step that has not started throws into the async generator, as CPython 3.11's
     * {@code asend().throw()} and {@code athrow().throw()} do (it once failed the step alone): an asend
     * or athrow step completes with what the body yields on catching it, an aclose step fails with
     * "ignored GeneratorExit"; into a finished generator it raises the error itself.
     */
    @Test
    void throwInIntoAStepNotStartedReachesTheGenerator() throws Exception {
        for (String kind : new String[] {"asend", "athrow", "aclose"}) {
            AsyncGenerator<Object, Object> gen = generator("catches", new Class<?>[0]);
            assertEquals(1, assertThrows(StopIteration.class, () -> gen.anext().send(null)).value());
            Coroutine<?> step = kind.equals("asend") ? gen.asend(null)
                    : kind.equals("athrow") ? gen.athrow(new UnsupportedOperationException("not thrown")) : gen.aclose();
            IllegalStateException error = new IllegalStateException("x");
            if (kind.equals("aclose")) {
                assertEquals("async generator ignored GeneratorExit",
                        assertThrows(RuntimeException.class, () -> step.throwIn(error)).getMessage(), kind);
            } else {
                assertEquals("caught x", assertThrows(StopIteration.class, () -> step.throwIn(error)).value(), kind);
            }
            assertEquals(CoroutineState.CLOSED, step.state(), kind);
        }
        AsyncGenerator<Object, Object> finished = generator("catches", new Class<?>[0]);
        assertThrows(StopIteration.class, () -> finished.anext().send(null));
        assertThrows(StopAsyncIteration.class, () -> finished.anext().send(null));
        IllegalStateException error = new IllegalStateException("into a finished generator");
        assertSame(error, assertThrows(IllegalStateException.class, () -> finished.asend(null).throwIn(error)));
    }

    private AsyncGenerator<Object, Object> generator(String method, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Class<?> c = loader.loadClass("dev.weft.weaver.fixtures.AsyncGen");
        @SuppressWarnings("unchecked")
        AsyncGenerator<Object, Object> gen =
                (AsyncGenerator<Object, Object>) c.getMethod(method, types).invoke(null, args);
        return gen;
    }
}
