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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload 7b, the agent's start-up cost: the wall time of a whole JVM ({@link LoadClasses}: start, load a
 * few thousand classes of real jars, exit), with {@code agent} none or weft ({@code -javaagent:} the weft
 * agent jar), and {@code classes} plain (third-party jars only) or async (also weft's and the benchmarks'
 * classes, among them unwoven {@code @Async} classes that the agent weaves). Seconds per JVM.
 *
 * <p>The agent jar is {@code -Dweft.agent.jar}, else {@code weft-agent.jar} beside the jar on the class
 * path (the build copies it to {@code benchmarks/target/}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class AgentStartup {
    /** The child JVM's options: a small fixed heap, as the forks have. */
    static final List<String> CHILD_OPTIONS = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch");

    @Param({"none", "weft"})
    public String agent;

    @Param({"plain", "async"})
    public String classes;

    private List<String> command;

    /** How many classes the child loaded, per operation. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Loaded {
        public long classesLoaded;

        @Setup(Level.Iteration)
        public void reset() {
            classesLoaded = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws URISyntaxException {
        command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_OPTIONS);
        if (agent.equals("weft")) {
            command.add("-javaagent:" + agentJar());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadClasses.class.getName());
        command.add(classes);
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
    public int startUp(Loaded loaded) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0 || !output.contains("loaded ")) {
            throw new IllegalStateException("the child JVM failed (" + exit + "): " + output);
        }
        String count = output.substring(output.indexOf("loaded ") + "loaded ".length()).split("\\s+")[0];
        loaded.classesLoaded += Long.parseLong(count);
        return exit;
    }
}
