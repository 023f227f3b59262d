package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import dev.weft.loop.KeyboardInterrupt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Ctrl-C under {@code Asyncio.run}, as asyncio's runner handles it: real {@code SIGINT}s sent with
 * {@code kill} to a child JVM whose {@code main} runs one of the programs below. The
 * child starts with {@code SIGINT} at its default ({@code env --default-signal}, where there is one), as a
 * program started from a terminal has it, whatever this JVM was started with (a background job's children
 * ignore it).
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a child that never prints: fail, not hang
class KeyboardInterruptTest {
    /** The exit status of a JVM that Ctrl-C ended: 128 + SIGINT's number. */
    private static final int INTERRUPTED = 130;

    /** The child JVMs started, each ended after its test whatever the outcome. */
    private static final List<Process> CHILDREN = new ArrayList<>();

    @AfterEach
    void endTheChildren() {
        synchronized (CHILDREN) {
            CHILDREN.forEach(Process::destroyForcibly);
            CHILDREN.clear();
        }
    }

    @Test
    void theFirstCtrlCCancelsTheMainTaskAndRunThrowsKeyboardInterrupt() throws Exception {
        Child child = Child.start(Unwinds.class);
        for (int run = 0; run < 2; run++) {
            // the second run takes Ctrl-C as the first did: the first gave the JVM's handler back
            child.await("ready");
            child.interrupt();
        }
        child.await("after the runs");
        // and so did the second: Ctrl-C now ends the program at once
        child.interrupt();
        List<String> run = List.of("ready", "serve's finally", "KeyboardInterrupt, from CancelledError");
        List<String> expected = new ArrayList<>(run);
        expected.addAll(run);
        expected.add("after the runs");
        assertEquals(expected, child.linesAtExit(INTERRUPTED));
    }

    @Test
    void aMainTaskThatCatchesTheCancellationAndReturnsIsItsResult() throws Exception {
        Child child = Child.start(Returns.class);
        child.await("ready");
        child.interrupt();
        assertEquals(List.of("ready", "cancelled", "run returned cleaned up"), child.linesAtExit(0));
    }

    @Test
    void aSecondCtrlCEndsTheProgramAsTheJvmWould() throws Exception {
        Child child = Child.start(Stubborn.class);
        child.await("ready");
        child.interrupt();
        child.await("cancelled, carrying on");
        child.interrupt();
        assertEquals(List.of("ready", "cancelled, carrying on", "shutdown hook"), child.linesAtExit(INTERRUPTED));
    }

    @Test
    void aRunOffTheMainThreadLeavesCtrlCToTheJvm() throws Exception {
        Child child = Child.start(OffMain.class);
        child.await("ready");
        child.interrupt();
        assertEquals(List.of("ready", "shutdown hook"), child.linesAtExit(INTERRUPTED));
    }

    @Test
    void aLoopsOwnSigintHandlerComesFirstAndTheRunnersIsBackOnceItIsRemoved() throws Exception {
        Child child = Child.start(LoopHandler.class);
        child.await("ready");
        child.interrupt();
        child.await("handler removed");
        child.await("ready");
        child.interrupt();
        assertEquals(List.of("ready", "the loop's handler", "handler removed", "ready", "serve's finally",
                "KeyboardInterrupt, from CancelledError"), child.linesAtExit(0));
    }

    @Test
    void aProcessThatIgnoresSigintKeepsIgnoringIt() throws Exception {
        Child child = Child.start(Sleeps.class, "sh", "-c", "trap '' INT; exec \"$@\"", "sh");
        child.await("ready");
        child.interrupt();
        assertEquals(List.of("ready", "run returned slept"), child.linesAtExit(0));
    }

    @Test
    void underXrsCtrlCIsTheSystemsAndTheRunStillRuns() throws Exception {
        // -Xrs: the JVM installs no SIGINT handler and lets none be installed; run() must not fail for it
        Child child = Child.start(Unwinds.class, List.of("-Xrs"));
        child.await("ready");
        child.interrupt();
        assertEquals(List.of("ready"), child.linesAtExit(INTERRUPTED), "killed by the signal: no finally, no hook");
    }

    // ------------------------------------------------------------------ the child programs

    /** Prints, flushing, so that the test sees each line as it happens. */
    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    @Async
    static Coroutine<String> serve() {
        try {
            say("ready");
            await(Asyncio.sleep(3600));
            return done("woke");
        } finally {
            say("serve's finally");
        }
    }

    /** Ctrl-C while serving, twice over, then once after the runs. */
    static final class Unwinds {
        public static void main(String[] args) throws InterruptedException {
            for (int run = 0; run < 2; run++) {
                try {
                    Asyncio.run(serve());
                } catch (KeyboardInterrupt e) {
                    say("KeyboardInterrupt, from " + e.getCause().getClass().getSimpleName());
                }
            }
            say("after the runs");
            Thread.sleep(60_000);
        }
    }

