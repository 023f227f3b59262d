package dev.weft.tests;

import static dev.weft.CoroutineState.CLOSED;
import static dev.weft.CoroutineState.RUNNING;
import static dev.weft.CoroutineState.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.StopIteration;
import dev.weft.internal.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code await} of a just-created woven coroutine runs it directly on the Java stack, as a call, and
 * moves it to the heap chain only if it suspends (or when such calls nest too deep). None of that may be
 * visible: these tests pin the protocol at the seams of that fast path.
 */
class InlineAwaitTest {

    // ------------------------------------------------------------------ fixtures

    /** {@code depth} coroutines awaiting each other; the innermost awaits {@code leaf} {@code times} times. */
    @Async
    static Coroutine<Integer> chain(int depth, Awaitable<Integer> leaf, int times) {
        if (depth == 0) {
            int sum = 0;
            for (int i = 0; i < times; i++) {
                int v = Coroutines.await(leaf);
                sum += v;
            }
            return Coroutines.done(sum);
        }
        int below = Coroutines.await(chain(depth - 1, leaf, times));
        return Coroutines.done(below + 1);
    }

    @Async
    static Coroutine<Integer> fails(RuntimeException error) {
        throw error;
    }

    @Async
    static Coroutine<Integer> raisesStopIteration() {
        throw new StopIteration(5);
    }

    @Async
    static Coroutine<Object> catches(Coroutine<?> inner, List<String> log) {
        try {
            Object v = Coroutines.await(inner);
            log.add("returned " + v);
            return Coroutines.done(v);
        } catch (RuntimeException e) {
            log.add("caught " + e.getMessage());
            return Coroutines.done(e);
        } finally {
            log.add("outer finally");
        }
    }

    @Async
    static Coroutine<Integer> guardedLeaf(Awaitable<Integer> leaf, List<String> log) {
        try {
            int v = Coroutines.await(leaf);
            return Coroutines.done(v);
        } finally {
            log.add("inner finally");
        }
    }

    /** Records the states it sees of the coroutine that awaits it, and of itself, while it runs. */
    @Async
    static Coroutine<Integer> observes(AtomicReference<Coroutine<?>> awaiter, AtomicReference<Coroutine<?>> self,
            List<CoroutineState> seen) {
        seen.add(awaiter.get().state());
        seen.add(self.get().state());
        return Coroutines.done(1);
    }

