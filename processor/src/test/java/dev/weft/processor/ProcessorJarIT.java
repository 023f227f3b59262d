package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * End to end, after {@code package}: the shaded jar alone, given to the real {@code javac} binaries of
 * every installed JDK (17, and 25 if present) and to maven-compiler-plugin's annotationProcessorPaths,
 * checks and weaves, and what it wove runs with the runtime alone.
 */
class ProcessorJarIT {
    private static final Path JAR = Path.of(System.getProperty("weft.processor.jar",
            "target/weft-processor-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
    private static final Path WORK = Path.of(System.getProperty("weft.work.dir", "target/processor-it"));
    private static final Path GOOD = Compilation.RESOURCES.resolve("good");
    private static final Path BAD = Compilation.RESOURCES.resolve("bad");
    /** One bad source per way the processor reports: during processing, after analysis, on types. */
    private static final List<String> BAD_SAMPLES = List.of("SynchronizedAsync.java", "AwaitInLambda.java",
            "YieldFromWrongSendType.java", "SeveralProblems.java");

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(WORK);
        return Files.createTempDirectory(WORK, name.replaceAll("[^A-Za-z0-9]", "_") + "-").toAbsolutePath();
    }

    private static String classPath(Path... entries) {
        return Stream.of(entries).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void theJarHoldsTheProcessorAndItsRelocatedDependenciesButNoRuntime() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing: run the package phase first");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            String services = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/javax.annotation.processing.Processor")).readAllBytes(), "UTF-8");
            assertEquals("dev.weft.processor.WeftProcessor", services.trim());
            assertTrue(names.contains("dev/weft/processor/WeftProcessor.class"));
            assertTrue(names.contains("dev/weft/processor/shaded/asm/ClassReader.class"));
            assertTrue(names.contains("dev/weft/processor/shaded/asm/tree/analysis/Analyzer.class"));
            assertTrue(names.contains("dev/weft/processor/shaded/weaver/Weaver.class"));
            List<String> strays = names.stream().filter(n -> n.endsWith(".class")
                    && !n.startsWith("dev/weft/processor/")).collect(Collectors.toList());
            assertEquals(List.of(), strays, "classes outside dev/weft/processor (runtime, unrelocated ASM)");
        }
    }

    @TestFactory
    Stream<DynamicTest> theRealJavacWithTheJarOnItsProcessorPath() {
        List<Jdk> jdks = Jdk.installed();
        assertFalse(jdks.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (Jdk jdk : jdks) {
            tests.add(dynamicTest(jdk + ": -processorpath weaves, and the classes run", () ->
                    compileAndRunGoodSources(jdk, List.of("-processorpath", JAR.toString()))));
            if (jdk.feature() >= 23) {
                tests.add(dynamicTest(jdk + ": -proc:full -processorpath weaves, and the classes run", () ->
                        compileAndRunGoodSources(jdk, List.of("-proc:full", "-processorpath", JAR.toString()))));
                tests.add(dynamicTest(jdk + ": on the class path, the processor runs only with -proc:full", () ->
                        classPathNeedsProcFull(jdk)));
            }
            tests.add(dynamicTest(jdk + ": bad sources fail at their lines", () -> badSourcesFail(jdk)));
            tests.add(dynamicTest(jdk + ": a named module, compiled alone, weaves and runs on the module path",
                    () -> compileAndRunModule(jdk, false)));
            tests.add(dynamicTest(jdk + ": a named module, in --module-source-path mode, weaves and runs",
                    () -> compileAndRunModule(jdk, true)));
        }
        return tests.stream();
    }

    private static void compileAndRunGoodSources(Jdk jdk, List<String> processorOptions) throws IOException {
        Path dir = fresh("javac-" + jdk.feature());
        Path out = dir.resolve("classes");
        List<Fixture> good = Fixture.in("good");
        List<String> javac = new ArrayList<>(List.of(jdk.javac().toString(), "--release", "17", "-d", out.toString(),
                "-cp", Compilation.runtimeClasses().toString()));
        javac.addAll(processorOptions);
        good.forEach(f -> javac.add(f.source().toString()));
        Jdk.Run compiled = jdk.run(dir, javac);
        assertEquals(0, compiled.exitCode(), compiled::output);
        assertFalse(compiled.output().contains("weft:"), compiled::output);
        assertEquals(List.of(), WovenClasses.unwoven(out));
        for (Fixture f : good) {
            String main = "good." + f.name().replace(".java", "");
            Jdk.Run ran = jdk.run(dir, List.of(jdk.java().toString(), "-cp",
                    classPath(out, Compilation.runtimeClasses()), main));
            assertEquals(0, ran.exitCode(), ran::output);
            assertEquals(GoodSourcesTest.expectedResult(f.source()), ran.output().trim(), main);
        }
    }

    /**
     * A named module that {@code requires dev.weft} (the runtime jar's Automatic-Module-Name), with a
     * module-info and a package-info among its sources: javac writes their class files too, and in
     * {@code --module-source-path} mode the class output is one directory per module.
     */
    private static void compileAndRunModule(Jdk jdk, boolean multiModule) throws IOException {
        Path runtime = Compilation.runtimeClasses();
        assumeTrue(Files.isRegularFile(runtime), "the runtime is not a jar here (" + runtime + "): no module name");
        Path module = Compilation.RESOURCES.resolve("modular/demo").toAbsolutePath();
        Path dir = fresh("module-" + jdk.feature() + (multiModule ? "-multi" : ""));
        Path out = dir.resolve("classes");
        List<String> javac = new ArrayList<>(List.of(jdk.javac().toString(), "--release", "17", "-d", out.toString(),
                "--module-path", runtime.toString(), "-processorpath", JAR.toString()));
        if (multiModule) {
            javac.addAll(List.of("--module-source-path", "demo=" + module, "-m", "demo"));
        } else {
            javac.addAll(List.of(module.resolve("module-info.java").toString(),
                    module.resolve("demo/package-info.java").toString(), module.resolve("demo/Main.java").toString()));
        }
        Jdk.Run compiled = jdk.run(dir, javac);
        assertEquals(0, compiled.exitCode(), compiled::output);
        Path classes = multiModule ? out.resolve("demo") : out;
        assertEquals(List.of("demo/Main.class"), WovenClasses.woven(classes), compiled::output);
        Jdk.Run ran = jdk.run(dir, List.of(jdk.java().toString(), "--module-path", classPath(classes, runtime),
                "-m", "demo/demo.Main"));
        assertEquals(0, ran.exitCode(), ran::output);
        assertEquals("sum 10", ran.output().trim());
    }

    /** JDK 23+ no longer runs processors found on the class path unless asked: the README says so. */
    private static void classPathNeedsProcFull(Jdk jdk) throws IOException {
        Path countdown = GOOD.resolve("Countdown.java");
        String cp = classPath(JAR, Compilation.runtimeClasses());
        Path quiet = fresh("classpath-" + jdk.feature()).resolve("classes");
        Jdk.Run plain = jdk.run(quiet.getParent(), List.of(jdk.javac().toString(), "-d", quiet.toString(), "-cp", cp,
                countdown.toString()));
        assertEquals(0, plain.exitCode(), plain::output);
        assertEquals(List.of("good/Countdown.class"), WovenClasses.unwoven(quiet), "the processor ran unasked");

        Path full = fresh("classpath-full-" + jdk.feature()).resolve("classes");
        Jdk.Run withFull = jdk.run(full.getParent(), List.of(jdk.javac().toString(), "-proc:full", "-d",
                full.toString(), "-cp", cp, countdown.toString()));
        assertEquals(0, withFull.exitCode(), withFull::output);
        assertEquals(List.of("good/Countdown.class"), WovenClasses.woven(full));
    }

    private static void badSourcesFail(Jdk jdk) throws IOException {
        for (String name : BAD_SAMPLES) {
            Fixture f = Fixture.read(BAD.resolve(name));
            Path dir = fresh("bad-" + jdk.feature());
            Jdk.Run r = jdk.run(dir, List.of(jdk.javac().toString(), "-processorpath", JAR.toString(),
                    "-cp", Compilation.runtimeClasses().toString(), "-d", dir.resolve("classes").toString(),
                    f.source().toString()));
            assertNotEquals(0, r.exitCode(), r::output);
            for (Fixture.Expectation e : f.errors()) {
                String at = name + ":" + e.line() + ": error: ";
                assertTrue(r.output().lines().anyMatch(l -> l.contains(at) && l.contains(e.fragment())),
                        () -> jdk + ", " + name + ": expected " + e + "\n" + r.output());
            }
        }
    }

    /**
     * A user project built by Maven with the processor in annotationProcessorPaths. The jar is served from
     * a file repository under a throwaway groupId, which is removed from the local repository afterwards.
     */
    @Test
    void mavenCompilerPluginWithAnnotationProcessorPaths() throws Exception {
        String mavenHome = System.getProperty("maven.home");
        String localRepo = System.getProperty("weft.local.repo");
        assumeTrue(mavenHome != null && Files.isDirectory(Path.of(mavenHome)), "maven.home unknown");
        assumeTrue(localRepo != null && Files.isDirectory(Path.of(localRepo)), "local repository unknown");
        Jdk jdk = Jdk.at(Path.of(System.getProperty("java.home")));
        Path project = fresh("maven-user");
        String group = "dev.weft.it" + Long.toString(System.nanoTime(), 36);
        Path repo = project.resolve("repo");
        Path artifact = repo.resolve(group.replace('.', '/')).resolve("weft-processor/1.0");
        Files.createDirectories(artifact);
        Files.copy(JAR, artifact.resolve("weft-processor-1.0.jar"));
        Files.writeString(artifact.resolve("weft-processor-1.0.pom"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><groupId>" + group + "</groupId>"
                + "<artifactId>weft-processor</artifactId><version>1.0</version></project>\n");
        Path sources = project.resolve("src/main/java/good");
        Files.createDirectories(sources);
        Files.copy(GOOD.resolve("Countdown.java"), sources.resolve("Countdown.java"));
        Files.writeString(project.resolve("pom.xml"), userPom(group, repo));
        Path installed = Path.of(localRepo).resolve(group.replace('.', '/'));
        try {
            String mvn = Path.of(mavenHome, "bin", System.getProperty("os.name").startsWith("Windows") ? "mvn.cmd"
                    : "mvn").toString();
            Jdk.Run build = jdk.run(project, List.of(mvn, "-B", "-o", "-Daether.offline.protocols=file",
                    "-Dmaven.repo.local=" + localRepo, "compile"));
            assertEquals(0, build.exitCode(), build::output);
            Path classes = project.resolve("target/classes");
            assertEquals(List.of("good/Countdown.class"), WovenClasses.woven(classes), build::output);
            Jdk.Run ran = jdk.run(project, List.of(jdk.java().toString(), "-cp",
                    classPath(classes, Compilation.runtimeClasses()), "good.Countdown"));
            assertEquals(GoodSourcesTest.expectedResult(GOOD.resolve("Countdown.java")), ran.output().trim());
        } finally {
            deleteTree(installed);
        }
    }

    private static String userPom(String group, Path repo) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>processor-user</artifactId>
                  <version>1</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository>
                      <id>weft-under-test</id>
                      <url>%s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases>
                    </repository>
                  </repositories>
                  <dependencies>
                    <dependency>
                      <groupId>dev.weft</groupId>
                      <artifactId>weft-runtime</artifactId>
                      <version>0.1.0-SNAPSHOT</version>
                      <scope>system</scope>
                      <systemPath>%s</systemPath>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.16.0</version>
                        <configuration>
                          <release>17</release>
                          <annotationProcessorPaths>
                            <path>
                              <groupId>%s</groupId>
                              <artifactId>weft-processor</artifactId>
                              <version>1.0</version>
                            </path>
                          </annotationProcessorPaths>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repo.toUri(), runtimeJarOrDirectory(), group);
    }

    /** The runtime for the user project's class path: system scope wants a file, so a directory is jarred. */
    private static String runtimeJarOrDirectory() {
        Path runtime = Compilation.runtimeClasses();
        if (Files.isRegularFile(runtime)) {
            return runtime.toString();
        }
        try {
            Path jar = fresh("runtime-jar").resolve("weft-runtime.jar");
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                 Stream<Path> files = Files.walk(runtime)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(runtime.relativize(p).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(p));
                    out.closeEntry();
                }
            }
            return jar.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
