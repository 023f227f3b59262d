package dev.weft.tests;

import static dev.weft.CoroutineState.CLOSED;
import static dev.weft.CoroutineState.CREATED;
import static dev.weft.CoroutineState.RUNNING;
import static dev.weft.CoroutineState.SUSPENDED;
import static dev.weft.tests.Fixtures.countTo;
import static dev.weft.tests.Fixtures.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code yieldFrom} (PEP 380): values out; send, throwIn and close in; the sub-generator's return value back. */
class YieldFromTest {

    // ------------------------------------------------------------------ fixtures

    /** Yields 1 and 2 and returns "inner result"; logs its finally block. */
    @Async
    static Generator<Integer, Object, String> inner(List<String> log) {
        try {
            Coroutines.yield(1);
            Coroutines.yield(2);
        } finally {
            log.add("inner finally");
        }
        return Coroutines.done("inner result");
    }

    /** Yields "before", delegates to {@code sub}, yields what it returned; logs its finally block. */
    @Async
    static Generator<Object, Object, String> outer(Generator<?, ?, String> sub, List<String> log) {
        try {
            Coroutines.yield("before");
            String returned = Coroutines.yieldFrom(sub);
            Coroutines.yield("sub returned " + returned);
        } finally {
            log.add("outer finally");
        }
        return Coroutines.done("outer result");
    }

    /** Delegates to {@code sub}, then yields what it returned. */
    @Async
    static Generator<Object, Object, Object> reportsReturn(Generator<?, ?, ?> sub) {
        Object returned = Coroutines.yieldFrom(sub);
        Coroutines.yield("returned " + returned);
        return Coroutines.done(returned);
    }

    /** Collects the values sent in until null; returns how many. */
    @Async
    static Generator<String, String, Integer> collector(List<String> got) {
        String s = Coroutines.yield("give");
        while (s != null) {
            got.add(s);
            s = Coroutines.yield("got " + s);
        }
        return Coroutines.done(got.size());
    }

    @Async
    static Generator<String, String, Object> collectsThroughYieldFrom(List<String> got) {
        int n = Coroutines.yieldFrom(collector(got));
        Coroutines.yield("collected " + n);
        return Coroutines.done();
    }

    /** Handles one IllegalArgumentException thrown in at its first yield. */
    @Async
    static Generator<String, Object, String> handlesOnce() {
        String status;
        try {
            Coroutines.yield("inner waiting");
            status = "inner resumed";
        } catch (IllegalArgumentException e) {
            status = "inner handled " + e.getMessage();
        }
        Coroutines.yield(status);
        return Coroutines.done("inner done");
    }

    /** Catches an IllegalStateException raised at its yieldFrom. */
    @Async
    static Generator<Object, Object, Object> catchesAroundYieldFrom(Generator<?, ?, ?> sub) {
        String status;
        try {
            Coroutines.yieldFrom(sub);
            status = "sub completed";
        } catch (IllegalStateException e) {
            status = "outer caught " + e.getMessage();
        }
        Coroutines.yield(status);
        return Coroutines.done();
    }

    /** Yields the state of {@code delegator} and the outcome of re-entering it, both seen from inside. */
    @Async
    static Generator<Object, Object, Object> looksUp(AtomicReference<Generator<Object, Object, Object>> delegator) {
        CoroutineState seen = delegator.get().state();
        Object reentry;
        try {
            delegator.get().send(null);
            reentry = "re-entry was allowed";
        } catch (IllegalStateException e) {
            reentry = e;
        }
        Coroutines.yield(seen);
        Coroutines.yield(reentry);
        return Coroutines.done();
    }

    @Async
    static Generator<Object, Object, Object> lettersThenEnd() {
        Coroutines.yieldFrom(List.of("a", "b", "c"));
        Coroutines.yield("end");
        return Coroutines.done();
    }

    /** Catches what a non-null send into a yieldFrom(iterable) raises. */
    @Async
    static Generator<Object, Object, Object> catchesSendIntoIterable() {
        Object status;
        try {
            Coroutines.yieldFrom(List.of(1, 2, 3));
            status = "iterable exhausted";
        } catch (RuntimeException e) {
            status = e;
        }
        Coroutines.yield(status);
        return Coroutines.done();
    }

