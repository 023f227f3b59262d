package dev.weft.tests;

import static dev.weft.CoroutineState.CLOSED;
import static dev.weft.CoroutineState.CREATED;
import static dev.weft.CoroutineState.RUNNING;
import static dev.weft.CoroutineState.SUSPENDED;
import static dev.weft.tests.Fixtures.countTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The generator protocol of PEP 342/380/479 on woven generators: send, throwIn, close, state, iteration. */
class GeneratorProtocolTest {

    // ------------------------------------------------------------------ fixtures

    /** Answers each value sent in; returns how many it answered when sent "stop". */
    @Async
    static Generator<String, String, Integer> echo(List<String> log) {
        log.add("started");
        int answered = 0;
        String got = Coroutines.yield("ready");
        while (!"stop".equals(got)) {
            answered++;
            got = Coroutines.yield("echo " + got);
        }
        return Coroutines.done(answered);
    }

    /** Yields its own state, as seen from inside its body. */
    @Async
    static Generator<CoroutineState, Object, Object> watchSelf(AtomicReference<Generator<CoroutineState, Object, Object>> self) {
        Coroutines.yield(self.get().state());
        return Coroutines.done();
    }

    /** Tries {@code reenter} on itself from inside its body and yields the outcome, then goes on normally. */
    @Async
    static Generator<Object, Object, String> reentrant(AtomicReference<Generator<Object, Object, String>> self,
                                                        Consumer<Generator<Object, Object, String>> reenter) {
        Object outcome;
        try {
            reenter.accept(self.get());
            outcome = "re-entry was allowed";
        } catch (IllegalStateException e) {
            outcome = e;
        }
        Coroutines.yield(outcome);
        Coroutines.yield("still usable");
        return Coroutines.done("finished");
    }

    /** Records GeneratorExit and its finally block. */
    @Async
    static Generator<Integer, Object, Object> guarded(List<String> log) {
        try {
            Coroutines.yield(1);
            log.add("resumed after 1");
            Coroutines.yield(2);
            log.add("resumed after 2");
        } catch (GeneratorExit e) {
            log.add("GeneratorExit");
            throw e;
        } finally {
            log.add("finally");
        }
        return Coroutines.done();
    }

    /** A catch (Exception) around a yield: GeneratorExit is an Error and must pass it by. */
    @Async
    static Generator<Integer, Object, Object> catchesExceptions(List<String> log) {
        try {
            Coroutines.yield(1);
        } catch (Exception e) {
            log.add("caught " + e);
        } finally {
            log.add("finally");
        }
        Coroutines.yield(2);
        return Coroutines.done();
    }

    /** Swallows GeneratorExit and yields again: close() must complain. */
    @Async
    static Generator<String, Object, Object> stubborn() {
        String next;
        try {
            Coroutines.yield("first");
            next = "resumed normally";
        } catch (GeneratorExit e) {
            next = "ignored exit";
        }
        Coroutines.yield(next);
        Coroutines.yield("third");
        return Coroutines.done();
    }

    /** Handles GeneratorExit by returning: a clean close. */
    @Async
    static Generator<String, Object, String> cleansUp(List<String> log) {
        try {
            Coroutines.yield("working");
        } catch (GeneratorExit e) {
            log.add("cleanup");
            return Coroutines.done("bye");
        }
        return Coroutines.done("not closed");
    }

    /** Its finally block fails: closing it must report that failure. */
    @Async
    static Generator<Integer, Object, Object> failsWhileClosing(RuntimeException failure) {
        try {
            Coroutines.yield(1);
        } finally {
            if (failure != null) {
                throw failure;
            }
        }
        return Coroutines.done();
    }

    /** Yields once, then throws {@code failure}. */
    @Async
    static Generator<Integer, Object, Object> failsAfterOneYield(Throwable failure) throws Throwable {
        Coroutines.yield(1);
        throw failure;
    }

    /**
     * Reports what it got at each yield: "got x" for a value sent in, "recovered from m" for an
     * IllegalArgumentException thrown in. Returns when sent "quit".
     */
    @Async
    static Generator<String, Object, String> resilient(List<String> log) {
        log.add("started");
        String status = "started";
        while (true) {
            try {
                Object sent = Coroutines.yield(status);
                if ("quit".equals(sent)) {
                    return Coroutines.done("quit after " + status);
                }
                status = "got " + sent;
            } catch (IllegalArgumentException e) {
                status = "recovered from " + e.getMessage();
            }
        }
    }

    /** The PEP 479 bug: next() of an exhausted iterator inside a generator body. */
    @Async
    static Generator<Integer, Object, Object> leaksStopIteration(Generator<Integer, Object, String> source) {
        while (true) {
            Coroutines.yield(source.next());
        }
    }