    @Async
    static Coroutine<String> cleanUpAndReturn() {
        say("ready");
        try {
            await(Asyncio.sleep(3600));
            return done("woke");
        } catch (CancelledError e) {
            say("cancelled");
            return done("cleaned up");
        }
    }

    /** Ctrl-C once: the main task returns. */
    static final class Returns {
        public static void main(String[] args) {
            say("run returned " + Asyncio.run(cleanUpAndReturn()));
        }
    }

    @Async
    static Coroutine<String> ignoreCancellation() {
        say("ready");
        while (true) {
            try {
                await(Asyncio.sleep(3600));
            } catch (CancelledError e) {
                say("cancelled, carrying on");
            }
        }
    }

    /** Ctrl-C twice: the main task shrugs off the first. */
    static final class Stubborn {
        public static void main(String[] args) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> say("shutdown hook")));
            Asyncio.run(ignoreCancellation());
        }
    }

    /** Ctrl-C once while serving on another thread than main. */
    static final class OffMain {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> say("shutdown hook")));
            Thread runner = new Thread(() -> Asyncio.run(serve()), "runner");
            runner.start();
            runner.join();
        }
    }

    @Async
    static Coroutine<String> serveWithOwnHandlerFirst() {
        EventLoop loop = Asyncio.getRunningLoop();
        dev.weft.loop.Future<String> heard = loop.createFuture();
        loop.addSignalHandler("INT", () -> heard.setResult("the loop's handler"));
        say("ready");
        say(await(heard));
        loop.removeSignalHandler("INT");
        say("handler removed");
        return done(await(serve()));
    }

    /** Ctrl-C once for the loop's own handler, once more for the runner's. */
    static final class LoopHandler {
        public static void main(String[] args) {
            try {
                Asyncio.run(serveWithOwnHandlerFirst());
            } catch (KeyboardInterrupt e) {
                say("KeyboardInterrupt, from " + e.getCause().getClass().getSimpleName());
            }
        }
    }

    @Async
    static Coroutine<String> sleepAWhile() {
        say("ready");
        await(Asyncio.sleep(1));
        return done("slept");
    }

    /** Ctrl-C once, in a process that ignores it. */
    static final class Sleeps {
        public static void main(String[] args) {
            say("run returned " + Asyncio.run(sleepAWhile()));
        }
    }

    // ------------------------------------------------------------------ the child JVM

    /**
     * What starts a command with SIGINT at its default: GNU {@code env --default-signal} (coreutils 8.31
     * and later); elsewhere nothing, the child then having the disposition this JVM was started with.
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        List<String> env = List.of("env", "--default-signal=INT");
        try {
            List<String> probe = new ArrayList<>(env);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? env : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A child JVM running one of the programs above, and the lines it has printed. */
    private static final class Child {
        private final Process process;
        private final BufferedReader out;
        private final List<String> lines = new ArrayList<>();

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
        }

        /**
         * Starts {@code program}'s main behind {@code prefix} (a command to run it with), on this JVM's class
         * path: under the agent where this JVM has it ({@code -Dweft.agent.jar}); the processor's and the
         * plugin's routes wove the classes at build time.
         */
        static Child start(Class<?> program, String... prefix) throws IOException {
            return start(program, List.of(), prefix);
        }

        /** {@link #start(Class, String...)} with {@code jvmOptions} for the child JVM. */
        static Child start(Class<?> program, List<String> jvmOptions, String... prefix) throws IOException {
            List<String> command = new ArrayList<>(List.of(prefix));
            if (command.isEmpty()) {
                command.addAll(DEFAULT_SIGINT);
            }
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            String agent = System.getProperty("weft.agent.jar");
            if (agent != null) {
                command.add("-javaagent:" + agent);
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), program.getName()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            synchronized (CHILDREN) {
                CHILDREN.add(process);
            }
            return new Child(process);
        }

        /** Reads the child's lines until {@code line}; fails if it ends first. */
        void await(String line) throws IOException {
            String next;
            while ((next = out.readLine()) != null) {
                lines.add(next);
                if (next.equals(line)) {
                    return;
                }
            }
            fail("the child ended before printing '" + line + "': " + lines);
        }

        /** Sends the child {@code SIGINT}, as Ctrl-C in its terminal would. */
        void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -INT");
        }

        /** Every line the child printed, once it has exited with {@code status}. */
        List<String> linesAtExit(int status) throws IOException, InterruptedException {
            out.lines().forEach(lines::add);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the child did not exit: " + lines);
            }
            assertEquals(status, process.exitValue(), () -> "exit status; printed " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("weft")), () -> "agent warnings: " + lines);
            return lines;
        }
    }
}
