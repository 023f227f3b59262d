package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.ProcessOutput;
import dev.weft.loop.Subprocess;
import dev.weft.loop.Task;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Child processes driven from woven coroutines (asyncio's subprocess API) with the POSIX tools every CI
 * machine has: {@code sh}, {@code cat}, {@code head}, {@code sleep}. Pipes carry streams with flow control.
 */
class SubprocessTest {
    @BeforeAll
    static void posix() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    }

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    @Async
    static Coroutine<String> communicateMain() {
        Subprocess p = await(Asyncio.createSubprocessShell("tr a-z A-Z; echo err >&2; exit 3"));
        ProcessOutput out = await(p.communicate("hello pipes\n".getBytes(UTF_8)));
        assertEquals("err\n", new String(out.stderr(), UTF_8));
        assertEquals(3, p.returncode());
        assertEquals(3, await(p.untilExit()), "untilExit after the exit returns at once");
        return done(new String(out.stdout(), UTF_8));
    }

    /** communicate feeds the input, reads both outputs to their end and waits for the exit status. */
    @Test
    @Timeout(20)
    void communicateFeedsReadsAndWaits() {
        assertEquals("HELLO PIPES\n", run(communicateMain()));
    }

    @Async
    static Coroutine<List<String>> conversationMain() {
        Subprocess cat = await(Asyncio.createSubprocessExec("cat"));
        String[] lines = {"one", "two", "three"};
        String[] echoed = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            cat.stdin().write((lines[i] + "\n").getBytes(UTF_8));
            await(cat.stdin().drain());
            echoed[i] = new String(await(cat.stdout().readline()), UTF_8).strip();
        }
        assertNull(cat.returncode(), "cat runs until its input ends");
        cat.stdin().close();
        assertEquals(0, await(cat.untilExit()));
        assertEquals(0, await(cat.stdout().read(-1)).length);
        return done(Arrays.asList(echoed));
    }

    /** A line-by-line conversation: each write is answered before the next, the process alive meanwhile. */
    @Test
    @Timeout(20)
    void aConversationOverTheProcesssPipes() {
        assertEquals(List.of("one", "two", "three"), run(conversationMain()));
    }

    @Async
    static Coroutine<Long> bigOutputMain(int bytes) {
        Subprocess p = await(Asyncio.createSubprocessExec(new ProcessBuilder("head", "-c", String.valueOf(bytes),
                "/dev/zero")));
        long total = 0;
        while (true) {
            byte[] chunk = await(p.stdout().read(1000));  // small reads: the reader fills and pauses the pipe
            if (chunk.length == 0) {
                break;
            }
            total += chunk.length;
            await(Asyncio.sleep(0));
        }
        assertEquals(0, await(p.untilExit()));
        return done(total);
    }

    /** Megabytes of output arrive whole through a reader that keeps pausing the pipe. */
    @Test
    @Timeout(30)
    void bigOutputArrivesWholeWithFlowControl() {
        assertEquals(3_000_000L, run(bigOutputMain(3_000_000)));
    }

    @Async
    static Coroutine<String> bigInputMain(byte[] input) {
        Subprocess p = await(Asyncio.createSubprocessShell("wc -c"));
        long peak = 0;
        for (int off = 0; off < input.length; off += 100_000) {
            p.stdin().write(Arrays.copyOfRange(input, off, Math.min(input.length, off + 100_000)));
            peak = Math.max(peak, p.stdin().unsentBytes());
            await(p.stdin().drain());
            assertTrue(p.stdin().unsentBytes() <= 64 * 1024, "drain returns at the low-water mark or below");
        }
        assertTrue(peak > 64 * 1024, "the writes ran ahead of the pipe: " + peak);
        ProcessOutput out = await(p.communicate());
        return done(new String(out.stdout(), UTF_8).strip());
    }

    /** Input larger than the pipe goes through drain() in order, all of it. */
    @Test
    @Timeout(30)
    void bigInputGoesThroughDrain() {
        assertEquals("2000000", run(bigInputMain(new byte[2_000_000])));
    }

    @Async
    static Coroutine<Integer> killMain() {
        Subprocess p = await(Asyncio.createSubprocessExec("sleep", "30"));
        Task<Integer> waiting = Asyncio.createTask(p.untilExit());
        await(Asyncio.sleep(0.05));
        assertNull(p.returncode());
        p.kill();
        int code = await(waiting);
        assertEquals(128 + 9, code, "as its Javadoc says: 128 plus SIGKILL's number");
        assertEquals(code, p.returncode());
        return done(code);
    }

    @Async
    static Coroutine<List<String>> signalMain() {
        Subprocess p = await(Asyncio.createSubprocessExec("sh", "-c",
                "trap 'echo got USR1' USR1; trap 'echo got TERM; exit 5' TERM; echo ready;"
                        + " while :; do sleep 0.05; done"));
        List<String> lines = new ArrayList<>();
        lines.add(new String(await(p.stdout().readline()), UTF_8).strip());
        p.sendSignal("USR1");
        lines.add(new String(await(p.stdout().readline()), UTF_8).strip());
        p.sendSignal("usr1");
        lines.add(new String(await(p.stdout().readline()), UTF_8).strip());
        assertThrows(IllegalArgumentException.class, () -> p.sendSignal("NOSUCH"));
        assertNull(p.returncode(), "an unknown signal sends nothing");
        p.sendSignal("SIGTERM"); // terminate()'s signal
        lines.add(new String(await(p.stdout().readline()), UTF_8).strip());
        assertEquals(5, await(p.untilExit()));
        p.sendSignal("USR1"); // exited: nothing is sent (Python's send_signal)
        return done(lines);
    }

    /**
     * sendSignal reaches the process, whose traps answer (TERM sent as terminate() sends it); an unknown
     * name is refused; an exited process gets nothing. (Not INT or HUP: a shell started with them ignored,
     * as under nohup or in the background, cannot trap them.)
     */
    @Test
    @Timeout(20)
    void sendSignalReachesTheProcess() {
        assertEquals(List.of("ready", "got USR1", "got USR1", "got TERM"), run(signalMain()));
    }

    @Async
    static Coroutine<String> terminatedMain() {
        Subprocess p = await(Asyncio.createSubprocessExec("sh", "-c",
                "trap 'echo bye; exit 3' TERM; echo ready; while :; do sleep 0.05; done"));
        assertEquals("ready\n", new String(await(p.stdout().readline()), UTF_8));
        p.terminate();
        String last = new String(await(p.stdout().read(-1)), UTF_8);
        assertEquals(3, await(p.untilExit()));
        return done(last);
    }

    /** What a terminated process writes as it ends can still be read (Process.destroy would close the pipes). */
    @Test
    @Timeout(20)
    void aTerminatedProcesssLastOutputArrives() {
        assertEquals("bye\n", run(terminatedMain()));
    }

    @Async
    static Coroutine<Void> lateWriteMain() {
        Subprocess p = await(Asyncio.createSubprocessExec("true"));
        await(p.untilExit());
        assertTrue(p.stdin().isClosing(), "its input ended with it, as asyncio's");
        p.stdin().write("late".getBytes(UTF_8)); // dropped, as asyncio drops it
        assertInstanceOf(UncheckedIOException.class, await(failureOf(p.stdin().drain())));
        p.stdin().close();
        await(p.stdin().waitClosed());
        return done();
    }

    /** Writing to the input of a process that has exited fails at the next drain, as in asyncio. */
    @Test
    @Timeout(20)
    void aLateWriteFailsAtDrain() {
        run(lateWriteMain());
    }

    /** Killing a process ends the task waiting for its exit, with the JDK's status for a signal. */
    @Test
    @Timeout(20)
    void killEndsTheProcess() {
        run(killMain());
    }

    @Async
    static Coroutine<Integer> cancelledWaitMain() {
        Subprocess p = await(Asyncio.createSubprocessExec("sleep", "0.2"));
        Task<Integer> impatient = Asyncio.createTask(p.untilExit());
        await(Asyncio.sleep(0.01));
        impatient.cancel();
        await(failureOf(impatient));
        return done(await(p.untilExit()));
    }

    /** Cancelling one waiter does not cancel the exit others wait for. */
    @Test
    @Timeout(20)
    void aCancelledWaitLeavesTheExitToOthers() {
        assertEquals(0, run(cancelledWaitMain()));
    }

    @Async
    static Coroutine<Throwable> missingProgramMain() {
        return done(await(failureOf(Asyncio.createSubprocessExec("/no/such/program"))));
    }

    /** A program that cannot start fails the coroutine with an UncheckedIOException naming the command. */
    @Test
    @Timeout(20)
    void aMissingProgramFails() {
        Throwable e = run(missingProgramMain());
        assertInstanceOf(UncheckedIOException.class, e);
        assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
    }

    @Async
    static Coroutine<byte[]> mergedMain() {
        ProcessBuilder b = new ProcessBuilder("/bin/sh", "-c", "echo out; echo err >&2").redirectErrorStream(true);
        b.redirectInput(ProcessBuilder.Redirect.INHERIT);
        Subprocess p = await(Asyncio.createSubprocessExec(b));
        assertNull(p.stdin(), "an inherited input is no pipe");
        assertNull(p.stderr(), "a merged error is no pipe of its own");
        ProcessOutput out = await(p.communicate());
        assertNull(out.stderr());
        return done(out.stdout());
    }

    /** The builder's redirects decide which streams are pipes. */
    @Test
    @Timeout(20)
    void theBuildersRedirectsDecideThePipes() {
        assertArrayEquals("out\nerr\n".getBytes(UTF_8), run(mergedMain()));
    }
}
