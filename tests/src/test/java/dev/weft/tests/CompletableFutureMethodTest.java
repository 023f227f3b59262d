package dev.weft.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * {@code @Async} methods returning {@code CompletableFuture}/{@code CompletionStage}, as in ea-async: they
 * start at once, run until they await an incomplete stage, and resume on the thread that completes it.
 */
class CompletableFutureMethodTest {

    // ------------------------------------------------------------------ fixtures

    @Async
    static CompletableFuture<String> stepwise(CompletionStage<Integer> gate, Expect expect, List<String> threads) {
        expect.expect(2);
        threads.add(Thread.currentThread().getName());
        int v = Coroutines.await(gate);
        expect.expect(4);
        threads.add(Thread.currentThread().getName());
        return CompletableFuture.completedFuture("got " + v);
    }

    @Async
    static CompletableFuture<Integer> addsOne(CompletionStage<Integer> in) {
        int v = Coroutines.await(in);
        return CompletableFuture.completedFuture(v + 1);
    }

    @Async
    static CompletableFuture<Integer> failsAfterAwait(CompletionStage<Integer> gate, Exception failure) throws Exception {
        Coroutines.await(gate);
        throw failure;
    }

    @Async
    static CompletableFuture<Integer> failsAtOnce(Exception failure) throws Exception {
        if (failure != null) {
            throw failure;
        }
        return CompletableFuture.completedFuture(0);
    }

    /** Completes with the exception its await threw, or "no failure". */
    @Async
    static CompletableFuture<Object> catchesAwaitFailure(CompletionStage<Integer> stage) {
        try {
            Coroutines.await(stage);
            return CompletableFuture.completedFuture("no failure");
        } catch (Exception e) {
            return CompletableFuture.completedFuture(e);
        }
    }

    @Async
    static CompletionStage<Integer> stagePlusOne(CompletionStage<Integer> in) {
        int v = Coroutines.await(in);
        return CompletableFuture.completedFuture(v + 1);
    }

    /** One future method awaiting two others. */
    @Async
    static CompletableFuture<Integer> sumPlusTwo(CompletionStage<Integer> a, CompletionStage<Integer> b) {
        int x = Coroutines.await(addsOne(a));
        int y = Coroutines.await(stagePlusOne(b));
        return CompletableFuture.completedFuture(x + y);
    }

    /** {@code links} future methods, each awaiting the one before, the first awaiting {@code gate}. */
    private static CompletableFuture<Integer> chainOfAddsOne(CompletableFuture<Integer> gate, int links) {
        CompletableFuture<Integer> top = gate;
        for (int i = 0; i < links; i++) {
            top = addsOne(top);
        }
        return top;
    }

