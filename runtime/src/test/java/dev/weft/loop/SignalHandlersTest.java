package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Signal handlers on real signals this test sends its own process with {@code kill}: after CPython's
 * test_unix_events (add, replace, remove, close, refusals). The signals used, {@code WINCH} and
 * {@code URG}, are ignored by default, so that a handler missing by mistake loses a signal rather than
 * the test's JVM; a handler the test installs itself beforehand shows what removal puts back.
 */
@DisabledOnOs(OS.WINDOWS)
class SignalHandlersTest {
    private final List<SelectorEventLoop> loops = new ArrayList<>();
    private final BlockingQueue<String> heardBefore = new LinkedBlockingQueue<>();
    private Object defaultHandler;

    @BeforeEach
    void handleWinchOurselves() {
        defaultHandler = JdkSignals.swap("WINCH", JdkSignals.handler(signal -> heardBefore.add(signal.toString())));
    }

    @AfterEach
    void closeLoopsAndPutBackTheDefault() {
        for (SelectorEventLoop loop : loops) {
            if (!loop.isClosed()) {
                loop.close();
            }
        }
        JdkSignals.swap("WINCH", defaultHandler);
    }

    private SelectorEventLoop newLoop() {
        SelectorEventLoop loop = new SelectorEventLoop();
        loops.add(loop);
        return loop;
    }

    /** Runs {@code loop} until a callback stops it; fails after ten seconds. */
    private static void runUntilStopped(SelectorEventLoop loop) {
        boolean[] timedOut = {false};
        TimerHandle guard = loop.callLater(10, () -> {
            timedOut[0] = true;
            loop.stop();
        });
        loop.runForever();
        guard.cancel();
        assertFalse(timedOut[0], "no signal reached the loop in ten seconds");
    }

    @Test
    void theCallbackRunsOnTheLoopThreadInTheContextOfItsAdding() {
        SelectorEventLoop loop = newLoop();
        ContextVar<String> who = new ContextVar<>("who");
        List<String> calls = new ArrayList<>();
        Thread[] ranOn = {null};
        Context adding = new Context();
        adding.run(() -> {
            who.set("adder");
            loop.addSignalHandler("SIGWINCH", () -> {
                calls.add(who.get("no value"));
                ranOn[0] = Thread.currentThread();
                loop.stop();
            });
        });
        loop.callSoon(() -> kill("WINCH"));
        runUntilStopped(loop);
        assertEquals(List.of("adder"), calls);
        assertSame(Thread.currentThread(), ranOn[0], "on the thread running the loop, not the JVM's signal thread");
        assertNull(heardBefore.poll(), "the handler before is replaced, not chained");

        loop.callSoon(() -> kill("WINCH"));
        runUntilStopped(loop);
        assertEquals(List.of("adder", "adder"), calls, "every signal, until removed");
    }

    @Test
    void aSecondHandlerForTheSignalReplacesTheFirst() {
        SelectorEventLoop loop = newLoop();
        List<String> calls = new ArrayList<>();
        loop.addSignalHandler("WINCH", () -> calls.add("first"));
        loop.addSignalHandler("winch", () -> {
            calls.add("second");
            loop.stop();
        });
        loop.callSoon(() -> kill("WINCH"));
        runUntilStopped(loop);
        assertEquals(List.of("second"), calls);
    }

