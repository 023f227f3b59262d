package dev.weft.examples.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event loop examples, run under the weft agent (failsafe's {@code argLine}). Programs that only sleep
 * run on a loop with a virtual clock, so their output is exact and takes no time; the ones about real time
 * (spinners, threads, executors) run with short delays.
 */
@Timeout(30)
class LoopExamplesIT {

    private static EventLoop virtualLoop() {
        return new SelectorEventLoop(new VirtualClock());
    }

    // ------------------------------------------------------------------ spinners

    @Test
    void spinnerThreadSpinsUntilSlowReturns() {
        List<String> lines = capture(() -> {
            SpinnerThread.main(new String[] {"0.3"});
            return null;
        }).lines;
        assertTrue(lines.get(0).startsWith("spinner object: Thread["), lines.toString());
        assertSpun(lines, "thread + flag", 0.3);
    }

    @Test
    void spinnerAsyncCancelsItsTaskWhenSlowReturns() {
        List<String> lines = capture(() -> {
            SpinnerAsync.main(new String[] {"0.3"});
            return null;
        }).lines;
        // Task names count up across loops, as in Python: Task-2 only in a fresh JVM.
        assertTrue(lines.get(0).matches("spinner object: Task\\[name=Task-\\d+, pending, coro=SpinnerAsync\\.spin\\(\\) created]"),
                lines.toString());
        assertSpun(lines, "task + cancel", 0.3);
    }

    /** Frames every 0.1 s while slow() ran, the line blanked, the answer, and the time it all took. */
    private static void assertSpun(List<String> lines, String label, double seconds) {
        // The frames overwrite each other with \r, which String.lines() splits on.
        Matcher m = Pattern.compile(Pattern.quote(label) + ": (\\d+\\.\\d\\d)s").matcher(lines.get(lines.size() - 1));
        assertTrue(m.matches(), lines.toString());
        double elapsed = Double.parseDouble(m.group(1));
        assertTrue(elapsed >= seconds - 0.01 && elapsed < seconds + 2, "took " + elapsed + "s");
        List<String> frames = lines.stream().filter(l -> l.endsWith(" thinking!")).toList();
        // one at once, then one per 0.1 s until slow() returned (at most one more if the timing is loose)
        assertTrue(frames.size() >= 2 && frames.size() <= elapsed / 0.1 + 2, elapsed + "s, " + lines);
        assertEquals("\\ thinking!", frames.get(0));
        assertEquals("| thinking!", frames.get(1));
        assertTrue(lines.contains(" ".repeat("\r\\ thinking!".length())), "the line is blanked: " + lines);
        assertTrue(lines.contains("Answer: 42"), lines.toString());
    }

    @Test
    void spinnerTaskStepsOncePerTenthOfASecondOfVirtualTime() {
        Captured<Integer> run = capture(() -> Asyncio.run(SpinnerAsync.supervisor(3), LoopExamplesIT::virtualLoop));
        assertEquals(42, run.value);
        // frames at 0.0, 0.1, ..., 2.9 (and maybe 3.0, where the tie goes to whichever timer came first)
        long frames = run.lines.stream().filter(l -> l.endsWith(" thinking!")).count();
        assertTrue(frames == 30 || frames == 31, run.lines.toString());
    }

    // ------------------------------------------------------------------ factorials

    @Test
    void gatherPrintsTheDocumentationsOutput() {
        Captured<List<Integer>> run = capture(() -> Asyncio.run(Factorials.withGather(1), LoopExamplesIT::virtualLoop));
        assertEquals(List.of(2, 6, 24), run.value);
        assertEquals(List.of(
                "Task A: Compute factorial(2), currently i=2...",
                "Task B: Compute factorial(3), currently i=2...",
                "Task C: Compute factorial(4), currently i=2...",
                "Task A: factorial(2) = 2",
                "Task B: Compute factorial(3), currently i=3...",
                "Task C: Compute factorial(4), currently i=3...",
                "Task B: factorial(3) = 6",
                "Task C: Compute factorial(4), currently i=4...",
                "Task C: factorial(4) = 24",
                "[2, 6, 24]"), run.lines);
    }

    @Test
    void waitReturnsTheTasksOneByOneAsTheyFinish() {
        Captured<List<Integer>> run = capture(() -> Asyncio.run(Factorials.withWait(1), LoopExamplesIT::virtualLoop));
        assertEquals(List.of(2, 6, 24), run.value);
        List<String> done = run.lines.stream().filter(l -> l.startsWith("done: ")).toList();
        assertEquals(List.of(
                "done: A = 2, still pending: 2",
                "done: B = 6, still pending: 1",
                "done: C = 24, still pending: 0"), done);
        // each report comes right after that factorial's last line
        assertEquals(run.lines.indexOf("Task A: factorial(2) = 2") + 2, run.lines.indexOf(done.get(0)));
    }

    @Test
    void asCompletedGivesTheResultsInCompletionOrder() {
        Captured<List<Integer>> run = capture(
                () -> Asyncio.run(Factorials.withAsCompleted(1), LoopExamplesIT::virtualLoop));
        assertEquals(List.of(2, 6, 24), run.value);
        assertEquals(List.of("earliest result: 2", "earliest result: 6", "earliest result: 24"),
                run.lines.stream().filter(l -> l.startsWith("earliest")).toList());
        // started C, A, B: C's first step comes first
        assertEquals("Task C: Compute factorial(4), currently i=2...", run.lines.get(0));
    }

    @Test
    void factorialsMainRunsTheThreeVariantsConcurrently() {
        List<String> lines = capture(() -> {
            Factorials.main(new String[] {"0.05"});
            return null;
        }).lines;
        // (That the factorials run at once is shown on the virtual clock above; real timings vary too much.)
        assertEquals(3, lines.stream().filter("[2, 6, 24]"::equals).count(), lines.toString());
        Pattern took = Pattern.compile("-- (.*) took (\\d+\\.\\d\\d)s");
        List<String> titles = new ArrayList<>();
        for (String line : lines) {
            Matcher m = took.matcher(line);
            if (m.matches()) {
                titles.add(m.group(1));
            }
        }
        assertEquals(List.of("gather", "wait(FIRST_COMPLETED)", "asCompleted"), titles);
    }

    // ------------------------------------------------------------------ streams

    @Test
    void echoServerEchoesEveryClientsLinesOverRealSockets() {
        Captured<List<List<String>>> run = capture(() -> Asyncio.run(EchoServer.run(4)));
        assertEquals(4, run.value.size());
        for (int i = 1; i <= 4; i++) {
            assertEquals(List.of("client " + i + ": hello", "client " + i + ": world"), run.value.get(i - 1));
        }
        assertTrue(run.lines.get(0).startsWith("serving on /127.0.0.1:"), run.lines.toString());
        assertEquals(4, run.lines.stream().filter("server: echoed 2 lines to a client, closing"::equals).count(),
                run.lines.toString());
    }

    @Test
    void fileServerSendsEachFileWholeAndRefusesWhatIsNotThere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path root = dir.toRealPath();
        byte[] big = new byte[5 * 1024 * 1024 + 11];
        new java.util.Random(3).nextBytes(big);
        java.nio.file.Files.write(root.resolve("big.bin"), big);
        java.nio.file.Files.write(root.resolve("tiny.txt"), "tiny\n".getBytes(StandardCharsets.UTF_8));
        java.nio.file.Files.write(dir.getParent().resolve("outside-" + dir.getFileName()), new byte[1]);
        Captured<List<String>> run = capture(() -> Asyncio.run(FileServer.run(root,
                List.of("big.bin", "tiny.txt", "nope.bin", "../outside-" + dir.getFileName()))));
        assertEquals(List.of(
                "big.bin: " + big.length + " bytes, crc " + FileServer.crcOf(root.resolve("big.bin")),
                "tiny.txt: 5 bytes, crc " + FileServer.crcOf(root.resolve("tiny.txt")),
                "nope.bin: ERROR no such file: GET nope.bin",
                "../outside-" + dir.getFileName() + ": ERROR no such file: GET ../outside-" + dir.getFileName()),
                run.value, "a file outside the served folder is not served");
        assertTrue(run.lines.get(0).startsWith("serving " + root + " on /127.0.0.1:"), run.lines.toString());
        java.nio.file.Files.delete(dir.getParent().resolve("outside-" + dir.getFileName()));
    }

    @Test
    void gracefulShutdownEndsEverySessionWithAGoodbyeOnSigterm() {
        Captured<List<String>> run = capture(() -> Asyncio.run(GracefulShutdown.serve(true)));
        assertEquals(List.of(
                "client 1: ticked until the shutdown, then: server shutting down, bye",
                "client 2: ticked until the shutdown, then: server shutting down, bye"), run.value);
        List<String> lines = run.lines;
        assertTrue(lines.get(0).startsWith("server: serving on /127.0.0.1:"), lines.toString());
        assertEquals(List.of("demo: both clients are ticking; sending this process SIGTERM",
                "server: got SIGTERM, shutting down", "server: closed"), lines.subList(1, lines.size()));
    }

    @Test
    void echoProtocolsEchoOverTcpAndUdp() {
        Captured<List<String>> run = capture(() -> Asyncio.run(EchoProtocols.run("Hello protocols")));
        assertEquals(List.of("Hello protocols", "Hello protocols"), run.value);
        List<String> lines = run.lines;
        assertTrue(lines.get(0).startsWith("tcp server: connection from /127.0.0.1:")
                || lines.get(0).equals("tcp client: data sent: Hello protocols"), lines.toString());
        for (String expected : List.of("tcp client: data sent: Hello protocols",
                "tcp server: data received: Hello protocols", "tcp server: close the client socket",
                "tcp client: data received: Hello protocols", "tcp client: the server closed the connection",
                "udp client: send Hello protocols", "udp server: received Hello protocols",
                "udp client: received Hello protocols", "udp client: connection closed")) {
            assertTrue(lines.contains(expected), expected + " in " + lines);
        }
        assertTrue(lines.indexOf("tcp server: data received: Hello protocols")
                < lines.indexOf("tcp client: data received: Hello protocols"), lines.toString());
        assertTrue(lines.indexOf("tcp client: the server closed the connection")
                < lines.indexOf("udp client: send Hello protocols"), lines.toString());
    }

    @Test
    void processProtocolReadsAChildsOutputUntilItExitedAndItsOutputEnded() {
        Captured<String> run = capture(() -> Asyncio.run(ProcessProtocol.javaVersion()));
        String version = Runtime.version().feature() + "";
        assertTrue(run.value.contains(" " + version), run.value + " names Java " + version);
        assertEquals(1, run.lines.size(), run.lines.toString());
        assertTrue(run.lines.get(0).startsWith("the child printed ") && run.lines.get(0).endsWith(", exit status 0"),
                run.lines.toString());
    }

    // ------------------------------------------------------------------ producer and consumers

    @Test
    void producerConsumerProcessesEveryItemOnceThroughABoundedQueue() {
        Captured<List<Object>> run = capture(
                () -> Asyncio.run(ProducerConsumer.run(10, 3, 3, 1), LoopExamplesIT::virtualLoop));
        List<String> lines = run.lines;
        // the workers were cancelled, and ended cancelled
        assertEquals(3, run.value.size());
        run.value.forEach(r -> assertInstanceOf(CancelledError.class, r));

        Set<Integer> consumed = new HashSet<>();
        int produced = 0;
        int cancelledCount = 0;
        Pattern producedLine = Pattern.compile("produced (\\d+), queue size (\\d+)");
        Pattern consumedLine = Pattern.compile("worker-[012] consumed (\\d+)");
        Pattern cancelledLine = Pattern.compile("worker-[012] cancelled after (\\d+) items");
        for (String line : lines) {
            Matcher m;
            if ((m = producedLine.matcher(line)).matches()) {
                produced++;
                assertEquals(produced, Integer.parseInt(m.group(1)));
                int size = Integer.parseInt(m.group(2));
                assertTrue(size >= 1 && size <= 3, "never more than maxsize: " + line);
            } else if ((m = consumedLine.matcher(line)).matches()) {
                assertTrue(consumed.add(Integer.parseInt(m.group(1))), "consumed twice: " + line);
            } else if ((m = cancelledLine.matcher(line)).matches()) {
                cancelledCount += Integer.parseInt(m.group(1));
            } else {
                assertEquals("all 10 items processed, queue size 0", line);
                assertEquals(10, consumed.size(), "join() returned after every taskDone()");
            }
        }
        assertEquals(10, produced);
        assertEquals(10, cancelledCount);
        // the producer had to wait: item 4 goes in only after the workers took items 1 to 3
        assertEquals("produced 3, queue size 3", lines.get(2));
        assertEquals("produced 4, queue size 1", lines.get(3));
    }

    @Test
    void producerConsumerMainRunsOnTheRealClock() {
        List<String> lines = capture(() -> {
            ProducerConsumer.main(new String[] {"0.02"});
            return null;
        }).lines;
        assertTrue(lines.contains("all 10 items processed, queue size 0"), lines.toString());
        assertTrue(lines.contains("workers ended with [CancelledError, CancelledError, CancelledError]"),
                lines.toString());
    }

    // ------------------------------------------------------------------ threads

    @Test
    void anotherThreadSchedulesCallbacksAndCoroutinesOnTheLoop() {
        String loopThread = Thread.currentThread().getName();
        Captured<String> run = capture(() -> Asyncio.run(Threadsafe.demo(0.05)));
        assertEquals("reply from other-thread", run.value);
        List<String> lines = run.lines;
        assertEquals(List.of(
                "on " + loopThread + ": starting other-thread",
                "on " + loopThread + ": callback from other-thread",
                "on other-thread: the coroutine returned 3",
                "on other-thread: the coroutine took too long, cancelling the task...",
                "on " + loopThread + ": tooSlow() cancelled",
                "on " + loopThread + ": got the reply from other-thread"), lines);
    }

    @Test
    void theExecutorKeepsTheLoopResponsive() {
        AtomicReference<int[]> ticks = new AtomicReference<>();
        List<String> lines = capture(() -> {
            ticks.set(Asyncio.run(ExecutorDemo.demo(0.3)));
            return null;
        }).lines;
        assertEquals(0, ticks.get()[0], "no tick while the loop thread blocks: " + lines);
        assertTrue(ticks.get()[1] >= 2, "ticks while the executor blocks: " + lines);
        String loopThread = Thread.currentThread().getName();
        assertTrue(lines.contains("slept 0.3s on " + loopThread + ": 0 ticks meanwhile"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("slept 0\\.3s on weft-loop-executor-\\d+: \\d+ ticks meanwhile")),
                lines.toString());
        // the ticker printed consecutive ticks
        List<String> tickLines = lines.stream().filter(l -> l.startsWith("tick ")).toList();
        for (int i = 0; i < tickLines.size(); i++) {
            assertEquals("tick " + (i + 1), tickLines.get(i));
        }
    }

    // ------------------------------------------------------------------ three stages

    @Test
    void theCoroutineDoesWhatTheCallbackChainDoes() {
        ThreeStages program = new ThreeStages(0.01);
        List<String> callbacks = capture(() -> {
            program.withCallbacks("request1");
            return null;
        }).lines;
        Captured<String> coroutine = capture(() -> Asyncio.run(program.threeStages("request1")));
        List<String> expected = List.of(
                "api_call1(request1)",
                "step1(response1) -> request2",
                "api_call2(request2)",
                "step2(response2) -> request3",
                "api_call3(request3)",
                "step3(response3) -> done");
        assertEquals(expected, callbacks);
        assertEquals(expected, coroutine.lines);
        assertEquals("done", coroutine.value);
    }

    @Test
    void threeStagesMainShowsBothVersions() {
        List<String> lines = capture(() -> {
            ThreeStages.main(new String[] {"0.01"});
            return null;
        }).lines;
        assertEquals(15, lines.size(), lines.toString());
        assertEquals(lines.subList(1, 7), lines.subList(8, 14));
        assertEquals("threeStages returned done", lines.get(14));
    }

    // ------------------------------------------------------------------ helpers

    private record Captured<T>(T value, List<String> lines) {}

    /** Runs {@code body} with standard output captured, and returns its value and what it printed. */
    private static <T> Captured<T> capture(Callable<T> body) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        T value;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            value = body.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(original);
        }
        return new Captured<>(value, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void tickerAsyncGeneratorsIterateTheirValuesAndAreClosedAtTheEnd() {
        List<String> lines = capture(() -> {
            Ticker.main(new String[] {"0.001"});
            return null;
        }).lines;
        assertEquals(List.of(
                "ticker(5) closed",
                "ticks: [0, 1, 2, 3, 4]",
                "ticker(5) closed",
                "squares: [0, 1, 4, 9, 16]",
                "left the loop after [0, 1, 2, 3]",
                "ticker(1000) closed",
                "first ticks above 2: [0, 1, 2, 3]"), lines);
    }
}
