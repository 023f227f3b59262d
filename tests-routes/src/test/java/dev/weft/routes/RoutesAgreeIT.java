package dev.weft.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same suites, woven by the three routes, are the same bytes: the plugin's woven test classes equal the
 * processor's and the classes the agent wove as they loaded (dumped by the tests module).
 */
class RoutesAgreeIT {
    private static final byte[] MARKER = "Ldev/weft/internal/Woven;".getBytes(StandardCharsets.UTF_8);
    private final Path root = Path.of(System.getProperty("weft.root", ".."));

    @Test
    void agentProcessorAndPluginWeaveIdenticalBytes() throws IOException {
        Path plugin = root.resolve("tests-plugin/target/test-classes");
        Path processor = root.resolve("tests-processor/target/test-classes");
        Path agent = root.resolve("tests/target/agent-dump");
        List<Path> woven = wovenClasses(plugin);
        assertTrue(woven.size() >= 5, "too few woven classes to compare: " + woven);
        int comparedWithAgent = 0;
        for (Path relative : woven) {
            byte[] byPlugin = Files.readAllBytes(plugin.resolve(relative));
            Path inProcessor = processor.resolve(relative);
            if (Files.exists(inProcessor)) {
                assertArrayEquals(byPlugin, Files.readAllBytes(inProcessor),
                        relative + ": the processor and the plugin wove different bytes");
            }
            Path inAgent = agent.resolve(relative);
            if (Files.exists(inAgent)) {
                assertArrayEquals(byPlugin, Files.readAllBytes(inAgent),
                        relative + ": the agent and the plugin wove different bytes");
                comparedWithAgent++;
            }
        }
        assertTrue(comparedWithAgent >= 5, "the agent dumped too few classes: " + comparedWithAgent);
    }

    private static List<Path> wovenClasses(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".class")).filter(RoutesAgreeIT::isWoven)
                    .map(dir::relativize).sorted().collect(Collectors.toList());
        }
    }

    private static boolean isWoven(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            outer:
            for (int i = 0; i + MARKER.length <= bytes.length; i++) {
                for (int j = 0; j < MARKER.length; j++) {
                    if (bytes[i + j] != MARKER[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
