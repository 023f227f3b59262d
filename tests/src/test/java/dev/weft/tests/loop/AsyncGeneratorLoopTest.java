package dev.weft.tests.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterator;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
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

    // ------------------------------------------------------------------ async for: aiter()

    @Async
    Coroutine<List<Integer>> collectAll(AsyncGenerator<Integer, Object> source) {
        List<Integer> values = new ArrayList<>();
        AsyncIterator<Integer> it = source.aiter();
        while (Coroutines.await(it.hasNext())) {
            values.add(it.next());
        }
        log.add("iteration ended");
        boolean again = Coroutines.await(it.hasNext());
        log.add("hasNext after the end: " + again);
        return Coroutines.done(values);
    }

    @Test
    void aiterRunsTheBodyToItsEnd() {
        AsyncGenerator<Integer, Object> ticks = ticker(4);
        assertEquals(List.of(0, 1, 2, 3), Asyncio.run(collectAll(ticks)));
        assertEquals(List.of("ticker closed", "iteration ended", "hasNext after the end: false"), log);
        assertEquals(CoroutineState.CLOSED, ticks.state());
    }

    @Async
    Coroutine<Integer> firstTwoThenBreak(AsyncGenerator<Integer, Object> source) {
        int sum = 0;
        int taken = 0;
        AsyncIterator<Integer> it = source.aiter();
        while (Coroutines.await(it.hasNext())) {
            sum += it.next();
            if (++taken == 2) {
                break;
            }
        }
        log.add("left the loop, generator " + source.state());
        return Coroutines.done(sum);
    }

    @Test
    void leavingTheLoopEarlyLeavesTheGeneratorSuspendedUntilShutdown() {
        assertEquals(0 + 1, Asyncio.run(firstTwoThenBreak(ticker(10))));
        assertEquals(List.of("left the loop, generator SUSPENDED", "ticker closed"), log);
    }

    /** Python's {@code async with aclosing(agen): async for ...: break}, as the README writes it. */
    @Async
    Coroutine<Integer> firstTwoThenClose(AsyncGenerator<Integer, Object> source) {
        int sum = 0;
        try {
            AsyncIterator<Integer> it = source.aiter();
            while (Coroutines.await(it.hasNext())) {
                sum += it.next();
                if (sum >= 1) {
                    break;
                }
            }
        } finally {
            Coroutines.await(source.aclose());
        }
        log.add("left the loop, generator " + source.state());
        return Coroutines.done(sum);
    }

    @Test
    void closingInFinallyRunsTheGeneratorsFinallyAtOnce() {
        assertEquals(0 + 1, Asyncio.run(firstTwoThenClose(ticker(10))));
        assertEquals(List.of("ticker closed", "left the loop, generator CLOSED"), log);
    }

    @Async
    AsyncGenerator<String, Object> failsAfterOne() {
        Coroutines.yield("one");
        Coroutines.await(Asyncio.sleep(0));
        throw new IllegalStateException("the source broke");
    }

    @Async
    Coroutine<String> collectUntilFailure() {
        AsyncIterator<String> it = failsAfterOne().aiter();
        StringBuilder seen = new StringBuilder();
        try {
            while (Coroutines.await(it.hasNext())) {
                seen.append(it.next()).append(' ');
            }
        } catch (IllegalStateException e) {
            seen.append("then ").append(e.getMessage());
        }
        return Coroutines.done(seen.toString());
    }

    @Test
    void anErrorOfTheBodyComesOutOfHasNext() {
        assertEquals("one then the source broke", Asyncio.run(collectUntilFailure()));
    }

    @Async
    AsyncGenerator<Integer, Object> slowSource() {
        try {
            Coroutines.await(Asyncio.sleep(10));
            Coroutines.yield(1);
        } catch (CancelledError e) {
            log.add("the body saw the cancellation");
            throw e;
        }
        return Coroutines.done();
    }

    @Async
    Coroutine<Object> drain(AsyncIterator<Integer> it) {
        while (Coroutines.await(it.hasNext())) {
            it.next();
        }
        return Coroutines.done(null);
    }

    @Async
    Coroutine<CoroutineState> cancelWhileTheBodyWaits() {
        AsyncGenerator<Integer, Object> source = slowSource();
        Task<Object> draining = Asyncio.createTask(drain(source.aiter()));
        Coroutines.await(Asyncio.sleep(0));
        draining.cancel();
        try {
            Coroutines.await(draining);
        } catch (CancelledError expected) {
            log.add("the task was cancelled");
        }
        return Coroutines.done(source.state());
    }

    @Test
    void cancellingTheIteratingTaskReachesTheBodysAwait() {
        assertEquals(CoroutineState.CLOSED, Asyncio.run(cancelWhileTheBodyWaits()));
        assertEquals(List.of("the body saw the cancellation", "the task was cancelled"), log);
    }

    @Async
    Coroutine<Integer> nextWithoutHasNext() {
        AsyncIterator<Integer> it = ticker(3).aiter();
        NoSuchElementException before = assertThrows(NoSuchElementException.class, it::next);
        assertFalse(before.getMessage().isEmpty());
        Coroutines.await(it.hasNext());
        Coroutines.await(it.hasNext()); // the value found waits to be taken: not a second step
        int first = it.next();
        assertThrows(NoSuchElementException.class, it::next);
        Coroutines.await(it.hasNext());
        return Coroutines.done(first * 10 + it.next());
    }

    @Test
    void nextTakesOnlyWhatAnAwaitedHasNextFound() {
        assertEquals(1, Asyncio.run(nextWithoutHasNext()));
    }

    @Test
    void aDoneAsAnAsyncGeneratorIteratesNothing() {
        AsyncIterator<Object> it = Coroutines.done().aiter();
        assertSame(Boolean.FALSE, Asyncio.run(it.hasNext()));
    }
}
