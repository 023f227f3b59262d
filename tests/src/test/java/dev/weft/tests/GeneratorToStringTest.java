package dev.weft.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A suspended generator's toString says which method it is and where it is suspended. */
class GeneratorToStringTest {
    private static final String FILE = "GeneratorToStringTest.java";

    @Async
    static Generator<String, Object, Object> ticker() {
        Coroutines.yield("tick"); // marker: first yield
        Coroutines.yield("tock"); // marker: second yield
        return Coroutines.done();
    }

    @Test
    void aSuspendedGeneratorNamesItsMethodAndTheLineOfItsYield() throws IOException {
        Generator<String, Object, Object> g = ticker();
        g.next();
        assertMentions(g.toString(), "ticker", "suspended", FILE + ":" + lineOf("marker: first yield"));
    }

    @Test
    void theLineFollowsTheGenerator() throws IOException {
        Generator<String, Object, Object> g = ticker();
        g.next();
        g.next();
        assertMentions(g.toString(), "ticker", "suspended", FILE + ":" + lineOf("marker: second yield"));
    }

    private static void assertMentions(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "toString() should mention \"" + part + "\": " + text);
        }
    }

    /** The line of this source file that holds {@code marker} (read from the source, so edits cannot skew it). */
    private static int lineOf(String marker) throws IOException {
        String relative = "src/test/java/dev/weft/tests/" + FILE;
        for (String base : new String[] {System.getProperty("basedir", "."), ".", "tests", "../tests"}) {
            Path source = Path.of(base).resolve(relative);
            if (Files.isRegularFile(source)) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("// " + marker)) {
                        return i + 1;
                    }
                }
                fail("no line with marker \"" + marker + "\" in " + source);
            }
        }
        return fail("cannot find the source " + relative + " from " + Path.of(".").toAbsolutePath());
    }
}