    /** Logs each stretch of its body, to show when hasNext() runs it. */
    @Async
    static Generator<String, Object, String> logged(Expect expect) {
        expect.expect(2);
        Coroutines.yield("a");
        expect.expect(5);
        Coroutines.yield("b");
        expect.expect(7);
        return Coroutines.done("end");
    }

    // ------------------------------------------------------------------ creation and send

    @Test
    void callingTheMethodRunsNoneOfTheBody() {
        List<String> log = new ArrayList<>();
        Generator<String, String, Integer> g = echo(log);
        assertEquals(CREATED, g.state());
        assertEquals(List.of(), log);
    }

    @Test
    void sendResumesTheYieldWithTheValueSentIn() {
        List<String> log = new ArrayList<>();
        Generator<String, String, Integer> g = echo(log);
        assertEquals("ready", g.send(null));
        assertEquals(List.of("started"), log);
        assertEquals("echo a", g.send("a"));
        assertEquals("echo b", g.send("b"));
        StopIteration end = assertThrows(StopIteration.class, () -> g.send("stop"));
        assertEquals(2, end.value());
    }

    @Test
    void firstSendMustBeNullAndAFailedOneLeavesItCreated() {
        List<String> log = new ArrayList<>();
        Generator<String, String, Integer> g = echo(log);
        assertThrows(IllegalArgumentException.class, () -> g.send("too early"));
        assertEquals(CREATED, g.state());
        assertEquals(List.of(), log);
        assertEquals("ready", g.send(null));
    }

    @Test
    void stateInEachPhase() {
        AtomicReference<Generator<CoroutineState, Object, Object>> self = new AtomicReference<>();
        Generator<CoroutineState, Object, Object> g = watchSelf(self);
        self.set(g);
        assertEquals(CREATED, g.state());
        assertEquals(RUNNING, g.send(null), "state() seen from inside the running body");
        assertEquals(SUSPENDED, g.state());
        assertThrows(StopIteration.class, () -> g.send(null));
        assertEquals(CLOSED, g.state());
    }

    @Test
    void reentrantSendThrowsIllegalStateException() {
        assertReentryRefused(g -> g.send(null));
    }

    @Test
    void reentrantThrowInThrowsIllegalStateException() {
        assertReentryRefused(g -> g.throwIn(new IllegalArgumentException("thrown into itself")));
    }

    @Test
    void reentrantNextThrowsIllegalStateException() {
        assertReentryRefused(g -> g.next());
    }

    private static void assertReentryRefused(Consumer<Generator<Object, Object, String>> reenter) {
        AtomicReference<Generator<Object, Object, String>> self = new AtomicReference<>();
        Generator<Object, Object, String> g = reentrant(self, reenter);
        self.set(g);
        assertInstanceOf(IllegalStateException.class, g.send(null));
        assertEquals(SUSPENDED, g.state());
        assertEquals("still usable", g.send(null), "a refused re-entry must not disturb the generator");
        assertEquals("finished", assertThrows(StopIteration.class, () -> g.send(null)).value());
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeOnCreatedClosesWithoutRunningTheBody() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Object> g = guarded(log);
        g.close();
        assertEquals(CLOSED, g.state());
        assertEquals(List.of(), log, "no part of the body, not even finally, runs");
        assertThrows(StopIteration.class, () -> g.send(null));
    }