    @Async
    static Coroutine<Integer> awaits(Coroutine<Integer> inner) {
        int v = Coroutines.await(inner);
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<Void> returnsNothing() {
        return Coroutines.done();
    }

    @Async
    static Coroutine<Object> awaitsAny(Coroutine<?> inner) {
        Object v = Coroutines.await(inner);
        return Coroutines.done(v);
    }

    /** Awaits whatever {@code target} holds when it runs: the coroutine that awaits it, for a cycle. */
    @Async
    static Coroutine<Integer> awaitsTarget(AtomicReference<Coroutine<Integer>> target) {
        int v = Coroutines.await(target.get());
        return Coroutines.done(v);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void anInlineChainThatSuspendsHandsOnlyTheLeafToTheDriverAndResumesAtTheBottom() {
        Leaf<Integer> leaf = Leaf.of(5);
        for (int depth : new int[] {1, 2, 127, 128, 129, 130, 400}) {
            Driver driver = new Driver();
            assertEquals(depth + 15, driver.run(chain(depth, leaf, 3)), "depth " + depth);
            assertEquals(List.of(leaf, leaf, leaf), driver.seen, "depth " + depth);
        }
    }

    @Test
    void aSuspendedInlineChainIsOneChainOfFramesFromTheTop() {
        Leaf<Integer> leaf = Leaf.of(5);
        for (int depth : new int[] {3, 100, 300}) {
            Coroutine<Integer> top = chain(depth, leaf, 1);
            assertSame(leaf, top.send(null));
            assertEquals(SUSPENDED, top.state());
            List<StackTraceElement> stack = ((Frame) (Object) top).stack();
            assertEquals(depth + 1, stack.size(), "innermost first, every level: " + stack);
            assertTrue(stack.stream().allMatch(e -> e.getMethodName().equals("chain")), stack.toString());
            assertEquals(depth + 5, assertThrows(StopIteration.class, () -> top.send(5)).value());
            assertEquals(CLOSED, top.state());
        }
    }

    @Test
    @Timeout(60)
    void aDeepInlineChainFitsInASmallThreadStack() throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                outcome.set(Driver.runToEnd(chain(50_000, Leaf.of(1), 2)));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertEquals(50_002, outcome.get());
    }

    @Test
    void aFailureOfAnInlineCoroutineIsCaughtAtTheAwait() {
        List<String> log = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        Coroutine<Integer> failing = fails(boom);
        assertSame(boom, Driver.runToEnd(catches(failing, log)));
        assertEquals(List.of("caught boom", "outer finally"), log);
        assertEquals(CLOSED, failing.state(), "the failed coroutine ended, with no driver around it");
    }

    @Test
    void aStopIterationRaisedByAnInlineCoroutineReachesTheAwaitAsARuntimeException() {
        // PEP 479, as under a driver: a StopIteration leaving a body is a bug in it, not its end
        List<String> log = new ArrayList<>();
        Coroutine<Integer> raises = raisesStopIteration();
        Object outcome = Driver.runToEnd(catches(raises, log));
        assertTrue(outcome instanceof RuntimeException && !(outcome instanceof StopIteration)
                && ((RuntimeException) outcome).getMessage().contains("raised StopIteration"), String.valueOf(outcome));
        assertTrue(((RuntimeException) outcome).getCause() instanceof StopIteration);
        assertEquals(CLOSED, raises.state());
    }

    @Test
    void throwInAtTheLeafOfAnInlineStartedChainReachesTheAwaiter() {
        List<String> log = new ArrayList<>();
        Leaf<Integer> leaf = Leaf.of(1);
        Coroutine<Object> c = catches(guardedLeaf(leaf, log), log);
        assertSame(leaf, c.send(null));
        IllegalArgumentException error = new IllegalArgumentException("thrown in");
        assertSame(error, assertThrows(StopIteration.class, () -> c.throwIn(error)).value());
        assertEquals(List.of("inner finally", "caught thrown in", "outer finally"), log);
    }

    @Test
    void closeOfAnAwaiterSuspendedInAnInlineStartedCoroutineClosesBoth() {
        List<String> log = new ArrayList<>();
        Coroutine<Integer> inner = guardedLeaf(Leaf.of(1), log);
        Coroutine<Object> c = catches(inner, log);
        c.send(null);
        c.close();
        assertEquals(List.of("inner finally", "outer finally"), log);
        assertEquals(CLOSED, c.state());
        assertEquals(CLOSED, inner.state());
    }

    @Test
    void anInlineCoroutineSeesItselfAndItsAwaiterRunning() {
        AtomicReference<Coroutine<?>> awaiter = new AtomicReference<>();
        AtomicReference<Coroutine<?>> self = new AtomicReference<>();
        List<CoroutineState> seen = new ArrayList<>();
        Coroutine<Integer> inner = observes(awaiter, self, seen);
        self.set(inner);
        Coroutine<Integer> outer = awaits(inner);
        awaiter.set(outer);
        assertEquals(1, Driver.runToEnd(outer));
        assertEquals(List.of(RUNNING, RUNNING), seen);
    }

    @Test
    void anInlineCoroutineThatAwaitsItsAwaiterFailsAsAlreadyExecuting() {
        AtomicReference<Coroutine<Integer>> target = new AtomicReference<>();
        List<String> log = new ArrayList<>();
        Coroutine<Integer> middle = awaitsTarget(target);
        Coroutine<Object> top = catches(middle, log);
        target.set(LoopBack.of(top));
        Object outcome = Driver.runToEnd(top);
        assertTrue(outcome instanceof IllegalStateException && ((Exception) outcome).getMessage()
                .contains("already executing"), String.valueOf(outcome));
    }

    @Test
    void aCoroutineAwaitedInlineCannotBeAwaitedAgain() {
        Coroutine<Integer> once = chain(0, Leaf.of(2), 0);
        assertEquals(0, Driver.runToEnd(awaits(once)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Driver.runToEnd(awaits(once)));
        assertTrue(e.getMessage().contains("cannot reuse already awaited coroutine"), e.getMessage());
    }

    @Test
    void aCoroutineStartedByHandIsNotTakenOverByAnAwait() {
        // CPython: "RuntimeError: coroutine is being awaited already", raised at the await; the coroutine
        // stays with whoever started it
        Leaf<Integer> leaf = Leaf.of(4);
        Coroutine<Integer> started = chain(0, leaf, 1);
        assertSame(leaf, started.send(null));
        List<String> log = new ArrayList<>();
        Object outcome = Driver.runToEnd(catches(started, log));
        assertTrue(outcome instanceof IllegalStateException && ((Exception) outcome).getMessage()
                .startsWith("coroutine is being awaited already"), String.valueOf(outcome));
        assertEquals(List.of("caught " + ((Exception) outcome).getMessage(), "outer finally"), log);
        assertEquals(SUSPENDED, started.state());
        assertEquals(4, assertThrows(StopIteration.class, () -> started.send(4)).value());
    }

    @Test
    void aCoroutineSuspendedInAnAwaitOfItsOwnIsNotTakenOverEither() {
        // the inline await below it made it a chain of two frames: its top is what an await would adopt
        Leaf<Integer> leaf = Leaf.of(2);
        Coroutine<Integer> started = chain(1, leaf, 1);
        assertSame(leaf, started.send(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Driver.runToEnd(awaits(started)));
        assertTrue(e.getMessage().startsWith("coroutine is being awaited already"), e.getMessage());
        assertEquals(3, assertThrows(StopIteration.class, () -> started.send(2)).value());
    }

    @Test
    void aCoroutineAwaitedAtTheInlineDepthLimitIsStillAwaitedFromItsStart() {
        // past the inline depth limit an await delegates to a created frame without running it first
        assertEquals(1_000 + 3, Driver.runToEnd(chain(1_000, Leaf.of(3), 1)));
    }

    @Test
    void whatAnInlineRunLeavesInAFrameIsItsOwnOutcomeOnly() {
        // while a coroutine runs inline its frame carries how deep it runs; none of that may outlive the run
        Coroutine<Void> nothing = returnsNothing();
        Coroutine<Object> middle = awaitsAny(nothing);
        assertEquals(null, Driver.runToEnd(awaitsAny(middle)));
        assertEquals(null, ((Frame) (Object) nothing).returnValue());
        assertEquals(null, ((Frame) (Object) middle).returnValue());

        Leaf<Integer> leaf = Leaf.of(7);
        Coroutine<Integer> suspends = chain(0, leaf, 1);
        Coroutine<Object> top = awaitsAny(awaitsAny(suspends));
        assertSame(leaf, top.send(null), "the leaf's awaitable, not a depth, comes out first");
        assertEquals(7, assertThrows(StopIteration.class, () -> top.send(7)).value());
        assertEquals(7, ((Frame) (Object) suspends).returnValue());
    }

    /** Types the top coroutine as a {@code Coroutine<Integer>} for {@link #awaitsTarget}. */
    private static final class LoopBack {
        @SuppressWarnings("unchecked")
        static Coroutine<Integer> of(Coroutine<?> c) {
            return (Coroutine<Integer>) c;
        }
    }
}
