package dev.weft.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** How the processor weaves inside javac: in place, each class on its own, errors where they belong. */
class WeavingTest {
    private static final Path COUNTDOWN = Compilation.RESOURCES.resolve("good/Countdown.java");

    /** A processor whose weaver's result passes through {@code edit}. */
    private static WeftProcessor processorEditing(UnaryOperator<WeaveResult> edit) {
        return new WeftProcessor(hierarchy -> {
            Weaver weaver = new Weaver(hierarchy);
            return bytes -> edit.apply(weaver.weave(bytes));
        });
    }

    private static WeaveResult with(WeaveResult r, Diagnostic d) {
        List<Diagnostic> all = new ArrayList<>(r.diagnostics());
        all.add(d);
        return new WeaveResult(r.bytes(), r.changed(), r.wovenMethods(), all);
    }

    @Test
    void aWeavingErrorIsAJavacErrorAtItsLineAndTheClassFileIsNotLeftBehind() {
        // line 14 of Countdown.java: Integer sent = Coroutines.yield(n);
        Diagnostic refusal = new Diagnostic(Diagnostic.Severity.ERROR, "good/Countdown", "from",
                "(I)Ldev/weft/Generator;", "Countdown.java", 14, "refused for the test; do this instead");
        Path out = Compilation.freshDirectory("weaving-error");
        Compilation.Result r = Compilation.compile(processorEditing(w -> with(w, refusal)), out, List.of(),
                List.of(COUNTDOWN));
        assertFalse(r.success(), r::report);
        assertEquals(1, r.errors().size(), r::report);
        javax.tools.Diagnostic<?> error = r.errors().get(0);
        assertEquals(14, error.getLineNumber(), r::report);
        assertTrue(error.getMessage(Locale.ROOT).contains("weft: cannot weave good/Countdown.from(I)Ldev/weft/Generator;"
                + " (Countdown.java:14): refused for the test; do this instead"), r::report);
        assertFalse(Files.exists(out.resolve("good/Countdown.class")), "a class that could not be woven was kept");
    }

    @Test
    void aWeavingErrorInAMethodTheSourceDoesNotShowIsReportedAtTheClass() {
        Diagnostic refusal = new Diagnostic(Diagnostic.Severity.ERROR, "good/Countdown", "lambda$x$0",
                "()V", "Countdown.java", -1, "refused for the test");
        Compilation.Result r = Compilation.compile(processorEditing(w -> with(w, refusal)),
                Compilation.freshDirectory("weaving-error-class"), List.of(), List.of(COUNTDOWN));
        assertFalse(r.success(), r::report);
        assertEquals(1, r.errors().size(), r::report);
        assertEquals(9, r.errors().get(0).getLineNumber(), r::report); // public class Countdown
    }

    @Test
    void aWeavingWarningIsAJavacWarningAndTheClassIsWoven() {
        Diagnostic note = new Diagnostic(Diagnostic.Severity.WARNING, "good/Countdown", "from",
                "(I)Ldev/weft/Generator;", "Countdown.java", 16, "worth a look");
        Path out = Compilation.freshDirectory("weaving-warning");
        Compilation.Result r = Compilation.compile(processorEditing(w -> with(w, note)), out, List.of(),
                List.of(COUNTDOWN));
        assertTrue(r.success(), r::report);
        assertEquals(1, r.warnings().size(), r::report);
        assertEquals(16, r.warnings().get(0).getLineNumber(), r::report);
        assertEquals(List.of("good/Countdown.class"), WovenClasses.woven(out));
    }

    @Test
    void aWeaverThatThrowsFailsTheCompilationWithoutCrashingJavac() {
        Path out = Compilation.freshDirectory("weaver-crash");
        Compilation.Result r = Compilation.compile(processorEditing(w -> {
            throw new IllegalStateException("boom");
        }), out, List.of(), List.of(COUNTDOWN));
        assertFalse(r.success(), r::report);
        assertTrue(r.report().contains("the weaver failed on good.Countdown (a weft bug; please report it):"
                + " java.lang.IllegalStateException: boom"), r::report);
        assertFalse(Files.exists(out.resolve("good/Countdown.class")));
    }

    @Test
    void verboseListsTheWovenMethods() {
        Compilation.Result r = Compilation.compile("verbose", List.of(COUNTDOWN), "-Aweft.verbose=true");
        assertTrue(r.success(), r::report);
        assertTrue(r.of(javax.tools.Diagnostic.Kind.NOTE).stream().anyMatch(d -> d.getMessage(Locale.ROOT)
                .equals("weft: wove good/Countdown.from(I)Ldev/weft/Generator;")), r::report);
    }

