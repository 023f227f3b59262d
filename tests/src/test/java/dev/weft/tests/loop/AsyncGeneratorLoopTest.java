package dev.weft.tests.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Async generators on the loop (PEP 525): async iteration, and closing at shutdown. */
class AsyncGeneratorLoopTest {
    private final List<String> log = new ArrayList<>();

    @Async
    AsyncGenerator<Integer, Object> ticker(int count) {
        try {
            for (int i = 0; i < count; i++) {
                Coroutines.await(Asyncio.sleep(0));
                Coroutines.yield(i);
            }
        } finally {
            log.add("ticker closed");
        }
        return Coroutines.done();
    }

    @Async
    Coroutine<Integer> sumFirst(int n) {
        AsyncGenerator<Integer, Object> ticks = ticker(100);
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Coroutines.await(ticks.anext());
        }
        log.add("returning with the generator unfinished");
        return Coroutines.done(sum);
    }

    @Test
    void asyncIterationAwaitsBetweenValues() {
        assertEquals(0 + 1 + 2 + 3, Asyncio.run(sumFirst(4)));
    }

    @Test
    void runClosesAnUnfinishedAsyncGeneratorAtShutdown() {
        Asyncio.run(sumFirst(2));
        assertEquals(List.of("returning with the generator unfinished", "ticker closed"), log);
    }
}
