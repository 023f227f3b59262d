package dev.weft.tests;

import static dev.weft.CoroutineState.CLOSED;
import static dev.weft.CoroutineState.CREATED;
import static dev.weft.CoroutineState.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.StopIteration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Coroutines driven by hand through the protocol of API.md ({@link Driver}): only leaf awaitables reach the
 * driver; awaited coroutines run inline; completed awaitables do not suspend; failures come back as they are.
 */
class CoroutineDriverTest {

    // ------------------------------------------------------------------ fixtures

    /** Awaits a leaf with value x and returns ten times what it got. */
    @Async
    static Coroutine<Integer> tenTimes(int x) {
        int v = Coroutines.await(Leaf.of(x));
        return Coroutines.done(v * 10);
    }

    @Async
    static Coroutine<Integer> sumOfTenTimes() {
        int a = Coroutines.await(tenTimes(1));
        int b = Coroutines.await(tenTimes(2));
        return Coroutines.done(a + b);
    }

    /** A coroutine that finishes without ever suspending. */
    @Async
    static Coroutine<Integer> immediate(int v) {
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<Integer> awaitsImmediate() {
        int a = Coroutines.await(immediate(4));
        return Coroutines.done(a + 1);
    }

    @Async
    static Coroutine<Integer> awaitsDone() {
        int v = Coroutines.await(Coroutines.done(7));
        return Coroutines.done(v + 1);
    }

    @Async
    static Coroutine<Object> awaitsStage(CompletableFuture<Integer> stage) {
        int v = Coroutines.await(stage);
        return Coroutines.done(v + 1);
    }

    /** Returns what the await produced, or the exception it threw. */
    @Async
    static Coroutine<Object> catchesAwaitFailure(Awaitable<?> awaitable) {
        try {
            Object v = Coroutines.await(awaitable);
            return Coroutines.done("no failure: " + v);
        } catch (Exception e) {
            return Coroutines.done(e);
        }
    }

    @Async
    static Coroutine<Object> catchesStageFailure(CompletableFuture<?> stage) {
        try {
            Object v = Coroutines.await(stage);
            return Coroutines.done("no failure: " + v);
        } catch (Exception e) {
            return Coroutines.done(e);
        }
    }

    /** Awaits a leaf and passes its result on: a coroutine in the middle of a chain. */
    @Async
    static Coroutine<Object> passOn(Awaitable<?> leaf) {
        Object v = Coroutines.await(leaf);
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<Integer> awaitsTwice(Coroutine<Integer> c) {
        int a = Coroutines.await(c);
        int b = Coroutines.await(c);
        return Coroutines.done(a + b);
    }

    /** {@code depth} coroutines awaiting each other; the innermost awaits {@code leaf}; each adds 1. */
    @Async
    static Coroutine<Integer> chain(int depth, Awaitable<Integer> leaf) {
        if (depth == 0) {
            int v = Coroutines.await(leaf);
            return Coroutines.done(v);
        }
        int below = Coroutines.await(chain(depth - 1, leaf));
        return Coroutines.done(below + 1);
    }

    @Async
    static Coroutine<String> awaitsHandWritten(Coroutine<String> handWritten) {
        String s = Coroutines.await(handWritten);
        return Coroutines.done("outer got " + s);
    }

    /** Returns another coroutine instead of a value: a tail await. */
    @Async
    static Coroutine<Integer> tailAwaits(int x) {
        return tenTimes(x);
    }

    @Async
    static Coroutine<Object> guarded(Awaitable<?> leaf, List<String> log) {
        try {
            Coroutines.await(leaf);
            log.add("resumed");
        } finally {
            log.add("finally");
        }
        return Coroutines.done();
    }

    /** A Coroutine written by hand: awaits {@code leaf} once and returns what it got plus "!". */
    static final class HandWritten implements Coroutine<String> {
        private final Leaf<String> leaf;
        private CoroutineState state = CREATED;

        HandWritten(Leaf<String> leaf) {
            this.leaf = leaf;
        }

        @Override
        public Object send(Object value) {
            if (state == CREATED) {
                state = SUSPENDED;
                return leaf;
            }
            state = CLOSED;
            throw new StopIteration(value + "!");
        }

        @Override
        public Object throwIn(Throwable error) {
            state = CLOSED;
            throw HandWritten.<RuntimeException>sneaky(error);
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> T sneaky(Throwable t) throws T {
            throw (T) t;
        }

        @Override
        public void close() {
            state = CLOSED;
        }

        @Override
        public CoroutineState state() {
            return state;
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void callingACoroutineMethodRunsNothing() {
        Coroutine<Integer> c = tenTimes(3);
        assertEquals(CREATED, c.state());
        assertThrows(IllegalArgumentException.class, () -> c.send("not null"), "first send must be null");
        assertEquals(CREATED, c.state());
    }

    @Test
    void aLeafAwaitIsHandedToTheDriverAndTheResultSentBack() {
        Leaf<Integer> leaf = Leaf.of(3);
        Coroutine<Object> c = passOn(leaf);
        assertSame(leaf, c.send(null), "the user's own awaitable is handed over as it is");
        assertEquals(SUSPENDED, c.state());
        StopIteration end = assertThrows(StopIteration.class, () -> c.send(42));
        assertEquals(42, end.value(), "the await returns what the driver sent, not what the leaf holds");
        assertEquals(CLOSED, c.state());
    }

    @Test
    void awaitOfAWovenCoroutineRunsInlineAndOnlyLeavesReachTheDriver() {
        Driver driver = new Driver();
        assertEquals(30, driver.run(sumOfTenTimes()));
        assertEquals(2, driver.seen.size(), "one leaf per inner coroutine: " + driver.seen);
        for (Object awaited : driver.seen) {
            assertInstanceOf(Leaf.class, awaited);
            assertFalse(awaited instanceof Coroutine, "an inner coroutine reached the driver: " + awaited);
        }
    }

    @Test
    void awaitOfACoroutineThatNeverSuspendsDoesNotSuspend() {
        Coroutine<Integer> c = awaitsImmediate();
        assertEquals(5, assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void awaitOfDoneDoesNotSuspend() {
        Coroutine<Integer> c = awaitsDone();
        assertEquals(8, assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void awaitOfACompletedFutureDoesNotSuspend() {
        Coroutine<Object> c = awaitsStage(CompletableFuture.completedFuture(1));
        assertEquals(2, assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void awaitOfAFailedFutureThrowsTheCauseWithoutSuspending() {
        IOException io = new IOException("failed before");
        Coroutine<Object> c = catchesStageFailure(CompletableFuture.failedFuture(io));
        assertSame(io, assertThrows(StopIteration.class, () -> c.send(null)).value());
    }

    @Test
    void awaitOfAnIncompleteFutureSuspendsAndHandsThatFutureToTheDriver() {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        Coroutine<Object> c = awaitsStage(future);
        assertSame(future, c.send(null));
        assertEquals(SUSPENDED, c.state());
        future.complete(9);
        assertEquals(10, assertThrows(StopIteration.class, () -> c.send(9)).value());
    }

    @Test
    void anAwaitedCheckedFailureIsRethrownAsItIs() {
        IOException io = new IOException("checked failure");
        Leaf<Object> leaf = Leaf.failing(io);
        Coroutine<Object> c = catchesAwaitFailure(leaf);
        assertSame(leaf, c.send(null));
        assertSame(io, assertThrows(StopIteration.class, () -> c.throwIn(io)).value());
    }

    @Test
    void anAwaitedFailureCrossesAnInnerCoroutineUnchanged() {
        IOException io = new IOException("from the leaf");
        Coroutine<Object> c = catchesAwaitFailure(passOn(Leaf.failing(io)));
        assertSame(io, Driver.runToEnd(c));
    }

    @Test
    void anUnhandledAwaitedFailureEscapesTheCoroutineUnchanged() {
        IOException io = new IOException("unhandled");
        Coroutine<Object> c = passOn(Leaf.failing(io));
        assertSame(io, assertThrows(IOException.class, () -> Driver.runToEnd(c)));
        assertEquals(CLOSED, c.state());
    }

    @Test
    void awaitOfAHandWrittenCoroutineDrivesItThroughItsOwnMethods() {
        Leaf<String> leaf = Leaf.of("a");
        HandWritten handWritten = new HandWritten(leaf);
        Driver driver = new Driver();
        assertEquals("outer got a!", driver.run(awaitsHandWritten(handWritten)));
        assertEquals(List.of(leaf), driver.seen);
        assertEquals(CLOSED, handWritten.state());
    }

    @Test
    void awaitingTheSameCoroutineTwiceFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Driver.runToEnd(awaitsTwice(immediate(5))));
        assertTrue(e.getMessage().contains("cannot reuse already awaited coroutine"), e.getMessage());
    }

    /**
     * A coroutine is awaited once: send or throwIn after it finished, by returning or by raising, fails as
     * CPython's "cannot reuse already awaited coroutine" does; close() of it still does nothing.
     */
    @Test
    void sendOrThrowInAfterACoroutineReturnedFails() {
        Coroutine<Integer> c = immediate(5);
        assertEquals(5, assertThrows(StopIteration.class, () -> c.send(null)).value());
        assertCannotBeReused(c);
    }

    @Test
    void sendOrThrowInAfterACoroutineRaisedFails() {
        Coroutine<Object> c = passOn(Leaf.of(1));
        assertInstanceOf(Leaf.class, c.send(null));
        IOException error = new IOException("failed");
        assertSame(error, assertThrows(IOException.class, () -> c.throwIn(error)));
        assertCannotBeReused(c);
    }

    @Test
    void sendOrThrowInAfterACoroutineWasClosedFails() {
        Coroutine<Object> c = passOn(Leaf.of(1));
        c.close();
        assertCannotBeReused(c);
    }

    /** A generator keeps answering as CPython's does: StopIteration for send, the error itself for throwIn. */
    @Test
    void aGeneratorThatRaisedStillAnswersSendAndThrowIn() {
        dev.weft.Generator<Integer, Object, String> g = Fixtures.countTo(2);
        g.next();
        IllegalStateException error = new IllegalStateException("failed");
        assertSame(error, assertThrows(IllegalStateException.class, () -> g.throwIn(error)));
        assertEquals(null, assertThrows(StopIteration.class, () -> g.send(null)).value());
        IllegalArgumentException late = new IllegalArgumentException("late");
        assertSame(late, assertThrows(IllegalArgumentException.class, () -> g.throwIn(late)));
    }

    private static void assertCannotBeReused(Coroutine<?> c) {
        List<Executable> reuses = List.of(() -> c.send(null), () -> c.throwIn(new IllegalArgumentException("late")),
                () -> c.sendOrDone(null), () -> c.throwInOrDone(new IllegalArgumentException("late")));
        for (Executable reuse : reuses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, reuse);
            assertTrue(e.getMessage().startsWith("cannot reuse already awaited coroutine: "), e.getMessage());
        }
        c.close();
        assertEquals(CLOSED, c.state());
        assertThrows(IllegalStateException.class, () -> c.send(null), "close() did nothing");
    }

    @Test
    void returningACoroutineAwaitsIt() {
        Driver driver = new Driver();
        assertEquals(40, driver.run(tailAwaits(4)));
        assertEquals(1, driver.seen.size());
        assertInstanceOf(Leaf.class, driver.seen.get(0));
    }

    @Test
    void closeOfASuspendedCoroutineRunsItsFinallyBlocks() {
        List<String> log = new ArrayList<>();
        Coroutine<Object> c = guarded(Leaf.of(1), log);
        c.send(null);
        c.close();
        assertEquals(List.of("finally"), log);
        assertEquals(CLOSED, c.state());
    }

    @Test
    @Timeout(60)
    void aChainOf100000CoroutinesAwaitingEachOther() {
        Leaf<Integer> leaf = Leaf.of(7);
        Driver driver = new Driver();
        assertEquals(100_007, driver.run(chain(100_000, leaf)));
        assertEquals(List.of(leaf), driver.seen, "only the innermost leaf reaches the driver");
    }

    @Test
    @Timeout(60)
    void aFailureAtTheBottomOfA100000DeepChainReachesTheTopUnchanged() {
        IOException io = new IOException("bottom failed");
        Coroutine<Object> c = catchesAwaitFailure(chain(100_000, Leaf.failing(io)));
        assertSame(io, Driver.runToEnd(c));
    }
}
