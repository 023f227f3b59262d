package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.Diagnostic.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary, the verbose listing and the failure message. */
class ReportTest {
    private static final Path DIR = Path.of("target", "classes");

    private static WovenClass woven(String file, String... methods) {
        return new WovenClass(DIR.resolve(file), new byte[0], List.of(methods));
    }

    @Test
    void summaryCountsMethodsAndClassesInSingularAndPlural() {
        WeaveOutcome many = new WeaveOutcome(DIR, List.of(woven("a/A.class", "a/A.f()Ldev/weft/Coroutine;",
                "a/A.g()Ldev/weft/Coroutine;"), woven("a/B.class", "a/B.h()Ldev/weft/Generator;")),
                List.of(), List.of(), 0);
        assertEquals("weft: wove 3 methods in 2 classes", Report.summary(many));
        WeaveOutcome one = new WeaveOutcome(DIR, List.of(woven("a/A.class", "a/A.f()Ldev/weft/Coroutine;")),
                List.of(), List.of(), 1);
        assertEquals("weft: wove 1 method in 1 class (1 class already woven)", Report.summary(one));
        assertEquals(List.of("weft: woven a/A.f()Ldev/weft/Coroutine;"), Report.wovenMethods(one));
    }

    @Test
    void failureListsEveryErrorWithItsPlaceAndLeavesOutWarnings() {
        Diagnostic first = new Diagnostic(Severity.ERROR, "demo/Shop", "checkout", "(I)Ldev/weft/Coroutine;",
                "Shop.java", 42, "await inside a synchronized block: move it out");
        Diagnostic second = new Diagnostic(Severity.ERROR, "demo/Shop", "pay", "()Ldev/weft/Coroutine;",
                null, -1, "an @Async method cannot be native");
        Diagnostic warning = new Diagnostic(Severity.WARNING, "demo/Cart", "add", "()Ldev/weft/Coroutine;",
                "Cart.java", 7, "look at this");
        WeaveOutcome outcome = new WeaveOutcome(DIR, List.of(), List.of(first, warning, second),
                List.of("demo/Junk.class: not a class file the weaver can read (boom)"), 0);

        String nl = System.lineSeparator();
        assertEquals("weft: 3 weaving errors in 2 classes of " + DIR + "; no class file was changed:" + nl
                + "  demo/Shop.checkout(I)Ldev/weft/Coroutine; (Shop.java:42): await inside a synchronized block:"
                + " move it out" + nl
                + "  demo/Shop.pay()Ldev/weft/Coroutine; (unknown source): an @Async method cannot be native" + nl
                + "  demo/Junk.class: not a class file the weaver can read (boom)", Report.failure(outcome));
        assertEquals(List.of("weft: demo/Cart.add()Ldev/weft/Coroutine; (Cart.java:7): look at this"),
                Report.warnings(outcome));
    }

    @Test
    void classFilesLeftOutUnwovenShareOneWarning() {
        WeaveOutcome some = new WeaveOutcome(DIR, List.of(), List.of(), List.of(), 0,
                List.of("a/A.class", "a/B.class", "a/C.class", "a/D.class", "a/E.class"));
        assertEquals(List.of("weft: 5 class files have suspension points but are left out by <includes>/<excludes>"
                + " (a/A.class, a/B.class, a/C.class and 2 more): they ship unwoven, and their await and yield calls"
                + " will throw"), Report.warnings(some));
        WeaveOutcome two = new WeaveOutcome(DIR, List.of(), List.of(), List.of(), 0, List.of("a/A.class", "a/B.class"));
        assertEquals(List.of("weft: 2 class files have suspension points but are left out by <includes>/<excludes>"
                + " (a/A.class, a/B.class): they ship unwoven, and their await and yield calls will throw"),
                Report.warnings(two));
    }
}
