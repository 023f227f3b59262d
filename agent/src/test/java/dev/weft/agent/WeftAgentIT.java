package dev.weft.agent;

import static dev.weft.agent.ChildJvm.FIXTURE;
import static dev.weft.agent.ChildJvm.deleteRecursively;
import static dev.weft.agent.ChildJvm.java;
import static dev.weft.agent.ChildJvm.lineOf;
import static dev.weft.agent.ChildJvm.location;
import static dev.weft.agent.ChildJvm.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.agent.ChildJvm.Run;
import dev.weft.agent.fixture.Main;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built agent jar, in child JVMs ({@code java -javaagent:weft-agent.jar -cp fixtures:weft-runtime Main}),
 * on the fixture programs in {@code dev.weft.agent.fixture}. Runs after {@code package}, on the JDK that
 * runs the build.
 */
class WeftAgentIT {
    private static final String SHOP_CHECKOUT = FIXTURE + "Shop.checkout(I)Ldev/weft/Coroutine;";

    private static Path agentJar;
    private static Path workDir;
    private static String classPath;
    /** The run of {@link Main} with {@code verbose,dump=}, shared by the tests that read its output. */
    private static Run verboseRun;
    private static Path dumpDir;

    @BeforeAll
    static void runTheFixtureProgram() throws Exception {
        agentJar = Paths.get(required("weft.agent.jar"));
        assertTrue(Files.isRegularFile(agentJar), "no agent jar at " + agentJar + ": run `mvn verify`");
        workDir = Files.createDirectories(Paths.get(required("weft.work.dir")));
        classPath = location(Main.class) + File.pathSeparator + location(Async.class);
        dumpDir = workDir.resolve("dump");
        deleteRecursively(dumpDir);
        verboseRun = java(workDir, List.of("-javaagent:" + agentJar + "=verbose,dump=" + dumpDir, "-cp", classPath,
                Main.class.getName()));
    }

    @Test
    void theProgramRunsWithItsAsyncMethodsWoven() {
        verboseRun.assertExitedNormally();
        assertEquals(List.of("plain 42", "state CREATED", "result 31", "fine 42"), verboseRun.stdout().subList(0, 4),
                verboseRun.toString());
    }

    @Test
    void verbosePrintsOneLinePerWovenMethod() {
        assertTrue(verboseRun.stderr().contains("weft: wove " + SHOP_CHECKOUT), verboseRun.toString());
        assertTrue(verboseRun.stderr().contains("weft: wove " + FIXTURE + "Shop.price(I)Ldev/weft/Coroutine;"),
                verboseRun.toString());
        assertTrue(verboseRun.stderr().stream().filter(l -> l.startsWith("weft: wove "))
                .allMatch(l -> l.startsWith("weft: wove " + FIXTURE + "Shop.")
                        || l.startsWith("weft: wove " + FIXTURE + "Broken.")), verboseRun.toString());
    }

