package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Task;
import dev.weft.loop.VirtualClock;
import dev.weft.tests.SourceLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stack traces of errors that pass from task to task on the loop: a failed task's error, awaited by
 * another, names the awaiting task's frames after the failed one's, as Python's traceback does.
 */
class AsyncStackTraceLoopTest {
    private static final String SOURCE = "src/test/java/dev/weft/tests/loop/AsyncStackTraceLoopTest.java";

    private static EventLoop virtualLoop() {
        return new SelectorEventLoop(new VirtualClock());
    }

    /** "method:line" for the line of this file that ends with the comment {@code marker}. */
    private static String at(String method, String marker) throws IOException {
        return method + ":" + SourceLines.lineOf(SOURCE, marker);
    }

    /** "method:line" of each element of {@code t}'s trace that names this class. */
    private static List<String> ours(Throwable t) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(AsyncStackTraceLoopTest.class.getName())) {
                out.add(e.getMethodName() + ":" + e.getLineNumber());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ fixtures

    @Async
    static Coroutine<Integer> failsLater() {
        await(Asyncio.sleep(1));
        throw new IllegalStateException("failed later"); // FAILS-LATER
    }

    @Async
    static Coroutine<Integer> awaitsTask(Task<Integer> task) {
        return done(await(task)); // AWAITS-TASK
    }

    @Async
    static Coroutine<Integer> startsAndAwaits() {
        Task<Integer> task = Asyncio.createTask(failsLater());
        return done(await(awaitsTask(task))); // STARTS-AND-AWAITS
    }

    @Async
    static Coroutine<Integer> awaitsFuture(Future<Integer> future) {
        return done(await(future)); // AWAITS-FUTURE
    }

    @Async
    static Coroutine<Integer> failsItsFutureLater() {
        Future<Integer> future = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callLater(1, () -> future.setException(new IOException("reset")));
        return done(await(awaitsFuture(future))); // FAILS-ITS-FUTURE
    }

    @Async
    static Coroutine<Integer> sleepsLong() {
        await(Asyncio.sleep(100));
        return done(1);
    }

    @Async
    static Coroutine<Object> cancelsAndAwaits() {
        Task<Integer> task = Asyncio.createTask(sleepsLong());
        await(Asyncio.sleep(1));
        task.cancel();
        try {
            return done(await(task));
        } catch (CancelledError e) {
            return done(e);
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aFailedTasksErrorAwaitedByAnotherTaskNamesBothChains() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Asyncio.run(startsAndAwaits(), AsyncStackTraceLoopTest::virtualLoop));
        assertEquals(List.of(at("failsLater", "FAILS-LATER"), at("awaitsTask", "AWAITS-TASK"),
                at("startsAndAwaits", "STARTS-AND-AWAITS")), ours(e).subList(0, 3));
        assertEquals("dev.weft.internal.Frame", e.getStackTrace()[3].getClassName(),
                "the awaiting task's frames come right after the failed task's, before the driver's");
    }

    @Test
    void anErrorMadeByACallbackGetsTheAwaitingFramesAtItsEnd() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> Asyncio.run(failsItsFutureLater(), AsyncStackTraceLoopTest::virtualLoop));
        StackTraceElement[] trace = e.getStackTrace();
        assertTrue(trace[0].getMethodName().startsWith("lambda$failsItsFutureLater"), "made by the callback: " + trace[0]);
        List<String> last = new ArrayList<>();
        for (StackTraceElement f : Arrays.copyOfRange(trace, trace.length - 2, trace.length)) {
            last.add(f.getMethodName() + ":" + f.getLineNumber());
        }
        assertEquals(List.of(at("awaitsFuture", "AWAITS-FUTURE"), at("failsItsFutureLater", "FAILS-ITS-FUTURE")), last);
    }

    @Test
    void cancellationIsLeftAlone() {
        Object caught = Asyncio.run(cancelsAndAwaits(), AsyncStackTraceLoopTest::virtualLoop);
        CancelledError e = assertInstanceOf(CancelledError.class, caught);
        assertEquals(List.of(), ours(e).stream().filter(f -> f.startsWith("sleepsLong") || f.startsWith("cancelsAndAwaits")).toList(),
                "no awaiting frame added: " + Arrays.toString(e.getStackTrace()));
    }
}
