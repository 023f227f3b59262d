package dev.weft.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The stack trace of an exception that passes through the bodies of a resumed chain names each of them at
 * the await or yieldFrom it was raised at, as Python's traceback does, though those bodies were not on the
 * Java stack when it was made.
 */
class AsyncStackTraceTest {
    private static final String SOURCE = "src/test/java/dev/weft/tests/AsyncStackTraceTest.java";
    private static final String DRIVER = "dev.weft.internal.Frame";

    /** "method:line" of each element of {@code t}'s trace up to the first of the chain driver's. */
    private static List<String> bodies(Throwable t) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(DRIVER)) {
                break;
            }
            out.add(e.getMethodName() + ":" + e.getLineNumber());
        }
        return out;
    }

    private static String at(String method, String marker) throws IOException {
        return method + ":" + SourceLines.lineOf(SOURCE, marker);
    }

    // ------------------------------------------------------------------ fixtures

    @Async
    static Coroutine<Integer> fetch(Leaf<Integer> leaf) {
        int v = Coroutines.await(leaf); // FETCH-AWAIT
        if (v < 0) {
            throw new IllegalArgumentException("negative " + v); // FETCH-THROW
        }
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<Integer> load(Leaf<Integer> leaf) {
        int v = Coroutines.await(fetch(leaf)); // LOAD-AWAIT
        return Coroutines.done(v * 2);
    }

    @Async
    static Coroutine<Integer> handle(Leaf<Integer> leaf) {
        int v = Coroutines.await(load(leaf)); // HANDLE-AWAIT
        return Coroutines.done(v + 1);
    }

    @Async
    static Coroutine<Integer> failsAtOnce() {
        if (Boolean.TRUE) {
            throw new IllegalArgumentException("at once"); // FAILS-AT-ONCE
        }
        return Coroutines.done(Coroutines.await(Leaf.of(1)));
    }

    @Async
    static Coroutine<Integer> loadAtOnce() {
        return Coroutines.done(Coroutines.await(failsAtOnce())); // LOAD-AT-ONCE
    }

    @Async
    static Coroutine<Integer> handleAtOnce() {
        return Coroutines.done(Coroutines.await(loadAtOnce())); // HANDLE-AT-ONCE
    }

    /** Catches what {@code load} raises, and returns it. */
    @Async
    static Coroutine<Object> catching(Leaf<Integer> leaf) {
        try {
            return Coroutines.done(Coroutines.await(load(leaf))); // CATCHING-AWAIT
        } catch (IllegalArgumentException e) {
            return Coroutines.done(e);
        }
    }

    /** Wraps what {@code load} raises in an exception of its own. */
    @Async
    static Coroutine<Integer> wrapping(Leaf<Integer> leaf) {
        try {
            return Coroutines.done(Coroutines.await(load(leaf))); // WRAPPING-AWAIT
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("load failed", e); // WRAPPING-THROW
        }
    }

    @Async
    static Coroutine<Integer> aboveWrapping(Leaf<Integer> leaf) {
        return Coroutines.done(Coroutines.await(wrapping(leaf))); // ABOVE-WRAPPING-AWAIT
    }

    @Async
    static Generator<String, Object, Void> innerGenerator() {
        Coroutines.yield("first"); // INNER-YIELD
        throw new IllegalStateException("inner broke"); // INNER-THROW
    }

    @Async
    static Generator<String, Object, Void> outerGenerator() {
        Coroutines.yieldFrom(innerGenerator()); // OUTER-YIELD-FROM
        return Coroutines.done(null);
    }

    /** Ends by returning {@code fetch}: a tail call, whose return line the frame does not know. */
    @Async
    static Coroutine<Integer> tailCalls(Leaf<Integer> leaf) {
        Coroutines.await(Leaf.of(0)); // TAIL-CALLS-FIRST
        return fetch(leaf);
    }

    @Async
    static Coroutine<Integer> awaitsTailCall(Leaf<Integer> leaf) {
        return Coroutines.done(Coroutines.await(tailCalls(leaf))); // AWAITS-TAIL-CALL
    }

    @Async
    static CompletableFuture<Integer> futureLeaf(CompletableFuture<Integer> input) {
        int v = Coroutines.await(input);
        if (v < 0) {
            throw new IllegalArgumentException("negative " + v); // FUTURE-LEAF-THROW
        }
        return CompletableFuture.completedFuture(v);
    }

    @Async
    static CompletableFuture<Integer> futureTop(CompletableFuture<Integer> input) {
        return CompletableFuture.completedFuture(Coroutines.await(futureLeaf(input)) + 1); // FUTURE-TOP
    }

    /** Yields from itself {@code depth} levels deep; the innermost yields once, then fails. */
    @Async
    static Generator<String, Object, Void> recursive(int depth) {
        if (depth == 0) {
            Coroutines.yield("bottom");
            throw new IllegalStateException("bottom broke"); // RECURSIVE-THROW
        }
        Coroutines.yieldFrom(recursive(depth - 1)); // RECURSIVE-YIELD-FROM
        return Coroutines.done(null);
    }

    /** Records the stack trace of the GeneratorExit that closes it. */
    @Async
    static Generator<String, Object, Void> recordsExit(List<StackTraceElement[]> traces) {
        try {
            Coroutines.yield("waiting");
        } catch (GeneratorExit e) {
            traces.add(e.getStackTrace());
            throw e;
        }
        return Coroutines.done(null);
    }

    @Async
    static Generator<String, Object, Void> delegatesToRecordsExit(List<StackTraceElement[]> traces) {
        try {
            Coroutines.yieldFrom(recordsExit(traces));
        } catch (GeneratorExit e) {
            traces.add(e.getStackTrace());
            throw e;
        }
        return Coroutines.done(null);
    }

    /** A chain of three coroutines suspended on {@code leaf}. */
    private static Coroutine<Integer> suspendedHandle(Leaf<Integer> leaf) {
        Coroutine<Integer> c = handle(leaf);
        assertSame(leaf, c.send(null));
        return c;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void anErrorRaisedInAResumedChainNamesEveryAwaitItPassesThrough() throws IOException {
        Coroutine<Integer> c = suspendedHandle(Leaf.of(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.send(-1));
        assertEquals(List.of(at("fetch", "FETCH-THROW"), at("load", "LOAD-AWAIT"), at("handle", "HANDLE-AWAIT")),
                bodies(e));
        StackTraceElement added = e.getStackTrace()[1];
        assertEquals(AsyncStackTraceTest.class.getName(), added.getClassName());
        assertEquals("AsyncStackTraceTest.java", added.getFileName());
        // below the chain, the driver's frames, then the caller's
        assertEquals(DRIVER, e.getStackTrace()[3].getClassName());
        assertEquals(1, Arrays.stream(e.getStackTrace()).filter(f -> f.getMethodName().equals("fetch")).count());
    }

    @Test
    void anErrorRaisedOnTheFirstRunNeedsNothingAdded() throws IOException {
        // nothing suspended: the three bodies run one inside another on the Java stack, each called at its
        // await, so the trace has them already, and nothing is added
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handleAtOnce().send(null));
        assertEquals(List.of(at("failsAtOnce", "FAILS-AT-ONCE"), at("loadAtOnce", "LOAD-AT-ONCE"),
                at("handleAtOnce", "HANDLE-AT-ONCE")), bodies(e));
    }

    @Test
    void aBodyThatCatchesTheErrorSeesItsOwnAwaitAndNothingAboveIt() throws IOException {
        Leaf<Integer> leaf = Leaf.of(0);
        Coroutine<Object> c = catching(leaf);
        assertSame(leaf, c.send(null));
        Object returned = assertThrows(StopIteration.class, () -> c.send(-1)).value();
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, returned);
        assertEquals(List.of(at("fetch", "FETCH-THROW"), at("load", "LOAD-AWAIT"),
                at("catching", "CATCHING-AWAIT")), bodies(e));
    }

    @Test
    void aWrappingExceptionGetsTheFramesAboveItsOwnThrowAndItsCauseKeepsTheRest() throws IOException {
        Leaf<Integer> leaf = Leaf.of(0);
        Coroutine<Integer> c = aboveWrapping(leaf);
        assertSame(leaf, c.send(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.send(-1));
        assertEquals(List.of(at("wrapping", "WRAPPING-THROW"), at("aboveWrapping", "ABOVE-WRAPPING-AWAIT")),
                bodies(e));
        assertEquals(List.of(at("fetch", "FETCH-THROW"), at("load", "LOAD-AWAIT"), at("wrapping", "WRAPPING-AWAIT")),
                bodies(e.getCause()));
    }

    @Test
    void aYieldFromChainIsNamedAsAnAwaitChainIs() throws IOException {
        Generator<String, Object, Void> g = outerGenerator();
        assertEquals("first", g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertEquals(List.of(at("innerGenerator", "INNER-THROW"), at("outerGenerator", "OUTER-YIELD-FROM")), bodies(e));
    }

    @Test
    void aTailCallIsNamedWithoutALine() throws IOException {
        Leaf<Integer> leaf = Leaf.of(0);
        Coroutine<Integer> c = awaitsTailCall(leaf);
        c.send(null);
        assertSame(leaf, c.send(0), "past the first await, the tail call suspended in fetch");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.send(-1));
        assertEquals(List.of(at("fetch", "FETCH-THROW"), "tailCalls:-1", at("awaitsTailCall", "AWAITS-TAIL-CALL")),
                bodies(e));
    }

    @Test
    void aCompletableFutureMethodResumedOnAnotherThreadNamesItsAwaits() throws Exception {
        CompletableFuture<Integer> input = new CompletableFuture<>();
        CompletableFuture<Integer> out = futureTop(input);
        Thread completer = new Thread(() -> input.complete(-1));
        completer.start();
        completer.join();
        ExecutionException failed = assertThrows(ExecutionException.class, out::get);
        List<String> ours = new ArrayList<>();
        for (StackTraceElement f : failed.getCause().getStackTrace()) {
            if (f.getClassName().equals(AsyncStackTraceTest.class.getName())) {
                ours.add(f.getMethodName() + ":" + f.getLineNumber());
            }
        }
        assertEquals(List.of(at("futureLeaf", "FUTURE-LEAF-THROW"), at("futureTop", "FUTURE-TOP")), ours.subList(0, 2));
        assertTrue(ours.get(2).startsWith("lambda$"), "then the completing thread's frames: " + ours);
    }

    @Test
    void recursionNamesEachLevelInOrder() throws IOException {
        Generator<String, Object, Void> g = recursive(4);
        assertEquals("bottom", g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        String level = at("recursive", "RECURSIVE-YIELD-FROM");
        assertEquals(List.of(at("recursive", "RECURSIVE-THROW"), level, level, level, level), bodies(e));
    }

    @Test
    void anErrorThrownInFromOutsideKeepsItsTraceAndTheChainFollowsIt() throws IOException {
        Coroutine<Integer> c = suspendedHandle(Leaf.of(0));
        IllegalArgumentException thrown = new IllegalArgumentException("from outside");
        StackTraceElement[] made = thrown.getStackTrace();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.throwIn(thrown));
        assertSame(thrown, e);
        StackTraceElement[] trace = e.getStackTrace();
        assertArrayEquals(made, Arrays.copyOf(trace, made.length), "where it was made comes first, unchanged");
        List<String> added = new ArrayList<>();
        for (int i = made.length; i < trace.length; i++) {
            added.add(trace[i].getMethodName() + ":" + trace[i].getLineNumber());
        }
        assertEquals(List.of(at("fetch", "FETCH-AWAIT"), at("load", "LOAD-AWAIT"), at("handle", "HANDLE-AWAIT")), added);
    }

    @Test
    void anExceptionWithoutAStackTraceStaysWithout() {
        Coroutine<Integer> c = suspendedHandle(Leaf.of(0));
        IllegalArgumentException bare = new IllegalArgumentException("no trace", null) {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> c.throwIn(bare));
        assertEquals(0, bare.getStackTrace().length);
    }

    @Test
    void aTraceStopsGrowingAtItsLimit() {
        // the same exception thrown into a generator that catches it, again and again: one frame more each
        // time, up to the limit, whatever the program does with its exceptions
        Generator<String, Object, Void> g = catchesForever();
        g.next();
        IllegalArgumentException reused = new IllegalArgumentException("reused");
        for (int i = 0; i < 5000; i++) {
            assertEquals("caught", g.throwIn(reused));
        }
        assertEquals(4096, reused.getStackTrace().length);
    }

    @Async
    static Generator<String, Object, Void> catchesForever() {
        while (true) {
            try {
                Coroutines.yield("caught");
            } catch (IllegalArgumentException e) {
                // and yield again
            }
        }
    }

    @Test
    void theSystemPropertyTurnsItOff() throws IOException, InterruptedException {
        assertEquals("[" + at("fetch", "FETCH-THROW") + ", " + at("load", "LOAD-AWAIT") + ", "
                + at("handle", "HANDLE-AWAIT") + "]", runFailingChain(List.of()));
        assertEquals("[" + at("fetch", "FETCH-THROW") + "]", runFailingChain(List.of("-Ddev.weft.asyncStackTraces=false")));
    }

    /** Runs {@link FailingChain} in a child JVM with {@code options}, on this JVM's class path (and agent); returns what it prints. */
    private static String runFailingChain(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        String agent = System.getProperty("weft.agent.jar");
        if (agent != null) {
            command.add("-javaagent:" + agent);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FailingChain.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Resumes a chain whose innermost body then fails; prints the bodies its error's trace names. */
    static final class FailingChain {
        public static void main(String[] args) {
            Coroutine<Integer> c = suspendedHandle(Leaf.of(0));
            try {
                c.send(-1);
            } catch (IllegalArgumentException e) {
                System.out.println(bodies(e));
            }
        }
    }

    @Test
    void theGeneratorExitOfACloseIsLeftAlone() {
        List<StackTraceElement[]> traces = new ArrayList<>();
        Generator<String, Object, Void> g = delegatesToRecordsExit(traces);
        assertEquals("waiting", g.next());
        g.close();
        assertEquals(2, traces.size());
        assertArrayEquals(traces.get(0), traces.get(1), "the delegator saw the trace the delegate saw");
    }
}
