package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;
import org.junit.jupiter.api.Test;

class AsyncGeneratorTest {
    private final WovenLoader loader = new WovenLoader("dev.weft.weaver.fixtures.");

    @Test
    void awaitsPassThroughAndYieldsCompleteTheStep() throws Exception {
        Awaitable<Integer> clock = new Awaitable<>() {};
        Class<?> c = loader.loadClass("dev.weft.weaver.fixtures.AsyncGen");
        @SuppressWarnings("unchecked")
        AsyncGenerator<Object, Object> gen = (AsyncGenerator<Object, Object>)
                c.getMethod("ticks", int.class, Awaitable.class).invoke(null, 2, clock);
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
}