    @Async
    static Generator<Object, Object, Object> yieldsFromDone() {
        Object value = Coroutines.yieldFrom(Coroutines.done("ready-made"));
        Object none = Coroutines.yieldFrom(Coroutines.done());
        Coroutines.yield(value + " " + none);
        return Coroutines.done();
    }

    /** Yields "bottom" at depth 0, takes the value sent in there, and adds 1 per level on the way up. */
    @Async
    static Generator<String, Integer, Integer> deep(int depth) {
        if (depth == 0) {
            Integer sent = Coroutines.yield("bottom");
            return Coroutines.done(sent);
        }
        int below = Coroutines.yieldFrom(deep(depth - 1));
        return Coroutines.done(below + 1);
    }

    @Async
    static Generator<String, Integer, String> catchesAtTop(int depth) {
        try {
            int r = Coroutines.yieldFrom(deep(depth));
            return Coroutines.done("returned " + r);
        } catch (IllegalStateException e) {
            return Coroutines.done("caught " + e.getMessage());
        }
    }

    /** Every level has a finally block that counts. */
    @Async
    static Generator<String, Object, Object> deepGuarded(int depth, List<Integer> finallies) {
        try {
            if (depth == 0) {
                Coroutines.yield("bottom");
            } else {
                Coroutines.yieldFrom(deepGuarded(depth - 1, finallies));
            }
        } finally {
            finallies.add(depth);
        }
        return Coroutines.done();
    }

    /** The integers from {@code from} to {@code to - 1}, one level of recursion per element. */
    @Async
    static Generator<Integer, Object, Object> range(int from, int to) {
        if (from < to) {
            Coroutines.yield(from);
            Coroutines.yieldFrom(range(from + 1, to));
        }
        return Coroutines.done();
    }

    record Node(int value, Node left, Node right) {}

    @Async
    static Generator<Integer, Object, Object> inOrder(Node node) {
        if (node != null) {
            Coroutines.yieldFrom(inOrder(node.left()));
            Coroutines.yield(node.value());
            Coroutines.yieldFrom(inOrder(node.right()));
        }
        return Coroutines.done();
    }

    /** Yields 0, then hands the rest of its life to countTo(2): a tail delegation. */
    @Async
    static Generator<Integer, Object, String> tailDelegates(List<String> log) {
        Coroutines.yield(0);
        log.add("handing over");
        return countTo(2);
    }

    /** Delegates at once by returning a generator. */
    @Async
    static Generator<String, String, Integer> tailDelegatesAtOnce(List<String> got) {
        return collector(got);
    }

    /** A Generator written by hand, not woven: yields n down to 1, returns "liftoff", logs every call. */
    static final class Countdown implements Generator<Integer, Object, String> {
        final List<String> calls = new ArrayList<>();
        private int remaining;
        private int current;
        private CoroutineState state = CREATED;
        private boolean returned;

        Countdown(int n) {
            this.remaining = n;
        }

        @Override
        public Integer send(Object value) {
            calls.add("send " + value);
            if (state == CLOSED) {
                throw new StopIteration();
            }
            if (state == CREATED && value != null) {
                throw new IllegalArgumentException("just started");
            }
            state = SUSPENDED;
            if (remaining == 0) {
                state = CLOSED;
                returned = true;
                throw new StopIteration("liftoff");
            }
            current = remaining--;
            return current;
        }

        /** Holds (yields the current number again) on IllegalArgumentException; anything else ends it. */
        @Override
        public Integer throwIn(Throwable error) {
            calls.add("throwIn " + error.getMessage());
            if (state == SUSPENDED && error instanceof IllegalArgumentException) {
                return current;
            }
            state = CLOSED;
            throw Countdown.<RuntimeException>sneaky(error);
        }

        @SuppressWarnings("unchecked")
        private static <T extends Throwable> T sneaky(Throwable t) throws T {
            throw (T) t;
        }

        @Override
        public void close() {
            calls.add("close");
            state = CLOSED;
        }

