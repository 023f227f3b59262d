package dev.weft.agent;

import static dev.weft.agent.ChildJvm.FIXTURE;
import static dev.weft.agent.ChildJvm.java;
import static dev.weft.agent.ChildJvm.location;
import static dev.weft.agent.ChildJvm.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.agent.ChildJvm.Run;
import dev.weft.agent.fixture.Covered;
import dev.weft.agent.fixture.LateRetransformed;
import dev.weft.agent.fixture.Retransformed;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.IClassCoverage;
import org.jacoco.core.analysis.ILine;
import org.jacoco.core.tools.ExecFileLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent in a JVM with other agents: a coverage agent (JaCoCo's), listed before or after weft's, and an
 * agent that retransforms a woven class.
 */
class BesideOtherAgentsIT {
    private static Path agentJar;
    private static Path workDir;
    private static String classPath;

    @BeforeAll
    static void paths() throws IOException {
        agentJar = Paths.get(required("weft.agent.jar"));
        workDir = Files.createDirectories(Paths.get(required("weft.work.dir")).resolve("other-agents"));
        classPath = location(Covered.class) + File.pathSeparator + location(Async.class);
    }

    @Test
    void aCoverageAgentListedBeforeWeftsCountsEachLineAsCompiled() throws Exception {
        assertCountsEachLineAsCompiled(true);
    }

    /**
     * The order users get wrong: weft's transformer is retransformation-capable, so the JVM runs it after
     * JaCoCo's whatever the order of the options; else JaCoCo would instrument the woven class and its
     * report, made from the class files, would find no class that matches.
     */
    @Test
    void aCoverageAgentListedAfterWeftsCountsEachLineAsCompiled() throws Exception {
        assertCountsEachLineAsCompiled(false);
    }

    private static void assertCountsEachLineAsCompiled(boolean coverageFirst) throws Exception {
        Path exec = workDir.resolve("jacoco-" + (coverageFirst ? "first" : "last") + ".exec");
        Files.deleteIfExists(exec);
        String coverage = "-javaagent:" + jacocoAgentJar() + "=destfile=" + exec;
        String weft = "-javaagent:" + agentJar + "=verbose";
        Run run = java(workDir, List.of(coverageFirst ? coverage : weft, coverageFirst ? weft : coverage,
                "-cp", classPath, Covered.class.getName()));
        run.assertExitedNormally();
        assertEquals(List.of("sum 3 total 11"), run.stdout(), run.toString());
        assertTrue(run.stderr().contains("weft: wove " + FIXTURE + "Covered.total(I)Ldev/weft/Coroutine;"),
                run.toString());

        IClassCoverage covered = coverageOf(exec, FIXTURE + "Covered.class");
        assertFalse(covered.isNoMatch(), "the execution data is of another class than the class file: " + run);
        List<String> wrong = new ArrayList<>();
        List<String> source = Files.readAllLines(Paths.get(required("weft.test.sources"), FIXTURE, "Covered.java"),
                StandardCharsets.UTF_8);
        int marked = 0;
        for (int i = 0; i < source.size(); i++) {
            String text = source.get(i);
            boolean runs = text.contains("// RUNS");
            if (!runs && !text.contains("// NEVER")) {
                continue;
            }
            marked++;
            ILine line = covered.getLine(i + 1);
            int missed = line.getInstructionCounter().getMissedCount();
            int hit = line.getInstructionCounter().getCoveredCount();
            if (runs ? missed != 0 || hit == 0 : hit != 0 || missed == 0) {
                wrong.add((i + 1) + " (" + hit + " run, " + missed + " missed): " + text.trim());
            }
        }
        assertEquals(11, marked, "marked lines in Covered.java");
        assertEquals(List.of(), wrong, "lines JaCoCo counts otherwise than they ran");
    }

    /** JaCoCo's analysis of the class file at {@code path} (under the test classes) against {@code exec}. */
    private static IClassCoverage coverageOf(Path exec, String path) throws IOException {
        ExecFileLoader loader = new ExecFileLoader();
        loader.load(exec.toFile());
        CoverageBuilder builder = new CoverageBuilder();
        Analyzer analyzer = new Analyzer(loader.getExecutionDataStore(), builder);
        analyzer.analyzeClass(Files.readAllBytes(Paths.get(location(Covered.class), path)), path);
        assertEquals(1, builder.getClasses().size(), builder.getClasses()::toString);
        return builder.getClasses().iterator().next();
    }

    /** JaCoCo's agent jar (the test class path holds it: {@code org.jacoco.agent}, classifier {@code runtime}). */
    private static Path jacocoAgentJar() {
        URL rt = BesideOtherAgentsIT.class.getClassLoader().getResource("org/jacoco/agent/rt/RT.class");
        assertNotNull(rt, "JaCoCo's agent jar is not on the test class path");
        String jar = rt.toString();
        assertTrue(jar.startsWith("jar:file:"), jar);
        return Paths.get(URI.create(jar.substring("jar:".length(), jar.indexOf("!/"))));
    }

    /**
     * Another agent retransforms a woven class (as profilers and mocking libraries do): the JVM starts again
     * from the bytes weft's transformer was given, weft weaves them into the same shape, and the class
     * keeps working.
     */
    @Test
    void aWovenClassRetransformedByAnotherAgentIsWovenAgain() throws Exception {
        Path retransformer = retransformingAgent(Retransformed.class);
        Run run = java(workDir, List.of("-javaagent:" + agentJar + "=verbose", "-javaagent:" + retransformer,
                "-cp", classPath, Retransformed.class.getName()));
        run.assertExitedNormally();
        assertEquals(List.of("before 31", "after 31"), run.stdout(), run.toString());
        String wove = "weft: wove " + FIXTURE + "Shop.checkout(I)Ldev/weft/Coroutine;";
        assertEquals(List.of(wove, wove + " (again: redefined)"),
                run.stderr().stream().filter(l -> l.startsWith(wove)).toList(),
                "woven as loaded, then again as retransformed: " + run);
    }

    /**
     * weft's agent attached to a running JVM after a class with {@code @Async} methods loaded, and another
     * agent then retransforms that class with another: weaving it now would add methods, so the JVM would
     * refuse the whole retransformation, the other agent's class with it; weft leaves the class as it is,
     * says so once, and its suspension point says why it was not woven.
     */
    @Test
    void aClassLoadedBeforeALateAttachIsLeftAloneWhenAnotherAgentRetransformsIt() throws Exception {
        Path retransformer = retransformingAgent(LateRetransformed.class);
        Run run = java(workDir, List.of("-Djdk.attach.allowAttachSelf=true", "-javaagent:" + retransformer,
                "-cp", classPath, LateRetransformed.class.getName(), agentJar.toString()));
        run.assertExitedNormally();
        assertEquals(List.of("loaded Shop", "retransformed", "Coroutines.await called in " + FIXTURE.replace('/', '.')
                + "Shop.checkout (Shop.java), which was not woven, though it is @Async: no weaver ran on its class (none"
                + " is set up, an agent attached after it loaded, -Aweft.weave=false, or javac 23+ given the"
                + " processor on the class path without -proc:full); weave it with -javaagent:weft-agent.jar, the weft-maven-plugin, or the"
                + " weft-processor annotation processor"),
                run.stdout(), run.toString());
        assertEquals(List.of("weft: warning: " + FIXTURE + "Shop is redefined but cannot be woven: it was loaded"
                + " before weft's agent started (or had no @Async method then), and the JVM does not let a loaded"
                + " class gain the methods weaving adds, so its suspension points throw. Start the agent with"
                + " -javaagent, or weave at build time"),
                run.stderr().stream().filter(l -> l.startsWith("weft: ")).toList(), // JDK 21+ warns of the attach
                run.toString());
    }

    /** A jar that holds only a manifest naming {@code premain}'s class (on the class path) as a retransforming agent. */
    private static Path retransformingAgent(Class<?> premain) throws IOException {
        Path jarFile = workDir.resolve(premain.getSimpleName() + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", premain.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (OutputStream out = Files.newOutputStream(jarFile);
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            // only the manifest: the agent's class is on the class path
        }
        return jarFile;
    }
}
