package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pattern switches and record patterns from class files compiled for Java 21 (checked in under
 * src/test/resources/jdk21 with their source): woven and verified on any JDK, run on 21 and newer.
 */
class ShapePatternTest {
    private static final String PATTERNS = "jdk21.Patterns";
    private static final List<String> CLASSES = List.of(PATTERNS, PATTERNS + "$Shape", PATTERNS + "$Circle",
            PATTERNS + "$Square", PATTERNS + "$Point", PATTERNS + "$Rect", PATTERNS + "$Color");

    private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapePatternTest.class.getClassLoader()));

    @Test
    void classFilesAreJava21() {
        byte[] bytes = WovenLoader.bytesOf(PATTERNS);
        assertEquals(65, ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF), "major version of " + PATTERNS);
    }

    @Test
    void wovenWithoutErrorsAndVerifiedOnAnyJdk() {
        ShapeBytesVerifier verifier = new ShapeBytesVerifier(ShapePatternTest.class.getClassLoader());
        for (String name : CLASSES) {
            WeaveResult r = weaver.weave(WovenLoader.bytesOf(name));
            assertFalse(r.hasErrors(), () -> name + ": " + r.diagnostics());
            assertEquals(name.equals(PATTERNS), r.changed(), name);
            verifier.verify(r.bytes());
        }
        assertEquals(4, weaver.weave(WovenLoader.bytesOf(PATTERNS)).wovenMethods().size());
    }

    private WovenLoader loader;

    /** The woven Patterns class (skips the test below Java 21); every fixture class is linked, so verified. */
    private Class<?> patterns() throws ClassNotFoundException {
        assumeTrue(Runtime.version().feature() >= 21, "Java 21 class files run on JDK 21 and newer");
        loader = new WovenLoader("jdk21.");
        for (String name : CLASSES) {
            Class.forName(name, true, loader);
        }
        return Class.forName(PATTERNS, true, loader);
    }

    private Object make(String record, Object... args) throws Exception {
        Class<?> c = Class.forName(PATTERNS + "$" + record, true, loader);
        return c.getConstructors()[0].newInstance(args);
    }

    private Object point(int x, int y) throws Exception {
        return make("Point", x, y);
    }

    @Test
    void typeSwitchWithGuardsAndRecordPatterns() throws Throwable {
        Class<?> p = patterns();
        run(call(p, "describe", (Object) null), "N").is(List.of("null"), "null N");
        run(call(p, "describe", make("Circle", 11.0)), "C").is(List.of(11.0), "big circle C");
        run(call(p, "describe", make("Circle", 2.0))).is(List.of(), "circle 2.0");
        run(call(p, "describe", make("Square", 3)), "S").is(List.of(3), "square 3S");
        run(call(p, "describe", make("Rect", point(1, 2), point(4, 7))), 10).is(List.of(3), "rect 50");
        run(call(p, "describe", 42)).is(List.of(), "other 42");
    }

    @Test
    void guardThatSuspendsThenFailsRestartsTheTypeSwitch() throws Throwable {
        Class<?> p = patterns();
        run(call(p, "describe", "hello"), 3).is(List.of("limit?"), "long string hello");
        run(call(p, "describe", "hello"), 10).is(List.of("limit?"), "short string hello");
    }

    @Test
    void exhaustiveSealedSwitchWithAWideValueBelow() throws Throwable {
        Class<?> p = patterns();
        run(call(p, "area", make("Circle", 1.0), 2.0), 1.0).is(List.of(6.0), 7.0);
        run(call(p, "area", make("Square", 3), 1.5), 0.5).is(List.of(13.5), 14.0);
        run(call(p, "area", make("Rect", point(1, 2), point(3, 4)), 0.5), 8.0, 1.0)
                .is(List.of("rect 12Point[x=3, y=4]", 4.0), 5.0);
    }

    @Test
    void enumPatternSwitch() throws Throwable {
        Class<?> p = patterns();
        Class<?> color = Class.forName(PATTERNS + "$Color", true, loader);
        Object[] colors = color.getEnumConstants();
        run(call(p, "colors", colors[0]), "!").is(List.of("r"), "red !");
        run(call(p, "colors", colors[1])).is(List.of(), "green");
        run(call(p, "colors", colors[2]), "?").is(List.of(2), "color blue?");
        run(call(p, "colors", "x")).is(List.of(), "not a color");
    }

    @Test
    void instanceofRecordPatternsInALoop() throws Throwable {
        Class<?> p = patterns();
        Object[] items = {make("Rect", point(0, 0), point(2, 3)), make("Square", 5), make("Rect", point(5, 0), point(1, 1)),
            "s", make("Rect", point(1, 1), point(2, 2))};
        run(call(p, "sumRects", (Object) items), 100, 1000).is(List.of(2, 1), 1112);
    }
}
