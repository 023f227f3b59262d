package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each source under {@code bad/} fails to compile with exactly the errors its {@code // expect:} comments
 * name, each at its line; each source under {@code warn/} compiles, with exactly the warnings it names.
 */
class SourceDiagnosticsTest {
    @TestFactory
    Stream<DynamicTest> badSourcesFailWithTheExpectedErrors() {
        List<Fixture> fixtures = Fixture.in("bad");
        assertFalse(fixtures.isEmpty(), "no fixtures under " + Compilation.RESOURCES.resolve("bad"));
        return fixtures.stream().map(f -> dynamicTest(f.name(), () -> {
            assertFalse(f.errors().isEmpty(), f.name() + " expects no error");
            Compilation.Result r = Compilation.compile(f.name(), List.of(f.source()));
            assertFalse(r.success(), () -> f.name() + " compiled:\n" + r.report());
            assertMatches(f.name(), f.errors(), r.errors(), r);
        }));
    }

    @TestFactory
    Stream<DynamicTest> warnSourcesCompileWithTheExpectedWarnings() {
        List<Fixture> fixtures = Fixture.in("warn");
        assertFalse(fixtures.isEmpty(), "no fixtures under " + Compilation.RESOURCES.resolve("warn"));
        return fixtures.stream().map(f -> dynamicTest(f.name(), () -> {
            Compilation.Result r = Compilation.compile(f.name(), List.of(f.source()));
            assertTrue(r.success(), () -> f.name() + " did not compile:\n" + r.report());
            assertMatches(f.name(), f.warnings(), r.warnings(), r);
        }));
    }

    /** Every expectation is met by a diagnostic at its line, and every diagnostic meets one. */
    private static void assertMatches(String name, List<Fixture.Expectation> expected,
                                      List<Diagnostic<? extends JavaFileObject>> actual, Compilation.Result r) {
        for (Fixture.Expectation e : expected) {
            boolean met = actual.stream().anyMatch(d -> d.getLineNumber() == e.line()
                    && d.getMessage(Locale.ROOT).contains(e.fragment()));
            assertTrue(met, () -> name + ": expected " + e + "\nbut got:\n" + r.report());
        }
        assertEquals(expected.size(), actual.size(), () -> name + ": expected exactly\n"
                + expected.stream().map(Object::toString).collect(Collectors.joining("\n")) + "\nbut got:\n"
                + r.report());
    }
}