    @Test
    void closeOnSuspendedRaisesGeneratorExitAtTheYieldAndRunsFinally() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Object> g = guarded(log);
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("GeneratorExit", "finally"), log);
        assertEquals(CLOSED, g.state());
        assertThrows(StopIteration.class, () -> g.send(null));
    }

    /** The idiom the Generator Javadoc gives for a loop that leaves early (the JVM would not close it). */
    @Test
    void tryWithResourcesClosesAGeneratorALoopLeavesEarly() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Object> left;
        try (Generator<Integer, Object, Object> g = guarded(log)) {
            left = g;
            for (int value : g) {
                if (value == 1) {
                    break;
                }
            }
            assertEquals(List.of(), log, "suspended at the first yield until the try ends");
        }
        assertEquals(List.of("GeneratorExit", "finally"), log);
        assertEquals(CLOSED, left.state());
    }

    @Test
    void closeOnClosedDoesNothing() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Object> g = guarded(log);
        g.next();
        g.close();
        g.close();
        assertEquals(List.of("GeneratorExit", "finally"), log);
        assertEquals(CLOSED, g.state());

        Generator<Integer, Object, String> finished = countTo(1);
        Fixtures.drain(finished);
        finished.close();
        assertEquals(CLOSED, finished.state());
        assertEquals("counted 1", finished.returnValue(), "closing a returned generator keeps its value");
    }

    @Test
    void catchExceptionDoesNotCatchGeneratorExit() {
        List<String> log = new ArrayList<>();
        Generator<Integer, Object, Object> g = catchesExceptions(log);
        assertEquals(1, g.next());
        g.close();
        assertEquals(List.of("finally"), log);
        assertEquals(CLOSED, g.state());
    }

    @Test
    void yieldingAgainAfterGeneratorExitMakesCloseThrowAndLeavesItSuspended() {
        Generator<String, Object, Object> g = stubborn();
        assertEquals("first", g.next());
        RuntimeException e = assertThrows(RuntimeException.class, g::close);
        assertTrue(e.getMessage().contains("ignored GeneratorExit"), e.getMessage());
        assertEquals(SUSPENDED, g.state());
        assertEquals("third", g.next(), "it stays suspended at the yield it made while handling GeneratorExit");
        g.close();
        assertEquals(CLOSED, g.state());
    }

    @Test
    void returningWhileHandlingGeneratorExitIsACleanClose() {
        List<String> log = new ArrayList<>();
        Generator<String, Object, String> g = cleansUp(log);
        assertEquals("working", g.next());
        g.close();
        assertEquals(List.of("cleanup"), log);
        assertEquals(CLOSED, g.state());
    }

    @Test
    void anExceptionRaisedWhileClosingPropagatesFromClose() {
        IllegalStateException failure = new IllegalStateException("cleanup failed");
        Generator<Integer, Object, Object> g = failsWhileClosing(failure);
        assertEquals(1, g.next());
        assertSame(failure, assertThrows(IllegalStateException.class, g::close));
        assertEquals(CLOSED, g.state());
    }

    // ------------------------------------------------------------------ exceptions and the end

    @Test
    void uncheckedExceptionEscapingTheBodyClosesItAndPropagates() throws Throwable {
        IllegalStateException boom = new IllegalStateException("boom");
        Generator<Integer, Object, Object> g = failsAfterOneYield(boom);
        assertEquals(1, g.next());
        assertSame(boom, assertThrows(IllegalStateException.class, g::next));
        assertEquals(CLOSED, g.state());
        assertThrows(StopIteration.class, g::next);
    }

    @Test
    void checkedExceptionEscapingTheBodyPropagatesUnwrapped() throws Throwable {
        IOException io = new IOException("disk gone");
        Generator<Integer, Object, Object> g = failsAfterOneYield(io);
        assertEquals(1, g.next());
        assertSame(io, assertThrows(IOException.class, () -> g.send(null)));
        assertEquals(CLOSED, g.state());
    }

    @Test
    void sendAfterTheEndThrowsStopIteration() {
        Generator<Integer, Object, String> g = countTo(1);
        assertEquals(1, g.send(null));
        assertThrows(StopIteration.class, () -> g.send(null));
        assertThrows(StopIteration.class, () -> g.send(null));
        assertThrows(StopIteration.class, () -> g.send("anything"));
    }

    @Test
    void stopIterationCarriesTheReturnValue() {
        Generator<Integer, Object, String> g = countTo(2);
        g.next();
        g.next();
        StopIteration end = assertThrows(StopIteration.class, g::next);
        assertEquals("counted 2", end.value());
    }

    @Test
    void returnValueAfterANormalReturn() {
        Generator<Integer, Object, String> g = countTo(2);
        assertEquals(List.of(1, 2), Fixtures.drain(g));
        assertEquals("counted 2", g.returnValue());
    }

    @Test
    void returnValueBeforeTheEndThrowsIllegalStateException() {
        Generator<Integer, Object, String> g = countTo(2);
        assertThrows(IllegalStateException.class, g::returnValue, "created");
        g.next();
        assertThrows(IllegalStateException.class, g::returnValue, "suspended");
    }

    @Test
    void returnValueAfterCloseOrFailureThrowsIllegalStateException() throws Throwable {
        Generator<Integer, Object, String> closed = countTo(2);
        closed.next();
        closed.close();
        assertThrows(IllegalStateException.class, closed::returnValue, "closed");

        Generator<Integer, Object, Object> failed = failsAfterOneYield(new IllegalStateException("boom"));
        failed.next();
        assertThrows(IllegalStateException.class, failed::next);
        assertThrows(IllegalStateException.class, failed::returnValue, "ended by an exception");
    }

    // ------------------------------------------------------------------ throwIn

    @Test
    void throwInOnCreatedClosesItAndThrowsTheException() {
        List<String> log = new ArrayList<>();
        Generator<String, Object, String> g = resilient(log);
        IllegalArgumentException error = new IllegalArgumentException("early");
        assertSame(error, assertThrows(IllegalArgumentException.class, () -> g.throwIn(error)));
        assertEquals(CLOSED, g.state());
        assertEquals(List.of(), log, "the body never ran, so it could not handle it");
    }

    @Test
    void aStopIterationThrownInOnCreatedIsRaisedByTheBodyAsPep479Says() {
        Generator<Integer, Object, String> g = countTo(2);
        StopIteration thrown = new StopIteration("not an end");
        RuntimeException e = assertThrows(RuntimeException.class, () -> g.throwIn(thrown));
        assertSame(thrown, e.getCause(), "raised where the body starts, so it escapes the body: PEP 479");
        assertEquals(CLOSED, g.state());
    }

    @Test
    void throwInOnSuspendedIsRaisedAtTheYieldAndReturnsTheNextYield() {
        List<String> log = new ArrayList<>();
        Generator<String, Object, String> g = resilient(log);
        assertEquals("started", g.next());
        assertEquals("got x", g.send("x"));
        assertEquals("recovered from bad input", g.throwIn(new IllegalArgumentException("bad input")));
        assertEquals(SUSPENDED, g.state());
        assertEquals("got y", g.send("y"), "it goes on after handling");
        assertEquals("quit after got y", assertThrows(StopIteration.class, () -> g.send("quit")).value());
    }

    @Test
    void throwInNotHandledByTheBodyClosesItAndPropagates() {
        Generator<String, Object, String> g = resilient(new ArrayList<>());
        g.next();
        IllegalStateException error = new IllegalStateException("not handled");
        assertSame(error, assertThrows(IllegalStateException.class, () -> g.throwIn(error)));
        assertEquals(CLOSED, g.state());
    }

    @Test
    void throwInOfACheckedExceptionPropagatesUnwrapped() {
        Generator<String, Object, String> g = resilient(new ArrayList<>());
        g.next();
        IOException error = new IOException("checked");
        assertSame(error, assertThrows(IOException.class, () -> g.throwIn(error)));
        assertEquals(CLOSED, g.state());
    }

    @Test
    void throwInOnClosedThrowsTheExceptionItself() {
        Generator<Integer, Object, String> finished = countTo(1);
        Fixtures.drain(finished);
        IllegalArgumentException error = new IllegalArgumentException("late");
        assertSame(error, assertThrows(IllegalArgumentException.class, () -> finished.throwIn(error)));

        Generator<Integer, Object, String> closed = countTo(1);
        closed.next();
        closed.close();
        IOException checked = new IOException("late, checked");
        assertSame(checked, assertThrows(IOException.class, () -> closed.throwIn(checked)));
        assertEquals(CLOSED, closed.state());
    }

    // ------------------------------------------------------------------ PEP 479

    @Test
    void stopIterationEscapingTheBodyBecomesRuntimeException() {
        Generator<Integer, Object, Object> g = leaksStopIteration(countTo(2));
        assertEquals(1, g.next());
        assertEquals(2, g.next());
        RuntimeException e = assertThrows(RuntimeException.class, g::next);
        assertFalse(e instanceof NoSuchElementException, "must not look like a normal end: " + e);
        assertInstanceOf(StopIteration.class, e.getCause());
        assertEquals(CLOSED, g.state());
    }

    // ------------------------------------------------------------------ iteration

    @Test
    void hasNextAndNextIterate() {
        Generator<Integer, Object, String> g = countTo(3);
        List<Integer> seen = new ArrayList<>();
        while (g.hasNext()) {
            seen.add(g.next());
        }
        assertEquals(List.of(1, 2, 3), seen);
        assertFalse(g.hasNext());
        assertEquals("counted 3", g.returnValue());
    }

    @Test
    void forEachOverAGenerator() {
        List<Integer> seen = new ArrayList<>();
        for (int i : countTo(4)) {
            seen.add(i);
        }
        assertEquals(List.of(1, 2, 3, 4), seen);
    }

    @Test
    void iteratorIsTheGeneratorItself() {
        Generator<Integer, Object, String> g = countTo(1);
        assertSame(g, g.iterator());
    }

    @Test
    void hasNextRunsTheBodyAheadOnceAndNextHandsOverThatValue() {
        Expect expect = new Expect();
        Generator<String, Object, String> g = logged(expect);
        expect.expect(1);
        assertTrue(g.hasNext());
        assertTrue(g.hasNext(), "a second hasNext() must not run the body further");
        expect.expect(3);
        assertEquals("a", g.next());
        expect.expect(4);
        assertEquals("b", g.next());
        expect.expect(6);
        assertFalse(g.hasNext());
        expect.finish(8);
        assertEquals("end", g.returnValue());
    }

    @Test
    void nextAtTheEndThrowsStopIterationANoSuchElementException() {
        Generator<Integer, Object, String> g = countTo(1);
        assertEquals(1, g.next());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, g::next);
        assertInstanceOf(StopIteration.class, e);
        assertThrows(NoSuchElementException.class, g::next, "and again");
    }
}