    @Test
    void dumpWritesEachWovenClassAndNothingElse() throws IOException {
        Path shop = dumpDir.resolve(FIXTURE + "Shop.class");
        assertTrue(Files.isRegularFile(shop), "no " + shop);
        byte[] bytes = Files.readAllBytes(shop);
        assertEquals(0xCAFEBABE, ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF));
        byte[] original = Files.readAllBytes(Paths.get(location(Main.class)).resolve(FIXTURE + "Shop.class"));
        assertFalse(Arrays.equals(original, bytes), "the dumped Shop is not woven");
        for (String untouched : List.of("Plain", "Main", "NeverLoaded")) {
            assertFalse(Files.exists(dumpDir.resolve(FIXTURE + untouched + ".class")), untouched + " was dumped");
        }
    }

    @Test
    void aClassWithoutAsyncIsUntouched() {
        assertTrue(verboseRun.stderr().stream().noneMatch(l -> l.contains(FIXTURE + "Plain")
                || l.contains(FIXTURE + "Main")), verboseRun.toString());
        assertFalse(Files.exists(dumpDir.resolve(FIXTURE + "Plain.class")));
    }

    @Test
    void anErrorNamesTheMethodAndLineAndItsStubThrowsTheMessage() throws IOException {
        int line = lineOf("Broken.java", "// LINE: await-in-synchronized");
        List<String> errors = verboseRun.stderr().stream().filter(l -> l.startsWith("weft: error: "))
                .collect(Collectors.toList());
        assertEquals(1, errors.size(), verboseRun.toString());
        String error = errors.get(0);
        assertTrue(error.startsWith("weft: error: " + FIXTURE + "Broken.locked("), error);
        assertTrue(error.contains("(Broken.java:" + line + ")"), "expected line " + line + " in: " + error);
        String message = error.substring(error.indexOf("): ") + 3);

        assertTrue(verboseRun.stdout().contains("fine 42"), "the rest of the class must work: " + verboseRun);
        String thrown = verboseRun.stdout().stream().filter(l -> l.startsWith("locked ")).findFirst().orElse("");
        assertTrue(thrown.startsWith("locked threw "), "calling the method that could not be woven must throw: "
                + verboseRun);
        assertTrue(thrown.contains(message), "the error must carry the diagnostic '" + message + "': " + thrown);
    }

    @Test
    void noInternalErrorsAndNoUnsafeWarnings() {
        assertTrue(verboseRun.stderr().stream().noneMatch(l -> l.contains("internal error")), verboseRun.toString());
        assertTrue(verboseRun.stderr().stream().noneMatch(l -> l.contains("sun.misc.Unsafe")), verboseRun.toString());
    }

    @Test
    void alreadyWovenClassesAreRecognisedAndLeftAlone() throws Exception {
        assertTrue(Files.isRegularFile(dumpDir.resolve(FIXTURE + "Shop.class")));
        Run run = java(workDir, List.of("-javaagent:" + agentJar + "=verbose", "-cp",
                dumpDir + File.pathSeparator + classPath, Main.class.getName()));
        run.assertExitedNormally();
        assertEquals(verboseRun.stdout(), run.stdout(), run.toString());
        assertTrue(run.stderr().stream().noneMatch(l -> l.startsWith("weft: ")), run.toString());
    }

    @Test
    void agentmainWeavesClassesLoadedAfterTheAttach() throws Exception {
        Run run = java(workDir, List.of("-Djdk.attach.allowAttachSelf=true", "-cp", classPath,
                "dev.weft.agent.fixture.AttachMain", agentJar.toString(), "verbose"));
        run.assertExitedNormally();
        assertEquals(verboseRun.stdout(), run.stdout(), run.toString());
        assertTrue(run.stderr().contains("weft: wove " + SHOP_CHECKOUT), run.toString());
    }

    @Test
    void threadsThatRaceToLoadTheFirstWovenClassesAllGetThemWoven() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Run run = java(workDir, List.of("-javaagent:" + agentJar + "=verbose", "-cp", classPath,
                    "dev.weft.agent.fixture.ParallelMain"));
            run.assertExitedNormally();
            assertEquals(List.of("10 11 12 13"), run.stdout(), run.toString());
            assertEquals(4, run.stderr().stream().filter(l -> l.startsWith("weft: wove " + FIXTURE + "ParallelMain$"))
                    .count(), run.toString());
        }
    }

    /**
     * {@code cache=DIR}: the second run of a program defines the same woven classes from the cache, without
     * running the weaver or loading Byte Buddy.
     */
    @Test
    void aSecondRunWithTheCacheNeitherWeavesNorLoadsByteBuddy() throws Exception {
        Path cache = workDir.resolve("cache");
        deleteRecursively(cache);
        String agent = "-javaagent:" + agentJar + "=verbose,cache=" + cache;
        Run first = java(workDir, List.of(agent, "-cp", classPath, "dev.weft.agent.fixture.ParallelMain"));
        first.assertExitedNormally();
        try (var entries = Files.list(cache)) {
            // the four woven classes, and any class that passed the pre-filter but needed no change
            assertEquals(4, entries.map(f -> f.getFileName().toString())
                    .filter(f -> f.matches("dev\\.weft\\.agent\\.fixture\\.ParallelMain\\$[A-D]-[0-9a-f]+-[0-9a-f]+\\.woven"))
                    .count(),
                    first.toString());
        }
        Run second = java(workDir, List.of("-Xlog:class+load=info:file=" + workDir.resolve("cached-run-classes.txt"), agent,
                "-cp", classPath, "dev.weft.agent.fixture.ParallelMain"));
        second.assertExitedNormally();
        assertEquals(List.of("10 11 12 13"), second.stdout(), second.toString());
        assertEquals(4, second.stderr().stream().filter(l -> l.startsWith("weft: wove " + FIXTURE + "ParallelMain$")
                && l.endsWith(" (from the class cache)")).count(), second.toString());
        List<String> loaded = Files.readAllLines(workDir.resolve("cached-run-classes.txt"));
        List<String> weaving = loaded.stream().filter(l -> l.contains(" dev.weft.agent.shaded.bytebuddy.")
                || l.contains(" dev.weft.agent.shaded.weaver.ClassWeaver ")
                || l.contains(" dev.weft.agent.shaded.weaver.MethodWeaver "))
                .collect(Collectors.toList());
        assertEquals(List.of(), weaving, "the weaver ran or Byte Buddy was loaded on a cached run");
    }

    /**
     * Start-up cost: weaving needs Byte Buddy's class file locator and nothing else of it: neither its type
     * pool (its first use sets up Byte Buddy's reflective machinery, some 220 classes) nor its type
     * building ({@code AgentBuilder}, {@code DynamicType}), which would be some 700 more classes loaded.
     */
    @Test
    void weavingLoadsOnlyByteBuddysClassFileLocator() throws Exception {
        Run run = java(workDir, List.of("-Xlog:class+load=info:stdout", "-javaagent:" + agentJar, "-cp", classPath,
                Main.class.getName()));
        run.assertExitedNormally();
        List<String> byteBuddy = run.stdout().stream().filter(l -> l.contains(" dev.weft.agent.shaded.bytebuddy."))
                .map(l -> l.substring(l.indexOf(" dev.weft.agent.shaded.bytebuddy.") + 1).split(" ")[0])
                .collect(Collectors.toList());
        assertTrue(byteBuddy.contains("dev.weft.agent.shaded.bytebuddy.dynamic.ClassFileLocator$ForClassLoader"),
                run.toString());
        List<String> others = byteBuddy.stream().filter(c -> c.contains(".pool.") || c.contains(".agent.builder.")
                || c.contains(".dynamic.scaffold.") || c.contains(".dynamic.DynamicType")
                || c.contains(".description.")).collect(Collectors.toList());
        assertEquals(List.of(), others, "more of Byte Buddy than its class file locator was loaded");
        assertTrue(byteBuddy.size() < 30, byteBuddy.size() + " Byte Buddy classes loaded: " + byteBuddy);
    }

    @Test
    void anUnknownOptionStopsTheJvmWithTheOptionsName() throws Exception {
        Run run = java(workDir, List.of("-javaagent:" + agentJar + "=verbsoe", "-cp", classPath, Main.class.getName()));
        assertNotEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stderr().stream().anyMatch(l -> l.contains("unknown option 'verbsoe'")), run.toString());
    }

    @Test
    void theJarIsSelfContainedAndLeavesTheRuntimeOut() throws IOException {
        try (JarFile jar = new JarFile(agentJar.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals(WeftAgent.class.getName(), main.getValue("Premain-Class"));
            assertEquals(WeftAgent.class.getName(), main.getValue("Agent-Class"));
            assertNull(main.getValue("Multi-Release"), "a multi-release jar costs a versioned look-up per class");
            List<String> names = jar.stream().map(JarEntry::getName).collect(Collectors.toList());
            for (String present : List.of("dev/weft/agent/WeftAgent.class", "dev/weft/agent/shaded/weaver/Weaver.class",
                    "dev/weft/agent/shaded/asm/ClassReader.class", "dev/weft/agent/shaded/asm/tree/ClassNode.class",
                    "dev/weft/agent/shaded/bytebuddy/dynamic/ClassFileLocator.class")) {
                assertTrue(names.contains(present), "missing " + present);
            }
            List<String> stray = names.stream().filter(n -> n.matches("dev/weft/[^/]+\\.class")
                    || n.startsWith("dev/weft/internal/") || n.startsWith("dev/weft/loop/")
                    || n.startsWith("org/objectweb/") || n.startsWith("net/bytebuddy/") || n.startsWith("dev/weft/weaver/")
                    || n.startsWith("META-INF/versions/") || n.endsWith("module-info.class"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), stray, "runtime classes or unrelocated classes in the agent jar");
        }
    }

    /**
     * The jar keeps only the part of Byte Buddy that the agent uses (see the shade filter): every class it
     * holds must load, verify and initialise from the jar alone, or a path the other tests do not take (an
     * error path of the locator, say) would end in a {@code NoClassDefFoundError} in a user's JVM.
     */
    @Test
    void everyClassInTheJarLinksFromTheJarAlone() throws Exception {
        List<String> failures = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(agentJar.toFile());
             URLClassLoader loader = new URLClassLoader(new URL[] {agentJar.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                classes++;
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(className, true, loader);
                } catch (LinkageError | ClassNotFoundException e) {
                    failures.add(className + ": " + e);
                }
            }
        }
        assertEquals(List.of(), failures, "classes of the agent jar that do not link from it");
        assertTrue(classes > 100 && classes < 400, classes + " classes in the agent jar");
    }

    /**
     * A named module ({@code requires dev.weft}, the runtime jar's automatic module name), compiled here
     * without weaving and run from the module path: the agent weaves its classes as they load.
     */
    @Test
    void aNamedModuleOnTheModulePathIsWovenAsItLoads() throws Exception {
        Path runtime = Paths.get(location(Async.class));
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(runtime),
                "the runtime is not a jar here (" + runtime + "): it has no module name");
        Path src = Files.createDirectories(workDir.resolve("module-src/agentdemo"));
        Files.writeString(src.getParent().resolve("module-info.java"), "module agentdemo { requires dev.weft; }\n");
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package agentdemo;",
                "import dev.weft.Async;",
                "import dev.weft.Coroutines;",
                "import dev.weft.Generator;",
                "public class Main {",
                "    @Async",
                "    static Generator<Integer, Object, Void> count(int n) {",
                "        for (int i = 0; i < n; i++) {",
                "            Coroutines.yield(i);",
                "        }",
                "        return Coroutines.done();",
                "    }",
                "    public static void main(String[] args) {",
                "        int sum = 0;",
                "        for (int v : count(5)) {",
                "            sum += v;",
                "        }",
                "        System.out.println(\"sum \" + sum + \" in \" + Main.class.getModule().getName());",
                "    }",
                "}", ""));
        Path classes = workDir.resolve("module-classes");
        deleteRecursively(classes);
        int compiled = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                "--module-path", runtime.toString(), "-d", classes.toString(),
                src.getParent().resolve("module-info.java").toString(), src.resolve("Main.java").toString());
        assertEquals(0, compiled, "javac failed on the module");
        Run run = java(workDir, List.of("-javaagent:" + agentJar + "=verbose", "--module-path",
                classes + File.pathSeparator + runtime, "-m", "agentdemo/agentdemo.Main"));
        run.assertExitedNormally();
        assertEquals(List.of("sum 10 in agentdemo"), run.stdout(), run.toString());
        assertTrue(run.stderr().contains("weft: wove agentdemo/Main.count(I)Ldev/weft/Generator;"), run.toString());
    }
}