    @Test
    void weaveFalseChecksWithoutWeaving() throws Exception {
        Compilation.Result good = Compilation.compile("no-weave", List.of(COUNTDOWN), "-Aweft.weave=false");
        assertTrue(good.success(), good::report);
        assertEquals(List.of("good/Countdown.class"), WovenClasses.unwoven(good.classes()));
        Fixture bad = Fixture.read(Compilation.RESOURCES.resolve("bad/AwaitInLambda.java"));
        Compilation.Result r = Compilation.compile("no-weave-bad", List.of(bad.source()), "-Aweft.weave=false");
        assertFalse(r.success(), r::report);
        assertEquals(bad.errors().get(0).line(), r.errors().get(0).getLineNumber(), r::report);
    }

    @Test
    void withoutDashDTheClassFileBesideTheSourceIsWoven() throws Exception {
        Path dir = Compilation.freshDirectory("no-d");
        Path source = Files.copy(COUNTDOWN, dir.resolve("Countdown.java"));
        Compilation.Result r = Compilation.compile(new WeftProcessor(), null, List.of(), List.of(source));
        assertTrue(r.success(), r::report);
        assertEquals(List.of("Countdown.class"), WovenClasses.woven(dir));
    }

    @Test
    void aSubsetRecompiledIsWovenAndTheRestIsLeftAlone() throws Exception {
        Path sources = Compilation.freshDirectory("incremental-src");
        Path library = write(sources, "inc/Library.java", """
                package inc;

                import dev.weft.Async;
                import dev.weft.Coroutines;
                import dev.weft.Generator;

                public class Library {
                    @Async
                    public static Generator<Integer, Object, Void> upTo(int n) {
                        for (int i = 1; i <= n; i++) {
                            Coroutines.yield(i);
                        }
                        return Coroutines.done();
                    }
                }
                """);
        String user = """
                package inc;

                import dev.weft.Async;
                import dev.weft.Coroutines;
                import dev.weft.Generator;

                public class User {
                    @Async
                    static Generator<Integer, Object, Void> doubled(int n) {
                        for (int i : Library.upTo(n)) {
                            Coroutines.yield(i * %d);
                        }
                        return Coroutines.done();
                    }

                    public static String run() {
                        StringBuilder b = new StringBuilder();
                        doubled(3).forEachRemaining(i -> b.append(i).append(' '));
                        return b.toString().trim();
                    }
                }
                """;
        Path userSource = write(sources, "inc/User.java", String.format(user, 2));
        Path out = Compilation.freshDirectory("incremental-out");
        Compilation.Result all = Compilation.compile(new WeftProcessor(), out, List.of(), List.of(library, userSource));
        assertTrue(all.success(), all::report);
        assertEquals(List.of("inc/Library.class", "inc/User.class"), WovenClasses.woven(out));
        assertEquals("2 4 6", WovenClasses.run("inc.User", out));
        byte[] libraryBefore = Files.readAllBytes(out.resolve("inc/Library.class"));

        // the build tool recompiles User alone, against the classes already there
        write(sources, "inc/User.java", String.format(user, 3));
        Compilation.Result some = Compilation.compile(new WeftProcessor(), out, List.of(out), List.of(userSource));
        assertTrue(some.success(), some::report);
        assertEquals(List.of("inc/Library.class", "inc/User.class"), WovenClasses.woven(out));
        assertArrayEquals(libraryBefore, Files.readAllBytes(out.resolve("inc/Library.class")));
        assertEquals("3 6 9", WovenClasses.run("inc.User", out));
    }

    @Test
    void wovenClassesAreLeftAsTheyAre() throws Exception {
        // what the processor relies on when a woven class file comes its way again
        Compilation.Result r = Compilation.compile("already-woven", List.of(COUNTDOWN));
        byte[] woven = Files.readAllBytes(r.classes().resolve("good/Countdown.class"));
        assertFalse(Weaver.mightNeedWeaving(woven), "the pre-filter sees the weaver's mark");
        WeaveResult again = new Weaver(TypeHierarchy.of(getClass().getClassLoader())).weave(woven);
        assertFalse(again.changed());
        assertArrayEquals(woven, again.bytes());
    }

    static Path write(Path root, String relative, String text) throws java.io.IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }
}