    @Test
    void removingPutsBackTheHandlerTheSignalHadBefore() throws InterruptedException {
        SelectorEventLoop loop = newLoop();
        List<String> calls = new ArrayList<>();
        loop.addSignalHandler("WINCH", () -> calls.add("loop"));
        assertTrue(loop.removeSignalHandler("WINCH"));
        assertFalse(loop.removeSignalHandler("WINCH"), "removed already");
        kill("WINCH");
        assertEquals("SIGWINCH", heardBefore.poll(10, TimeUnit.SECONDS), "the handler before hears it again");
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of(), calls);
    }

    @Test
    void closingTheLoopRemovesItsHandlers() throws InterruptedException {
        SelectorEventLoop loop = newLoop();
        loop.addSignalHandler("WINCH", () -> { });
        loop.addSignalHandler("URG", () -> { });
        loop.close();
        kill("WINCH");
        assertEquals("SIGWINCH", heardBefore.poll(10, TimeUnit.SECONDS));
        SelectorEventLoop next = newLoop();
        next.addSignalHandler("URG", () -> { }); // free again
        assertTrue(next.removeSignalHandler("URG"));
    }

    @Test
    void oneLoopAtATimeHandlesASignal() {
        SelectorEventLoop first = newLoop();
        SelectorEventLoop second = newLoop();
        first.addSignalHandler("WINCH", () -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> second.addSignalHandler("WINCH", () -> { }));
        assertTrue(e.getMessage().startsWith("SIGWINCH is handled by another event loop"), e.getMessage());
        assertFalse(second.removeSignalHandler("WINCH"), "not the second loop's to remove");
        assertTrue(first.removeSignalHandler("WINCH"));
        second.addSignalHandler("WINCH", () -> { });
        assertTrue(second.removeSignalHandler("WINCH"));
    }

    @Test
    void refusals() {
        SelectorEventLoop loop = newLoop();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> loop.addSignalHandler("NOSUCH", () -> { }));
        assertTrue(unknown.getMessage().startsWith("cannot handle signal SIGNOSUCH: "), unknown.getMessage());
        IllegalArgumentException kept = assertThrows(IllegalArgumentException.class,
                () -> loop.addSignalHandler("QUIT", () -> { }));
        assertTrue(kept.getMessage().startsWith("cannot handle signal SIGQUIT: "), kept.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("SIG", () -> { }));
        assertThrows(NullPointerException.class, () -> loop.addSignalHandler(null, () -> { }));
        assertThrows(NullPointerException.class, () -> loop.addSignalHandler("WINCH", null));
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler("NOSUCH"));
        assertFalse(loop.removeSignalHandler("USR2"), "a signal this loop does not handle");
        loop.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> loop.addSignalHandler("WINCH", () -> { }));
        assertEquals("Event loop is closed", closed.getMessage());
        SelectorEventLoop other = newLoop();
        other.addSignalHandler("WINCH", () -> { }); // nothing half-registered by the refusals
        assertTrue(other.removeSignalHandler("WINCH"));
    }

    @Test
    void aFailingCallbackGoesToTheExceptionHandler() {
        SelectorEventLoop loop = newLoop();
        List<Object> reported = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> {
            reported.add(context.get("exception"));
            loop.stop();
        });
        RuntimeException failure = new RuntimeException("callback failed");
        loop.addSignalHandler("WINCH", () -> {
            throw failure;
        });
        loop.callSoon(() -> kill("WINCH"));
        runUntilStopped(loop);
        assertEquals(List.of(failure), reported);
    }

    // A runner's hold on SIGINT (see MainTaskInterrupts), tried on TERM, whose handler is the JVM's alike
    // and which nothing here sends.

    @Test
    void aTakeoverReplacesOnlyTheJvmsHandlerAndPutsItBack() {
        SignalHandlers.Takeover takeover = takeOverTerm();
        assertNull(SignalHandlers.takeOverFromJvm("TERM", (t, signal) -> { }), "only the JVM's is taken over");
        SignalHandlers.restore(takeover);
        assertTrue(jvmsHandlerIsOn("TERM"));
    }

    @Test
    void aLoopsHandlerAddedOverATakeoverPutsBackTheJvmsOnceTheTakeoverHasEnded() {
        SignalHandlers.Takeover takeover = takeOverTerm();
        SelectorEventLoop loop = newLoop();
        loop.addSignalHandler("TERM", () -> { });
        assertNull(SignalHandlers.takeOverFromJvm("TERM", (t, signal) -> { }), "a loop holds it");
        SignalHandlers.restore(takeover); // the run ends before the loop lets go
        assertTrue(loop.removeSignalHandler("TERM"));
        assertTrue(jvmsHandlerIsOn("TERM"));
    }

    @Test
    void aLoopsHandlerRemovedWhileATakeoverLastsPutsTheTakeoverBack() {
        SignalHandlers.Takeover takeover = takeOverTerm();
        SelectorEventLoop loop = newLoop();
        loop.addSignalHandler("TERM", () -> { });
        assertTrue(loop.removeSignalHandler("TERM"));
        assertFalse(jvmsHandlerIsOn("TERM"), "the takeover's again");
        SignalHandlers.restore(takeover);
        assertTrue(jvmsHandlerIsOn("TERM"));
    }

    @Test
    void theApplicationsOwnHandlerIsNeitherTakenOverNorReplacedByARestore() {
        Object own = JdkSignals.handler(signal -> { });
        Object jvms = JdkSignals.swap("TERM", own);
        try {
            assertNull(SignalHandlers.takeOverFromJvm("TERM", (t, signal) -> { }));
            assertSame(own, JdkSignals.swap("TERM", jvms), "left as it was");
            SignalHandlers.Takeover takeover = takeOverTerm();
            JdkSignals.swap("TERM", own); // the application installs its own while the takeover lasts
            SignalHandlers.restore(takeover);
            assertSame(own, JdkSignals.swap("TERM", own), "the application's stays");
        } finally {
            JdkSignals.swap("TERM", jvms);
        }
    }

    private static SignalHandlers.Takeover takeOverTerm() {
        assertTrue(jvmsHandlerIsOn("TERM"), "this JVM's SIGTERM handler is its own to begin with");
        SignalHandlers.Takeover takeover = SignalHandlers.takeOverFromJvm("TERM", (t, signal) -> { });
        assertNotNull(takeover);
        assertFalse(jvmsHandlerIsOn("TERM"));
        return takeover;
    }

    /** Whether signal {@code name}'s handler is the JVM's, looked at by swapping in a probe and back. */
    private static boolean jvmsHandlerIsOn(String name) {
        Object now = JdkSignals.swap(name, JdkSignals.handler(signal -> { }));
        JdkSignals.swap(name, now);
        return JdkSignals.isJvms(now);
    }

    /**
     * A process started with {@code INT} ignored, as a shell's background job is: the JVM installs no
     * handler for it, so adding one fails rather than never being called; other signals are handled.
     */
    @Test
    void aShutdownSignalTheProcessIgnoresIsRefused() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("sh", "-c", "trap '' INT; exec \"$0\" -cp \"$1\" \"$2\"", java,
                System.getProperty("java.class.path"), IgnoredInt.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("INT: SIGINT is ignored by this process (started so, as nohup and a shell's"
                + " background jobs start processes, or set so), and the JVM lets no handler replace that",
                "TERM: handled", "INT again: refused"), output.lines().toList(), output);
    }

    /** The child of {@link #aShutdownSignalTheProcessIgnoresIsRefused}. */
    static final class IgnoredInt {
        public static void main(String[] args) {
            try (SelectorEventLoop loop = new SelectorEventLoop()) {
                for (String signal : List.of("INT", "TERM", "INT again")) {
                    try {
                        loop.addSignalHandler(signal.split(" ")[0], () -> { });
                        System.out.println(signal + ": handled");
                    } catch (IllegalStateException e) {
                        System.out.println(signal + ": " + (signal.equals("INT") ? e.getMessage() : "refused"));
                    }
                }
            }
        }
    }

    /** Sends {@code signal} to this process and waits for {@code kill} to finish (not for the delivery). */
    private static void kill(String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(ProcessHandle.current().pid()))
                    .inheritIO().start();
            assertEquals(0, p.waitFor(), "kill -" + signal);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
