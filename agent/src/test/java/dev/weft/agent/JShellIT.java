package dev.weft.agent;

import static dev.weft.agent.ChildJvm.location;
import static dev.weft.agent.ChildJvm.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/**
 * Snippets typed into JShell, which compiles them in memory with no annotation processor and runs them in
 * a JVM of its own: the agent, given to that JVM ({@code jshell -R-javaagent:weft-agent.jar}), weaves them.
 */
class JShellIT {
    private static final String COUNT = "@dev.weft.Async dev.weft.Generator<Integer, Object, Void> count(int n) {"
            + " for (int i = 0; i < n; i++) dev.weft.Coroutines.yield(i); return dev.weft.Coroutines.done(); }";
    private static final String SUM = "int sum() { int s = 0; for (int v : count(4)) s += v; return s; }";
    private static final String GREET = "@dev.weft.Async dev.weft.Coroutine<String> greet() {"
            + " dev.weft.Coroutines.await(dev.weft.loop.Asyncio.sleep(0.001));"
            + " return dev.weft.Coroutines.done(\"hi\"); }";

    @Test
    void snippetsRunWovenInAJvmStartedWithTheAgent() {
        try (JShell shell = shell(true)) {
            for (String snippet : List.of(COUNT, SUM, GREET)) {
                assertNull(last(shell, snippet).exception(), snippet);
            }
            assertEquals("6", last(shell, "sum()").value());
            assertEquals("\"hi\"", last(shell, "dev.weft.loop.Asyncio.run(greet())").value());
        }
    }

    @Test
    void withoutTheAgentTheErrorSaysHowToStartJshell() {
        try (JShell shell = shell(false)) {
            last(shell, COUNT);
            last(shell, SUM);
            SnippetEvent failed = last(shell, "sum()");
            assertNotNull(failed.exception(), "unwoven: the yield throws");
            String message = failed.exception().getMessage();
            assertTrue(message.contains("which was not woven, though it is @Async: JShell compiled it")
                    && message.contains("-R-javaagent:weft-agent.jar"), message);
        }
    }

    private static JShell shell(boolean withAgent) {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        JShell.Builder builder = JShell.builder().out(out).err(out);
        if (withAgent) {
            builder.remoteVMOptions("-javaagent:" + required("weft.agent.jar"));
        }
        JShell shell = builder.build();
        shell.addToClasspath(location(Async.class));
        return shell;
    }

    /** Evaluates {@code snippet}; the event of its own value or failure (the last one). */
    private static SnippetEvent last(JShell shell, String snippet) {
        List<SnippetEvent> events = shell.eval(snippet);
        assertTrue(!events.isEmpty(), "no event for " + snippet);
        SnippetEvent event = events.get(events.size() - 1);
        assertTrue(event.status().isDefined() || event.exception() != null,
                () -> snippet + ": " + event + " " + shell.diagnostics(event.snippet()).map(d -> d.getMessage(null))
                        .toList());
        return event;
    }
}