        @Override
        public CoroutineState state() {
            return state;
        }

        @Override
        public String returnValue() {
            if (!returned) {
                throw new IllegalStateException("has not returned");
            }
            return "liftoff";
        }

        @Override
        public Integer next() {
            return send(null);
        }

        @Override
        public boolean hasNext() {
            return state != CLOSED && remaining > 0;
        }
    }

    // ------------------------------------------------------------------ woven sub-generators

    @Test
    void valuesPassThroughAndTheReturnValueComesBack() {
        List<String> log = new ArrayList<>();
        Generator<Object, Object, String> g = outer(inner(log), log);
        assertEquals(List.of("before", 1, 2, "sub returned inner result"), drain(g));
        assertEquals("outer result", g.returnValue());
        assertEquals(List.of("inner finally", "outer finally"), log);
    }

    @Test
    void sendPassesThroughToTheSubGenerator() {
        List<String> got = new ArrayList<>();
        Generator<String, String, Object> g = collectsThroughYieldFrom(got);
        assertEquals("give", g.send(null));
        assertEquals("got x", g.send("x"));
        assertEquals("got y", g.send("y"));
        assertEquals("collected 2", g.send(null));
        assertEquals(List.of("x", "y"), got);
    }

    @Test
    void throwInPassesThroughToTheSubGenerator() {
        Generator<Object, Object, Object> g = reportsReturn(handlesOnce());
        assertEquals("inner waiting", g.next());
        assertEquals("inner handled oops", g.throwIn(new IllegalArgumentException("oops")));
        assertEquals("returned inner done", g.next());
    }