    private static void completeOnThread(CompletableFuture<Integer> f, int value, String threadName) throws InterruptedException {
        Thread t = new Thread(() -> f.complete(value), threadName);
        t.start();
        t.join();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void startsAtOnceRunsToTheFirstIncompleteAwaitAndResumesOnTheCompletingThread() throws Exception {
        Expect expect = new Expect();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        expect.expect(1);
        CompletableFuture<String> result = stepwise(gate, expect, threads);
        expect.expect(3);
        assertFalse(result.isDone());
        assertEquals(List.of(Thread.currentThread().getName()), threads, "ran up to the await on the caller's thread");

        completeOnThread(gate, 7, "completer");

        assertEquals("got 7", result.get(10, SECONDS));
        expect.finish(5);
        assertEquals(List.of(Thread.currentThread().getName(), "completer"), threads);
    }

    @Test
    void awaitingOnlyCompletedStagesCompletesBeforeTheCallReturns() {
        CompletableFuture<Integer> result = addsOne(CompletableFuture.completedFuture(1));
        assertTrue(result.isDone());
        assertEquals(2, result.join());
    }

    @Async
    static CompletionStage<Integer> minimalPlusOne(CompletionStage<Integer> in) {
        int v = Coroutines.await(in);
        return CompletableFuture.completedFuture(v + 1).minimalCompletionStage();
    }

    /**
     * A stage of CompletableFuture.minimalCompletionStage() is a CompletableFuture whose own methods
     * (isDone, join) throw: it is awaited, and returned, as any other stage.
     */
    @Test
    void minimalStagesAreAwaitedAndReturnedAsAnyStage() throws Exception {
        assertEquals(2, addsOne(CompletableFuture.completedFuture(1).minimalCompletionStage()).get(10, SECONDS));
        CompletableFuture<Integer> later = new CompletableFuture<>();
        CompletableFuture<Integer> result = addsOne(later.minimalCompletionStage());
        assertFalse(result.isDone());
        later.complete(41);
        assertEquals(42, result.get(10, SECONDS));
        assertEquals(8, minimalPlusOne(CompletableFuture.completedFuture(7)).toCompletableFuture().get(10, SECONDS));
    }

    @Test
    void theReturnValueCompletesTheFuture() throws Exception {
        CompletableFuture<Integer> in = new CompletableFuture<>();
        CompletableFuture<Integer> result = addsOne(in);
        assertFalse(result.isDone());
        in.complete(41);
        assertEquals(42, result.get(10, SECONDS));
    }

    @Test
    void anExceptionCompletesTheFutureExceptionally() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        IOException io = new IOException("failed late");
        CompletableFuture<Integer> result = failsAfterAwait(gate, io);
        assertFalse(result.isDone());
        completeOnThread(gate, 1, "completer");
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, SECONDS));
        assertSame(io, e.getCause());
        assertTrue(result.isCompletedExceptionally());
    }

    @Test
    void anExceptionBeforeAnyAwaitCompletesTheFutureExceptionallyInsteadOfThrowing() throws Exception {
        IllegalStateException boom = new IllegalStateException("at once");
        CompletableFuture<Integer> result = failsAtOnce(boom);
        assertTrue(result.isCompletedExceptionally());
        assertSame(boom, assertThrows(ExecutionException.class, result::get).getCause());
    }

    @Test
    void anAwaitedFailureIsRethrownUnwrapped() throws Exception {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        CompletableFuture<Object> result = catchesAwaitFailure(stage);
        IOException io = new IOException("awaited failure");
        stage.completeExceptionally(io);
        assertSame(io, result.get(10, SECONDS));

        IOException already = new IOException("already failed");
        assertSame(already, catchesAwaitFailure(CompletableFuture.failedFuture(already)).get(10, SECONDS));
    }

    @Test
    void completionStageReturnType() throws Exception {
        CompletableFuture<Integer> in = new CompletableFuture<>();
        CompletionStage<Integer> result = stagePlusOne(in);
        assertFalse(result.toCompletableFuture().isDone());
        completeOnThread(in, 1, "completer");
        assertEquals(2, result.toCompletableFuture().get(10, SECONDS));
    }

    @Test
    void futureMethodsAwaitingEachOther() throws Exception {
        CompletableFuture<Integer> a = new CompletableFuture<>();
        CompletableFuture<Integer> b = new CompletableFuture<>();
        CompletableFuture<Integer> result = sumPlusTwo(a, b);
        completeOnThread(b, 20, "completes b");
        assertFalse(result.isDone(), "still waiting for a");
        completeOnThread(a, 10, "completes a");
        assertEquals(32, result.get(10, SECONDS));
    }

    @Test
    void aWaiterResumesInsideTheCompleteThatWakesIt() {
        CompletableFuture<Integer> in = new CompletableFuture<>();
        CompletableFuture<Integer> out = addsOne(in);
        in.complete(1);
        assertEquals(2, out.getNow(null), "resumed before complete returned, as in ea-async");
    }

    /** Completing one link resumes the next inside {@code complete}; the driver must not recurse per link. */
    @Test
    void aLongChainOfMethodsEachAwaitingTheNextCompletesOnASmallStack() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> top = chainOfAddsOne(gate, 20_000);
        Thread completer = new Thread(null, () -> gate.complete(0), "completer", 256 * 1024);
        completer.start();
        completer.join();
        assertEquals(20_000, top.get(10, SECONDS));
    }

    @Test
    void aFailureTravelsUpALongChainOnASmallStack() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Integer> top = chainOfAddsOne(gate, 20_000);
        IOException failure = new IOException("leaf");
        Thread completer = new Thread(null, () -> gate.completeExceptionally(failure), "completer", 256 * 1024);
        completer.start();
        completer.join();
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> top.get(10, SECONDS));
        assertSame(failure, thrown.getCause());
    }

    /** An awaitable whose subscribe throws. */
    static final class Refusing implements dev.weft.Awaitable<Object>, dev.weft.internal.Subscribable {
        @Override
        public void subscribe(java.util.function.BiConsumer<Object, Throwable> callback) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    /** Awaits something that refuses the callback, as a loop future does when its loop closes meanwhile. */
    @Async
    static CompletableFuture<Object> awaitsRefusingSubscribable() {
        Refusing refusing = new Refusing();
        try {
            return CompletableFuture.completedFuture(Coroutines.await(refusing));
        } catch (IllegalStateException e) {
            return CompletableFuture.completedFuture("refused: " + e.getMessage());
        }
    }

    @Test
    void anAwaitableThatRefusesTheCallbackFailsTheAwait() throws Exception {
        assertEquals("refused: Event loop is closed", awaitsRefusingSubscribable().get(10, SECONDS));
    }
}
