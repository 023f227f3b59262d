package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.StopIteration;
import dev.weft.internal.Suspend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FutureTest extends LoopFixture {

    @Test
    void pendingFutureHasNoResult() {
        Future<Integer> f = loop.createFuture();
        assertFalse(f.done());
        assertFalse(f.cancelled());
        assertEquals("Result is not ready.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
        assertEquals("Future[pending]", f.toString());
        assertSame(Suspend.NOT_READY, f.poll());
    }

    @Test
    void resultIsKeptAndSecondResultRefused() {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        assertTrue(f.done());
        assertEquals(42, f.result());
        assertNull(f.exception());
        assertEquals(42, f.poll());
        assertEquals("Future[finished, result=42]", f.toString());
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertEquals("FINISHED: Future[finished, result=42]", e.getMessage());
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
    }

    @Test
    void storedFailureIsThrownItselfEvenChecked() {
        Future<Integer> f = loop.createFuture();
        IOException failure = new IOException("disk");
        f.setException(failure);
        assertSame(failure, f.exception());
        Throwable thrown = assertThrows(IOException.class, f::result);
        assertSame(failure, thrown);
        assertSame(failure, assertThrows(IOException.class, f::poll));
    }

    @Test
    void stopIterationCannotBeStored() {
        Future<Integer> f = loop.createFuture();
        assertThrows(IllegalArgumentException.class, () -> f.setException(new StopIteration()));
        assertFalse(f.done());
    }

    @Test
    void cancelWithMessage() {
        Future<Integer> f = loop.createFuture();
        assertTrue(f.cancel("bye"));
        assertTrue(f.cancelled());
        assertTrue(f.done());
        assertEquals("bye", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("bye", assertThrows(CancelledError.class, f::exception).getMessage());
        assertFalse(f.cancel());
        assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertEquals("Future[cancelled]", f.toString());
    }

    @Test
    void callbacksAreScheduledNotRunInlineInOrder() {
        Future<String> f = loop.createFuture();
        List<String> calls = new ArrayList<>();
        f.addDoneCallback(x -> calls.add("a:" + x.result()));
        f.addDoneCallback(x -> calls.add("b"));
        f.setResult("r");
        assertEquals(List.of(), calls);
        f.addDoneCallback(x -> calls.add("c"));
        runBriefly();
        assertEquals(List.of("a:r", "b", "c"), calls);
    }

    @Test
    void removeDoneCallbackCountsRemovals() {
        Future<String> f = loop.createFuture();
        List<String> calls = new ArrayList<>();
        Consumer<Future<String>> a = x -> calls.add("a");
        Consumer<Future<String>> b = x -> calls.add("b");
        f.addDoneCallback(a);
        f.addDoneCallback(b);
        f.addDoneCallback(a);
        assertEquals(2, f.removeDoneCallback(a));
        assertEquals(0, f.removeDoneCallback(a));
        f.setResult("x");
        runBriefly();
        assertEquals(List.of("b"), calls);
    }

    @Test
    void futureCreatedWithoutRunningLoopNeedsOne() {
        assertThrows(IllegalStateException.class, () -> new Future<Integer>());
    }

    @Test
    void awaitingSuspendsUntilDone() {
        Future<Integer> f = loop.createFuture();
        loop.callLater(1, () -> f.setResult(7));
        int r = run(LoopCoroutine.typed(Script.<Integer>of(v -> f, v -> Script.ret((Integer) v + 1))));
        assertEquals(8, r);
        assertEquals(1.0, loop.time());
    }

    @Test
    void unretrievedExceptionIsReportedWhenTheLoopCloses() {
        Future<Integer> f = loop.createFuture();
        RuntimeException boom = new RuntimeException("boom");
        f.setException(boom);
        Future<Integer> retrieved = loop.createFuture();
        retrieved.setException(new RuntimeException("seen"));
        retrieved.exception();
        loop.close();
        assertEquals(List.of("Future exception was never retrieved"), errorMessages());
        assertSame(boom, errors.get(0).get("exception"));
        assertSame(f, errors.get(0).get("future"));
    }

    @Test
    @Timeout(30)
    void unretrievedExceptionIsReportedWhenCollected() throws Exception {
        failAndForget();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (errors.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
            loop.runOnce();
        }
        assertEquals(List.of("Future exception was never retrieved"), errorMessages());
        assertEquals("lost", ((Throwable) errors.get(0).get("exception")).getMessage());
        assertTrue(String.valueOf(errors.get(0).get("future")).startsWith("Future[finished, exception="));
    }

    private void failAndForget() {
        Future<Integer> f = loop.createFuture();
        f.setException(new RuntimeException("lost"));
    }

    @Test
    @Timeout(10)
    void subscribeFromAnotherThreadCallsBackOnTheLoop() throws Exception {
        Future<Integer> f = loop.createFuture();
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        CompletableFuture<Object> got = new CompletableFuture<>();
        Future<Void> subscribed = loop.createFuture();
        Thread other = new Thread(() -> {
            f.subscribe((v, e) -> {
                callbackThread.set(Thread.currentThread());
                got.complete(v);
            });
            loop.callSoonThreadsafe(() -> subscribed.setResult(null));
        });
        other.start();
        run(subscribed);
        f.setResult(5);
        runBriefly();
        assertEquals(5, got.get(1, TimeUnit.SECONDS));
        assertSame(Thread.currentThread(), callbackThread.get());
        other.join();
    }
}