    @Test
    void anExceptionTheSubGeneratorDoesNotHandleIsRaisedAtTheYieldFrom() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, String> sub = inner(log);
        Generator<Object, Object, Object> g = catchesAroundYieldFrom(sub);
        assertEquals(1, g.next());
        assertEquals("outer caught boom", g.throwIn(new IllegalStateException("boom")));
        assertEquals(List.of("inner finally"), log);
        assertEquals(CLOSED, sub.state());
        assertEquals(SUSPENDED, g.state());
    }

    /** The innermost of three: its finally yields, ignoring the GeneratorExit. */
    @Async
    static Generator<String, Object, String> stubbornInnermost(List<String> log) {
        try {
            Coroutines.yield("innermost");
        } finally {
            log.add("innermost finally");
            Coroutines.yield("innermost ignores the exit");
        }
        return Coroutines.done("innermost result");
    }

    /** The middle of three: delegates to {@code sub}; its finally yields, or returns, as {@code yields} says. */
    @Async
    static Generator<String, Object, String> middle(Generator<String, Object, String> sub, boolean yields,
                                                    List<String> log) {
        try {
            Coroutines.yieldFrom(sub);
        } finally {
            log.add("middle finally");
            if (yields) {
                Coroutines.yield("middle ignores the exit");
            } else {
                return Coroutines.done("middle returned");
            }
        }
        return Coroutines.done("middle result");
    }

    /** The outermost of three: delegates to {@code sub} and goes on with what it returned. */
    @Async
    static Generator<String, Object, String> outermost(Generator<String, Object, String> sub, List<String> log) {
        String got = Coroutines.yieldFrom(sub);
        log.add("outermost got " + got);
        Coroutines.yield("outermost went on");
        return Coroutines.done(got);
    }

    /**
     * PEP 380 closes level by level: the middle generator is being closed by the outermost while the
     * innermost's close fails (RuntimeError, it yielded), so the middle's own yield in its finally is
     * ignoring that close too: close() fails and everything but the innermost ends (CPython's outcome).
     */
    @Test
    void aMiddleDelegateThatYieldsWhileClosedMakesCloseFail() {
        List<String> log = new ArrayList<>();
        Generator<String, Object, String> innermost = stubbornInnermost(log);
        Generator<String, Object, String> g = outermost(middle(innermost, true, log), log);
        assertEquals("innermost", g.next());
        RuntimeException e = assertThrows(RuntimeException.class, g::close);
        assertEquals(true, e.getMessage().contains("ignored GeneratorExit"), e.getMessage());
        assertEquals(List.of("innermost finally", "middle finally"), log);
        assertEquals(CLOSED, g.state());
        assertEquals(SUSPENDED, innermost.state(), "it ignored the exit, and stays where it yielded");
    }

    /**
     * A middle delegate that returns while being closed has closed cleanly: the outermost gets the
     * GeneratorExit, not the value, and does not go on.
     */
    @Test
    void aMiddleDelegateThatReturnsWhileClosedEndsTheClose() {
        List<String> log = new ArrayList<>();
        Generator<String, Object, String> g = outermost(middle(stubbornInnermost(log), false, log), log);
        assertEquals("innermost", g.next());
        g.close();
        assertEquals(List.of("innermost finally", "middle finally"), log, "the outermost never got the value");
        assertEquals(CLOSED, g.state());
    }

    /**
     * The delegate was closed directly while the delegator waited on it: closing the delegator closes
     * nothing more below it (close() of a finished generator does nothing) and throws GeneratorExit into
     * the delegator, whose yield in its finally then makes close() fail, as in CPython.
     */
    @Test
    void closingADelegatorWhoseDelegateWasClosedDirectly() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, String> sub = inner(log);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Generator<String, Object, String> g = middle((Generator) sub, true, log);
        assertEquals(1, g.next());
        sub.close();
        RuntimeException e = assertThrows(RuntimeException.class, g::close);
        assertEquals(true, e.getMessage().contains("ignored GeneratorExit"), e.getMessage());
        assertEquals(List.of("inner finally", "middle finally"), log);

        List<String> log2 = new ArrayList<>();
        Generator<Integer, Object, String> sub2 = inner(log2);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Generator<String, Object, String> g2 = middle((Generator) sub2, false, log2);
        assertEquals(1, g2.next());
        sub2.close();
        g2.close();
        assertEquals(CLOSED, g2.state());
        assertEquals(List.of("inner finally", "middle finally"), log2);
    }

    /** A GeneratorExit of another class than the one close() and the driver raise. */
    static final class OtherExit extends GeneratorExit {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Records the GeneratorExit raised at its yield, and raises another in its place: an {@link OtherExit},
     * or, unless {@code exitAgain}, an IllegalStateException.
     */
    @Async
    static Generator<String, Object, Object> exitsWithItsOwn(boolean exitAgain, List<Throwable> seen) {
        try {
            Coroutines.yield("delegate");
        } catch (GeneratorExit e) {
            seen.add(e);
            if (exitAgain) {
                throw new OtherExit();
            }
            throw new IllegalStateException("cleanup failed");
        }
        return Coroutines.done();
    }

    /** Delegates to {@code sub}; records what reaches it at the yieldFrom, and lets it go on. */
    @Async
    static Generator<String, Object, Object> recordsWhatReachesIt(Generator<String, Object, Object> sub,
                                                                  List<Throwable> seen) {
        try {
            Coroutines.yieldFrom(sub);
        } catch (Throwable t) {
            seen.add(t);
            throw t;
        }
        return Coroutines.done();
    }

    /**
     * A delegate that raises a GeneratorExit of its own while being closed has closed cleanly (a close()
     * that ends in any GeneratorExit succeeds): its delegator gets the exit close() raised, the same
     * instance, not the delegate's (PEP 380, as CPython does).
     */
    @Test
    void aDelegateRaisingAnotherGeneratorExitWhileClosedClosesCleanlyAndTheDelegatorGetsTheOriginal() {
        List<Throwable> seen = new ArrayList<>();
        Generator<String, Object, Object> g = recordsWhatReachesIt(exitsWithItsOwn(true, seen), seen);
        assertEquals("delegate", g.next());
        g.close();
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(GeneratorExit.class, seen.get(1).getClass());
        assertSame(seen.get(0), seen.get(1), "the delegator got the exit its delegate was closed with");
        assertEquals(CLOSED, g.state());
    }

    /** The same for a GeneratorExit thrown in: the delegator gets that very instance back. */
    @Test
    void aDelegateRaisingAnotherGeneratorExitWhenOneIsThrownInGivesTheDelegatorTheOneThrownIn() {
        List<Throwable> seen = new ArrayList<>();
        Generator<String, Object, Object> g = recordsWhatReachesIt(exitsWithItsOwn(true, seen), seen);
        assertEquals("delegate", g.next());
        GeneratorExit mine = new GeneratorExit();
        assertSame(mine, assertThrows(GeneratorExit.class, () -> g.throwIn(mine)));
        assertEquals(List.of(mine, mine), seen);
        assertEquals(CLOSED, g.state());
    }

    /** Any other error a delegate raises while being closed reaches its delegator as it is. */
    @Test
    void anotherErrorADelegateRaisesWhileClosedReachesTheDelegatorAsItIs() {
        List<Throwable> seen = new ArrayList<>();
        Generator<String, Object, Object> g = recordsWhatReachesIt(exitsWithItsOwn(false, seen), seen);
        assertEquals("delegate", g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
        assertEquals("cleanup failed", e.getMessage());
        assertEquals(2, seen.size(), seen.toString());
        assertSame(e, seen.get(1));
        assertEquals(CLOSED, g.state());
    }

    /** Catches what reaches it at a yieldFrom over a list, then yields what it caught. */
    @Async
    static Generator<Object, Object, Object> catchesAroundAList() {
        try {
            Coroutines.yieldFrom(List.of(1, 2));
        } catch (RuntimeException e) {
            Coroutines.yield(e);
        }
        return Coroutines.done();
    }

    /**
     * A plain iterator has no throwIn: an exception thrown in is raised at the yieldFrom as it is (PEP 380),
     * a StopIteration too (PEP 479 is for what escapes a body, and this one has not escaped any yet).
     */
    @Test
    void aStopIterationThrownIntoAYieldFromListIsRaisedAtTheYieldFromAsItIs() {
        Generator<Object, Object, Object> g = catchesAroundAList();
        assertEquals(1, g.next());
        StopIteration thrown = new StopIteration(5);
        assertEquals(thrown, g.throwIn(thrown));
    }

    @Test
    void closePassesThroughToTheSubGeneratorFirst() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, String> sub = inner(log);
        Generator<Object, Object, String> g = outer(sub, log);
        assertEquals("before", g.next());
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("inner finally", "outer finally"), log);
        assertEquals(CLOSED, sub.state());
        assertEquals(CLOSED, g.state());
    }

    @Test
    void statesWhileDelegating() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, String> sub = inner(log);
        Generator<Object, Object, String> g = outer(sub, log);
        g.next();
        assertEquals(CREATED, sub.state());
        g.next();
        assertEquals(SUSPENDED, g.state());
        assertEquals(SUSPENDED, sub.state());
    }

    @Test
    void theDelegatorIsRunningWhileItsSubGeneratorRunsAndCannotBeReentered() {
        AtomicReference<Generator<Object, Object, Object>> ref = new AtomicReference<>();
        Generator<Object, Object, Object> g = reportsReturn(looksUp(ref));
        ref.set(g);
        assertEquals(RUNNING, g.next());
        assertInstanceOf(IllegalStateException.class, g.next());
        assertEquals("returned null", g.next());
    }

    @Test
    void yieldFromAGeneratorAlreadyStartedContinuesWhereItIs() {
        Generator<Integer, Object, String> sub = countTo(4);
        assertEquals(1, sub.next());
        assertEquals(List.of(2, 3, 4, "returned counted 4"), drain(reportsReturn(sub)));
    }

    // ------------------------------------------------------------------ other things to delegate to

    @Test
    void yieldFromAHandWrittenGenerator() {
        Countdown countdown = new Countdown(3);
        Generator<Object, Object, Object> g = reportsReturn(countdown);
        assertEquals(List.of(3, 2, 1, "returned liftoff"), drain(g));
        assertEquals("liftoff", g.returnValue());
    }

    @Test
    void sendReachesAHandWrittenGeneratorThroughItsOwnSend() {
        Countdown countdown = new Countdown(3);
        Generator<Object, Object, Object> g = reportsReturn(countdown);
        assertEquals(3, g.send(null));
        assertEquals(2, g.send("a"));
        assertEquals(List.of("send null", "send a"), countdown.calls);
    }

    @Test
    void throwInReachesAHandWrittenGeneratorThroughItsOwnThrowIn() {
        Countdown countdown = new Countdown(3);
        Generator<Object, Object, Object> g = reportsReturn(countdown);
        assertEquals(3, g.next());
        assertEquals(3, g.throwIn(new IllegalArgumentException("hold")));
        assertEquals(2, g.next());
        assertEquals(List.of("send null", "throwIn hold", "send null"), countdown.calls);
    }

    @Test
    void closeReachesAHandWrittenGeneratorThroughItsOwnClose() {
        Countdown countdown = new Countdown(3);
        Generator<Object, Object, Object> g = reportsReturn(countdown);
        assertEquals(3, g.next());
        g.close();
        assertEquals(List.of("send null", "close"), countdown.calls);
        assertEquals(CLOSED, g.state());
    }

    @Test
    void yieldFromAList() {
        assertEquals(List.of("a", "b", "c", "end"), drain(lettersThenEnd()));
    }

    @Test
    void nonNullSendIntoAYieldFromIterableFailsInsideTheDelegatingGenerator() {
        Generator<Object, Object, Object> g = catchesSendIntoIterable();
        assertEquals(1, g.next());
        Object status = g.send("a value a plain iterator cannot take");
        assertInstanceOf(RuntimeException.class, status, "the failure was raised at the yieldFrom and caught there");
        assertEquals(SUSPENDED, g.state());
        assertThrows(StopIteration.class, g::next);
    }

    /** An Iterable whose iterator() makes a generator, as a Python class whose __iter__ returns one. */
    record MadeBy(Supplier<Generator<?, ?, ?>> generator) implements Iterable<Object> {
        @Override
        @SuppressWarnings("unchecked")
        public Iterator<Object> iterator() {
            return (Iterator<Object>) generator.get();
        }
    }

    /** Yields from {@code values}, then "after"; catches an IllegalStateException raised at the yieldFrom. */
    @Async
    static Generator<Object, Object, Object> overIterable(Iterable<?> values) {
        try {
            Coroutines.yieldFrom(values);
        } catch (IllegalStateException e) {
            Coroutines.yield("caught " + e.getMessage());
        }
        Coroutines.yield("after");
        return Coroutines.done();
    }

    /** Yields from {@code values}, catching nothing. */
    @Async
    static Generator<Object, Object, Object> overIterableUncaught(Iterable<?> values) {
        Coroutines.yieldFrom(values);
        return Coroutines.done();
    }

    /** Calls the two above directly (their direct variants run, with no frame until they suspend). */
    @Async
    static Generator<Object, Object, Object> callsOverIterables(Iterable<?> values) {
        Coroutines.yieldFrom(overIterable(values));
        try {
            Coroutines.yieldFrom(overIterableUncaught(values));
        } catch (IllegalStateException e) {
            Coroutines.yield("caller caught " + e.getMessage());
        }
        return Coroutines.done();
    }

    /**
     * PEP 380 takes iter() of what it yields from and uses that iterator's send, throw and close: an
     * Iterable whose iterator is a generator is yielded from as that generator would be.
     */
    @Test
    void closeReachesAGeneratorThatAnIterablesIteratorIs() {
        List<String> log = new ArrayList<>();
        Generator<Object, Object, Object> g = overIterable(new MadeBy(() -> inner(log)));
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("inner finally"), log);
        assertEquals(CLOSED, g.state());
    }

    @Test
    void sendReachesAGeneratorThatAnIterablesIteratorIs() {
        List<String> got = new ArrayList<>();
        Generator<Object, Object, Object> g = overIterable(new MadeBy(() -> collector(got)));
        assertEquals("give", g.send(null));
        assertEquals("got x", g.send("x"));
        assertEquals("got y", g.send("y"));
        assertEquals("after", g.send(null));
        assertEquals(List.of("x", "y"), got);
    }

    @Test
    void throwInReachesAGeneratorThatAnIterablesIteratorIs() {
        Generator<Object, Object, Object> g = overIterable(new MadeBy(YieldFromTest::handlesOnce));
        assertEquals("inner waiting", g.next());
        assertEquals("inner handled oops", g.throwIn(new IllegalArgumentException("oops")));
        assertEquals("after", g.next());

        Countdown countdown = new Countdown(3);
        Generator<Object, Object, Object> h = overIterable(new MadeBy(() -> countdown));
        assertEquals(3, h.next());
        assertEquals(3, h.throwIn(new IllegalArgumentException("hold")));
        h.close();
        assertEquals(List.of("send null", "throwIn hold", "close"), countdown.calls);
    }

    @Test
    void aGeneratorPassedAsAnIterableIsYieldedFromAsAGenerator() {
        List<String> log = new ArrayList<>();
        Iterable<Integer> values = inner(log);
        Generator<Object, Object, Object> g = overIterable(values);
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("inner finally"), log);
    }

    /** iterator() is called once, at the yieldFrom: what it throws is raised there, direct variants too. */
    @Test
    void whatIteratorThrowsIsRaisedAtTheYieldFrom() {
        int[] calls = {0};
        Iterable<Object> broken = () -> {
            calls[0]++;
            throw new IllegalStateException("no iterator");
        };
        assertEquals(List.of("caught no iterator", "after"), drain(overIterable(broken)));
        assertEquals(List.of("caught no iterator", "after", "caller caught no iterator"),
                drain(callsOverIterables(broken)));
        assertEquals(3, calls[0]);
        assertEquals(List.of(1, 2), drain(overIterableUncaught(new MadeBy(() -> inner(new ArrayList<>())))));
    }

    @Test
    void yieldFromAnExhaustedGeneratorReturnsNullAtOnce() {
        Generator<Integer, Object, String> finished = countTo(2);
        drain(finished);
        assertEquals(List.of("returned null"), drain(reportsReturn(finished)));

        Generator<Integer, Object, String> closed = countTo(2);
        closed.close();
        assertEquals(List.of("returned null"), drain(reportsReturn(closed)));
    }

    @Test
    void yieldFromDoneReturnsItsValueWithoutYielding() {
        assertEquals(List.of("ready-made null"), drain(yieldsFromDone()));
    }

    // ------------------------------------------------------------------ depth

    @Test
    @Timeout(60)
    void aChainOf200000YieldFromsYieldsAndReturns() {
        Generator<String, Integer, Integer> g = deep(200_000);
        assertEquals("bottom", g.send(null));
        assertEquals(SUSPENDED, g.state());
        StopIteration end = assertThrows(StopIteration.class, () -> g.send(5));
        assertEquals(200_005, end.value());
    }

    @Test
    @Timeout(60)
    void anExceptionThrownInAt200000DeepIsCaughtAtTheTop() {
        Generator<String, Integer, String> g = catchesAtTop(200_000);
        assertEquals("bottom", g.send(null));
        StopIteration end = assertThrows(StopIteration.class, () -> g.throwIn(new IllegalStateException("deep")));
        assertEquals("caught deep", end.value());
    }

    @Test
    @Timeout(60)
    void closingA200000DeepChainRunsEveryFinallyInnermostFirst() {
        List<Integer> finallies = new ArrayList<>();
        Generator<String, Object, Object> g = deepGuarded(200_000, finallies);
        assertEquals("bottom", g.next());
        g.close();
        assertEquals(200_001, finallies.size());
        assertEquals(0, finallies.get(0));
        assertEquals(200_000, finallies.get(200_000));
        assertEquals(CLOSED, g.state());
    }

    @Test
    @Timeout(60)
    void aRecursiveRangeOf100000YieldsAllInOrder() {
        int n = 100_000;
        int expected = 0;
        for (int value : range(0, n)) {
            assertEquals(expected, value);
            expected++;
        }
        assertEquals(n, expected);
    }

    @Test
    @Timeout(60)
    void inOrderWalkOfADegenerateTreeOf100000Nodes() {
        int n = 100_000;
        Node leftChain = null;
        for (int i = 0; i < n; i++) {
            leftChain = new Node(i, leftChain, null);
        }
        List<Integer> walked = drain(inOrder(leftChain));
        assertEquals(n, walked.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, walked.get(i));
        }
    }

    // ------------------------------------------------------------------ tail delegation

    @Test
    void returningAGeneratorDelegatesToIt() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, String> g = tailDelegates(log);
        assertEquals(0, g.next());
        assertEquals(1, g.next());
        assertEquals(List.of("handing over"), log);
        assertEquals(2, g.next());
        StopIteration end = assertThrows(StopIteration.class, g::next);
        assertEquals("counted 2", end.value());
        assertEquals("counted 2", g.returnValue());
    }

    @Test
    void sendPassesThroughATailDelegation() {
        List<String> got = new ArrayList<>();
        Generator<String, String, Integer> g = tailDelegatesAtOnce(got);
        assertEquals(CREATED, g.state());
        assertEquals("give", g.send(null));
        assertEquals("got x", g.send("x"));
        assertEquals(1, assertThrows(StopIteration.class, () -> g.send(null)).value());
        assertEquals(List.of("x"), got);
        assertEquals(1, g.returnValue());
    }

    // ------------------------------------------------------------------ after hasNext()

    @Async
    static Generator<Integer, Object, String> delegateTo(Generator<Integer, Object, String> sub) {
        String r = Coroutines.yieldFrom(sub);
        return Coroutines.done("delegated: " + r);
    }

    @Test
    void yieldFromAGeneratorThatHasNextRanAheadYieldsThatValueFirst() {
        Generator<Integer, Object, String> sub = countTo(3);
        sub.next();                                  // 1 taken by hand
        assertEquals(true, sub.hasNext());           // 2 is computed now, held for next()
        Generator<Integer, Object, String> outer = delegateTo(sub);
        assertEquals(List.of(2, 3), drain(outer));
        assertEquals("delegated: counted 3", outer.returnValue());
    }

    @Test
    void aValueHasNextRanADelegateAheadToIsTheDelegatorsNext() {
        // hasNext() takes nothing: whoever takes next, the delegate itself or its delegator, gets it
        Generator<Integer, Object, String> sub = countTo(3);
        Generator<Integer, Object, String> outer = delegateTo(sub);
        assertEquals(1, outer.next());
        assertEquals(true, sub.hasNext());           // sub runs ahead to 2, on its own
        assertEquals(SUSPENDED, outer.state());
        assertEquals(2, outer.next());
        assertEquals(true, sub.hasNext());           // to 3
        assertEquals(3, sub.next());                 // taken by hand this time
        assertEquals(List.of(), drain(outer));
        assertEquals("delegated: counted 3", outer.returnValue());
    }

    @Test
    void aDelegatorCannotBeSentAValueOverAValueItsDelegateRanAheadTo() {
        // as for a generator that hasNext() ran ahead: its next yield was made for next(), not for a send
        RanAhead r = RanAhead.toTwo();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.outer().send("x"));
        assertTrue(e.getMessage().contains("hasNext() ran"), e.getMessage());
        assertEquals(2, r.outer().next(), "the refused send changed nothing");
    }

    @Test
    void anErrorThrownIntoADelegatorWhoseDelegateRanAheadIsRaisedAfterThatValue() {
        // as throwIn after hasNext() on a generator itself: raised where the delegate is suspended
        RanAhead r = RanAhead.toTwo();
        IllegalArgumentException error = new IllegalArgumentException("in");
        assertSame(error, assertThrows(IllegalArgumentException.class, () -> r.outer().throwIn(error)));
        assertEquals(CLOSED, r.sub().state());
        assertEquals(CLOSED, r.outer().state());
    }

    /** A delegator suspended in {@code yieldFrom(sub)} after sub's 1, sub run ahead to its 2 by hand. */
    private record RanAhead(Generator<Integer, Object, String> sub, Generator<Integer, Object, String> outer) {
        static RanAhead toTwo() {
            Generator<Integer, Object, String> sub = countTo(3);
            Generator<Integer, Object, String> outer = delegateTo(sub);
            outer.next();
            sub.hasNext();
            return new RanAhead(sub, outer);
        }
    }
}
