package dev.weft.agent;

import static dev.weft.agent.ChildJvm.deleteRecursively;
import static dev.weft.agent.ChildJvm.java;
import static dev.weft.agent.ChildJvm.location;
import static dev.weft.agent.ChildJvm.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.agent.ChildJvm.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Programs the {@code java} launcher runs from source ({@code java Main.java}): the launcher compiles
 * them in memory, runs no annotation processor, and (JDK 22+) compiles a program's further source files
 * only as their classes are first loaded, so the agent is the way to weave them.
 */
class SourceLauncherIT {
    private static Path agentJar;
    private static Path workDir;
    private static String runtime;

    @BeforeAll
    static void paths() throws IOException {
        agentJar = Paths.get(required("weft.agent.jar"));
        workDir = Paths.get(required("weft.work.dir")).resolve("source-launcher");
        deleteRecursively(workDir);
        runtime = location(Async.class);
    }

    @Test
    void aSingleSourceFileRunsWovenByTheAgent() throws Exception {
        Path dir = program("single", "Main.java", String.join("\n",
                "import dev.weft.*;",
                "public class Main {",
                "    @Async",
                "    static Generator<Integer, Object, String> count(int n) {",
                "        for (int i = 0; i < n; i++) {",
                "            Coroutines.yield(i);",
                "        }",
                "        return Coroutines.done(\"counted\");",
                "    }",
                "    public static void main(String[] args) {",
                "        StringBuilder out = new StringBuilder();",
                "        for (int v : count(3)) {",
                "            out.append(v).append(' ');",
                "        }",
                "        System.out.println(out.toString().trim());",
                "    }",
                "}", ""));
        Run run = runWovenPrinting(dir, "0 1 2");
        assertTrue(run.stderr().contains("weft: wove Main.count(I)Ldev/weft/Generator;"), run.toString());
    }

    @Test
    void withoutTheAgentTheErrorSaysTheLauncherRunsNoProcessor() throws Exception {
        Path dir = program("unwoven", "Main.java", String.join("\n",
                "import dev.weft.*;",
                "public class Main {",
                "    @Async",
                "    static Generator<Integer, Object, Void> one() {",
                "        Coroutines.yield(1);",
                "        return Coroutines.done();",
                "    }",
                "    public static void main(String[] args) {",
                "        one();",
                "    }",
                "}", ""));
        Run run = runMain(dir, false);
        assertNotEquals(0, run.exitCode(), run.toString());
        String err = String.join("\n", run.stderr());
        assertTrue(err.contains("Coroutines.yield called in Main.one (Main.java:5), which was not woven, though it is"
                + " @Async: the java launcher compiled it from source"), err);
        assertTrue(err.contains("-javaagent:weft-agent.jar"), err);
        assertFalse(err.contains("-proc:full"), err);
    }

    /**
     * A method of the first file merges two classes of another file, which the launcher has not compiled
     * when the first file's class is woven: the agent has it compiled (by loading the class) to read its
     * class file, and weaves that file's {@code @Async} methods too, the ones of the class it loaded among
     * them.
     */
    @Test
    void classesOfAFurtherSourceFileAreReadAndWoven() throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "the launcher runs programs of several files from JDK 22");
        Path dir = program("multi", "Shapes.java", String.join("\n",
                "import dev.weft.*;",
                "public class Shapes {",
                "    public abstract static class Shape {",
                "        abstract String name();",
                "        @Async",
                "        Generator<String, Object, Void> corners(int n) {",
                "            for (int i = 0; i < n; i++) {",
                "                Coroutines.yield(name() + i);",
                "            }",
                "            return Coroutines.done();",
                "        }",
                "    }",
                "    public static final class Circle extends Shape {",
                "        String name() { return \"circle\"; }",
                "        @Async",
                "        @Override",
                "        Generator<String, Object, Void> corners(int n) {",
                "            Coroutines.yield(\"none\");",
                "            return Coroutines.done();",
                "        }",
                "    }",
                "    public static final class Square extends Shape {",
                "        String name() { return \"square\"; }",
                "    }",
                "    @Async",
                "    static Generator<Integer, Object, Void> sides() {",
                "        Coroutines.yield(0);",
                "        Coroutines.yield(4);",
                "        return Coroutines.done();",
                "    }",
                "}", ""));
        program("multi", "Main.java", String.join("\n",
                "import dev.weft.*;",
                "public class Main {",
                "    @Async",
                "    static Generator<String, Object, Void> names(boolean round) {",
                "        Shapes.Shape s = round ? new Shapes.Circle() : new Shapes.Square();",
                "        Coroutines.yield(\"a \" + s.name());",
                "        Coroutines.yieldFrom(s.corners(2));",
                "        Coroutines.yieldFrom(Shapes.sides());",
                "        return Coroutines.done();",
                "    }",
                "    public static void main(String[] args) {",
                "        StringBuilder out = new StringBuilder();",
                "        for (boolean round : new boolean[] {true, false}) {",
                "            for (Object v : names(round)) {",
                "                out.append(v).append(' ');",
                "            }",
                "        }",
                "        System.out.println(out.toString().trim());",
                "    }",
                "}", ""));
        Run run = runWovenPrinting(dir, "a circle none 0 4 a square square0 square1 0 4");
        for (String woven : List.of("Main.names(Z)", "Shapes$Shape.corners(I)", "Shapes$Circle.corners(I)",
                "Shapes.sides()")) {
            assertTrue(run.stderr().stream().anyMatch(line -> line.startsWith("weft: wove " + woven)),
                    woven + " woven: " + run);
        }
        assertFalse(run.stderr().stream().anyMatch(line -> line.contains("not woven")
                || line.contains("not found")), run.toString());
    }

    /** Runs the program with the agent, which must print {@code line} and end normally. */
    private static Run runWovenPrinting(Path dir, String line) throws Exception {
        Run run = runMain(dir, true);
        run.assertExitedNormally();
        assertEquals(List.of(line), run.stdout(), run.toString());
        return run;
    }

    /** Runs {@code java [-javaagent:weft-agent.jar=verbose] -cp weft-runtime.jar DIR/Main.java}. */
    private static Run runMain(Path dir, boolean withAgent) throws Exception {
        String main = dir.resolve("Main.java").toString();
        return java(dir, withAgent ? List.of("-javaagent:" + agentJar + "=verbose", "-cp", runtime, main)
                : List.of("-cp", runtime, main));
    }

    /** Writes {@code source} as {@code file} in the folder of program {@code name}, which it returns. */
    private static Path program(String name, String file, String source) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Files.writeString(dir.resolve(file), source);
        return dir;
    }
}
