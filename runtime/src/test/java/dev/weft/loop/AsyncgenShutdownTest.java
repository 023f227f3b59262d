package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.AsyncGenerator;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncgenShutdownTest extends LoopFixture {

    /** An async generator that records its aclose and may fail it. */
    private static final class Agen implements AsyncGenerator<Object, Object> {
        final List<String> log;
        final String name;
        final boolean failClose;
        CoroutineState state = CoroutineState.SUSPENDED;

        Agen(String name, List<String> log, boolean failClose) {
            this.name = name;
            this.log = log;
            this.failClose = failClose;
        }

        @Override
        public Coroutine<Object> asend(Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Coroutine<Object> athrow(Throwable error) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Coroutine<Void> aclose() {
            return LoopCoroutine.typed(Script.<Void>of(v -> Asyncio.sleep(1), v -> {
                log.add(name + " closed");
                state = CoroutineState.CLOSED;
                if (failClose) {
                    throw new IllegalStateException(name);
                }
                return Script.ret(null);
            }));
        }

        @Override
        public CoroutineState state() {
            return state;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void shutdownClosesTrackedGeneratorsAndReportsFailures() {
        List<String> log = new ArrayList<>();
        Agen a = new Agen("a", log, false);
        Agen b = new Agen("b", log, true);
        Agen done = new Agen("done", log, false);
        done.state = CoroutineState.CLOSED;
        loop.trackAsyncgen(a);
        loop.trackAsyncgen(b);
        loop.trackAsyncgen(done);
        run(loop.shutdownAsyncgens());
        assertEquals(List.of("a closed", "b closed"), log.stream().sorted().toList());
        assertEquals(List.of("an error occurred during closing of asynchronous generator b"), errorMessages());
        assertEquals(1.0, loop.time());
        run(loop.shutdownAsyncgens());
        assertEquals(2, log.size());
    }

    @Test
    void shutdownClosesTheGeneratorsInTheOrderTheyWereFirstIterated() {
        List<String> log = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Agen> kept = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Agen agen = new Agen("g" + i, log, false);
            kept.add(agen);
            loop.trackAsyncgen(agen);
            loop.trackAsyncgen(kept.get(i / 2)); // tracked again: keeps its first rank
            expected.add("g" + i + " closed");
        }
        run(loop.shutdownAsyncgens());
        assertEquals(expected, log);
    }
}
