package dev.weft.bench.weaving;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 7b, the agent's start-up cost: the wall time of a whole JVM ({@link LoadClasses}: start, load a
 * few thousand classes of real jars, exit) without and with {@code -javaagent:} the weft agent jar, with
 * {@code classes} plain (third-party jars only) or async (also weft's and the benchmarks' classes, among them
 * unwoven {@code @Async} classes that the agent weaves), and asyncCached: async with the agent's class cache
 * ({@code cache=DIR}), filled by two runs before the measurement, as a program started again finds it.
 * Seconds.
 *
 * <p>Paired: each operation starts both JVMs, one right after the other, in alternating order, and
 * records each one's time ({@link Times}); the score is the pair's. A JVM's start-up time drifts by more
 * than the agent's cost over the half minute that separate JMH trials on a shared 2-core machine, so
 * timing the two configurations in separate trials (as a parameter would) measured the drift; a pair
 * started together shares it.
 *
 * <p>The agent jar is {@code -Dweft.agent.jar}, else {@code weft-agent.jar} beside the jar on the class
 * path (the build copies it to {@code benchmarks/target/}). The program's class path is this JVM's
 * without the weaver ({@link ProgramClassPath}), so that the agent loads and runs its own, as it does
 * for any program.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 12)
@Fork(value = 2, jvmArgs = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class AgentStartup {
    /** The child JVM's options: a small fixed heap, as the forks have. */
    static final List<String> CHILD_OPTIONS = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");

    @Param({"plain", "async", "asyncCached"})
    public String classes;

    private List<String> withoutAgent;
    private List<String> withAgent;
    private int pairs;
    /** The agent's class cache for asyncCached, else null. */
    private Path cache;
    /** Where the program's class path is written (a copy of the benchmarks' jar without the weaver). */
    private Path programDir;
    private String programClassPath;

    /** Each JVM's wall time and how many classes it loaded, per operation (one pair). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Times {
        /** Seconds, the JVM without the agent. */
        public double withoutAgent;
        /** Seconds, the JVM with the agent. */
        public double withAgent;
        /** Classes each JVM loaded (the same with and without the agent). */
        public long classesLoaded;

        @Setup(Level.Iteration)
        public void reset() {
            withoutAgent = 0;
            withAgent = 0;
            classesLoaded = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws URISyntaxException, IOException, InterruptedException {
        programDir = Files.createTempDirectory("weft-agent-program");
        programClassPath = ProgramClassPath.withoutWeaver(programDir);
        withoutAgent = command(null);
        if (classes.equals("asyncCached")) {
            cache = Files.createTempDirectory("weft-agent-cache");
            withAgent = command("-javaagent:" + agentJar() + "=cache=" + cache);
            // the first run weaves and fills the cache; the second also keeps what the first loaded while weaving
            run(withAgent, null);
            run(withAgent, null);
        } else {
            withAgent = command("-javaagent:" + agentJar());
        }
    }

    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        deleteFolder(cache);
        deleteFolder(programDir);
    }

    private static void deleteFolder(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private List<String> command(String agentOption) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_OPTIONS);
        if (agentOption != null) {
            command.add(agentOption);
        }
        command.add("-cp");
        command.add(programClassPath);
        command.add(LoadClasses.class.getName());
        command.add(classes.equals("asyncCached") ? "async" : classes);
        return command;
    }

    static Path agentJar() throws URISyntaxException {
        String configured = System.getProperty("weft.agent.jar");
        Path jar;
        if (configured != null) {
            jar = Path.of(configured);
        } else {
            Path here = Path.of(AgentStartup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            jar = here.getParent().resolve("weft-agent.jar"); // benchmarks.jar or classes/, both in target/
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no weft agent jar at " + jar
                    + ": build the module (it copies the agent to target/weft-agent.jar) or set -Dweft.agent.jar");
        }
        return jar;
    }

    @Benchmark
    public void startUp(Times times) throws IOException, InterruptedException {
        boolean agentFirst = (pairs++ & 1) == 1;
        if (agentFirst) {
            times.withAgent += run(withAgent, times);
            times.withoutAgent += run(withoutAgent, null);
        } else {
            times.withoutAgent += run(withoutAgent, times);
            times.withAgent += run(withAgent, null);
        }
    }

    /** Runs one JVM to its end; returns its wall time in seconds, counting its classes into {@code times}. */
    private static double run(List<String> command, Times times) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || !output.contains("loaded ")) {
            throw new IllegalStateException("the child JVM failed (" + exit + "): " + output);
        }
        if (times != null) {
            String count = output.substring(output.indexOf("loaded ") + "loaded ".length()).split("\\s+")[0];
            times.classesLoaded += Long.parseLong(count);
        }
        return seconds;
    }
}
