package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutines;
import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The examples, run under the weft agent (failsafe's {@code argLine}), in this JVM and as the showcase
 * in a child JVM.
 */
class ExamplesIT {

    @Test
    void averagerAveragesWhatIsSent() {
        Generator<Double, Double, Void> avg = RunningAverager.averager();
        assertEquals(CoroutineState.CREATED, avg.state());
        assertNull(avg.next());
        assertEquals(10.0, avg.send(10.0));
        assertEquals(20.0, avg.send(30.0));
        assertEquals(15.0, avg.send(5.0));
        avg.close();
        assertEquals(CoroutineState.CLOSED, avg.state());
    }

    @Test
    void runningAveragerPrintsTheAverages() {
        List<String> lines = captureLines(out -> RunningAverager.main(new String[0]));
        assertEquals(List.of("state: CREATED", "state: SUSPENDED", "10.0", "20.0", "15.0", "state: CLOSED"),
                lines);
    }

    @Test
    void grouperCollectsTheAveragersReturnValues() {
        Map<String, Grouper.Result> results = Grouper.group(Grouper.sampleData());
        assertEquals(9, results.get("boys;kg").count());
        assertEquals(10, results.get("girls;m").count());
        assertEquals(List.of(
                " 9 boys  averaging 40.42kg",
                " 9 boys  averaging 1.39m",
                "10 girls averaging 42.04kg",
                "10 girls averaging 1.43m"), Grouper.report(results));
    }

    @Test
    void averagerReturnsItsResultThroughStopIteration() {
        Generator<Void, Double, Grouper.Result> avg = Grouper.averager();
        avg.next();
        avg.send(2.0);
        avg.send(4.0);
        StopIteration stop = assertThrows(StopIteration.class, () -> avg.send(null));
        assertEquals(new Grouper.Result(2, 3.0), stop.value());
        assertEquals(new Grouper.Result(2, 3.0), avg.returnValue());
    }

    @Test
    void taxiYieldsItsEventsAndReturns() {
        Generator<TaxiSim.Event, Integer, Void> taxi = TaxiSim.taxi(13, 2, 0);
        assertEquals(new TaxiSim.Event(0, 13, TaxiSim.Action.LEAVE_GARAGE), taxi.next());
        assertEquals(new TaxiSim.Event(7, 13, TaxiSim.Action.PICK_UP_PASSENGER), taxi.send(7));
        assertEquals(new TaxiSim.Event(23, 13, TaxiSim.Action.DROP_OFF_PASSENGER), taxi.send(23));
        assertEquals(new TaxiSim.Event(5, 13, TaxiSim.Action.PICK_UP_PASSENGER), taxi.send(5));
        assertEquals(new TaxiSim.Event(48, 13, TaxiSim.Action.DROP_OFF_PASSENGER), taxi.send(48));
        assertEquals(new TaxiSim.Event(110, 13, TaxiSim.Action.GOING_HOME), taxi.send(110));
        assertThrows(StopIteration.class, () -> taxi.send(111));
        assertEquals(CoroutineState.CLOSED, taxi.state());
    }

    @Test
    void taxiSimIsDeterministicForASeed() {
        String first = simulate(3, 180, 3);
        String second = simulate(3, 180, 3);
        assertEquals(first, second);
        assertNotEquals(first, simulate(3, 180, 4), "another seed, another log");

        List<String> lines = first.lines().toList();
        // The taxis leave DEPARTURE_INTERVAL apart, each line indented by its taxi number.
        assertEquals("taxi: 0  Event[time=0, taxi=0, action=leave garage]", lines.get(0));
        assertEquals("taxi: 1     Event[time=5, taxi=1, action=leave garage]", lines.get(1));
        assertTrue(lines.contains("taxi: 2        Event[time=10, taxi=2, action=leave garage]"), first);
        assertTrue(lines.get(lines.size() - 1).startsWith("*** end of "), first);
        // The priority queue hands the events out in time order.
        int previous = 0;
        for (String line : lines.subList(0, lines.size() - 1)) {
            int time = Integer.parseInt(line.replaceFirst(".*time=(\\d+),.*", "$1"));
            assertTrue(time >= previous, first);
            previous = time;
        }
    }

    @Test
    void taxiSimEndsWhenTheEventsRunOut() {
        List<String> lines = simulate(3, 1_000_000, 3).lines().toList();
        assertEquals("*** end of events ***", lines.get(lines.size() - 1));
        // 3 taxis making 2, 4 and 6 trips: leave, 2 events per trip, going home.
        assertEquals(3 * 2 + (2 + 4 + 6) * 2, lines.size() - 1);
    }

    @Test
    void taxiSimStopsAtTheEndTime() {
        List<String> lines = simulate(3, 1, 3).lines().toList();
        assertEquals("*** end of simulation time: 3 events pending ***", lines.get(lines.size() - 1));
    }

    @Test
    void showcaseRunsUnderTheAgentInAChildJvm() throws IOException, InterruptedException {
        String agent = System.getProperty("weft.agent.jar");
        assertNotNull(agent, "failsafe passes -Dweft.agent.jar");
        String classPath = codeSource(Showcase.class) + File.pathSeparator + codeSource(Coroutines.class);
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-cp", classPath, Showcase.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the showcase finishes");
        assertEquals(0, process.exitValue(), output);

        List<String> lines = output.lines().toList();
        int averages = lines.indexOf("10.0");
        assertTrue(averages >= 0, output);
        assertEquals(List.of("10.0", "20.0", "15.0"), lines.subList(averages, averages + 3));
        assertTrue(lines.contains("10 girls averaging 42.04kg"), output);
        // The child's taxi log is the one this JVM computes for the default options.
        String log = simulate(TaxiSim.DEFAULT_NUMBER_OF_TAXIS, TaxiSim.DEFAULT_END_TIME, TaxiSim.DEFAULT_SEED);
        assertTrue(output.replace("\r\n", "\n").contains(log), output);

        // Then the event loop programs, each to its end.
        for (String last : List.of(
                "Answer: 42",
                "-- asCompleted took ",
                "workers ended with [CancelledError, CancelledError, CancelledError]",
                "on main: got the reply from other-thread",
                "slept 0.5s on weft-loop-executor-",
                "threeStages returned done",
                "echoed: [Hello World!, Hello World!]",
                "client 2: ticked until the shutdown, then: server shutting down, bye",
                ", exit status 0")) {
            assertTrue(output.contains(last), last + " in\n" + output);
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("thread \\+ flag: \\d+\\.\\d\\ds")), output);
        assertTrue(lines.stream().anyMatch(l -> l.matches("task \\+ cancel: \\d+\\.\\d\\ds")), output);
        // the file server's clients got every file with the CRC it has on disk, and an error for the missing one
        assertTrue(lines.contains("client got missing.bin: ERROR no such file: GET missing.bin"), output);
        for (String name : List.of("small.bin", "medium.bin", "large.bin")) {
            String onDisk = lines.stream().filter(l -> l.startsWith("on disk    " + name + ": crc ")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " on disk in\n" + output));
            String crc = onDisk.substring(onDisk.lastIndexOf(' ') + 1);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("client got " + name + ": ")
                    && l.endsWith(" bytes, crc " + crc)), name + " downloaded whole in\n" + output);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("java --version: ")
                && l.contains(" " + Runtime.version().feature())), output);
    }

    private static String simulate(int taxis, int endTime, long seed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            TaxiSim.simulate(taxis, endTime, seed, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} with standard output captured, and returns what it printed, line by line. */
    private static List<String> captureLines(Consumer<PrintStream> body) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            body.accept(out);
        } finally {
            System.setOut(original);
        }
        return new ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
