package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each source under {@code good/} compiles with no diagnostic at all, every class of it that declares an
 * {@code @Async} method comes out of javac woven, and its {@code run()} returns what its
 * {@code // expect result:} comment says.
 */
class GoodSourcesTest {
    private static final Pattern RESULT = Pattern.compile("//\\s*expect result:\\s*(.+?)\\s*$", Pattern.MULTILINE);

    @TestFactory
    Stream<DynamicTest> goodSourcesCompileCleanWovenAndRun() {
        List<Fixture> fixtures = Fixture.in("good");
        assertFalse(fixtures.isEmpty(), "no fixtures under " + Compilation.RESOURCES.resolve("good"));
        return fixtures.stream().map(f -> dynamicTest(f.name(), () -> {
            Compilation.Result r = Compilation.compile(f.name(), List.of(f.source()));
            assertTrue(r.success(), () -> f.name() + " did not compile:\n" + r.report());
            assertTrue(r.errors().isEmpty() && r.warnings().isEmpty(), () -> f.name() + ":\n" + r.report());
            assertFalse(WovenClasses.woven(r.classes()).isEmpty(), f.name() + ": nothing woven");
            assertEquals(List.of(), WovenClasses.unwoven(r.classes()), f.name() + ": classes left unwoven");
            String className = "good." + f.name().replace(".java", "");
            assertEquals(expectedResult(f.source()), WovenClasses.run(className, r.classes()), f.name());
        }));
    }

    static String expectedResult(Path source) throws IOException {
        Matcher m = RESULT.matcher(Files.readString(source));
        assertTrue(m.find(), source + " has no // expect result: comment");
        return m.group(1);
    }
}
