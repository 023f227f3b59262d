package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Array;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The newest class file format: a class compiled for Java 25 (major version 69, checked in under
 * src/test/resources/jdk25 with its source), with sealed types, record patterns and guards. Woven and
 * verified on any JDK, run on 25 and newer.
 */
class ShapeJava25Test {
    private static final String LATEST = "jdk25.Latest";
    private static final List<String> CLASSES = List.of(LATEST, LATEST + "$Shape", LATEST + "$Dot", LATEST + "$Line");

    private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapeJava25Test.class.getClassLoader()));

    @Test
    void classFileIsJava25() {
        byte[] bytes = WovenLoader.bytesOf(LATEST);
        assertEquals(69, ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF), "major version of " + LATEST);
    }

    @Test
    void wovenWithoutErrorsAndVerifiedOnAnyJdk() {
        ShapeBytesVerifier verifier = new ShapeBytesVerifier(ShapeJava25Test.class.getClassLoader());
        for (String name : CLASSES) {
            WeaveResult r = weaver.weave(WovenLoader.bytesOf(name));
            assertFalse(r.hasErrors(), () -> name + ": " + r.diagnostics());
            assertEquals(name.equals(LATEST), r.changed(), name);
            verifier.verify(r.bytes());
        }
    }

    @Test
    void runsOnJava25() throws Throwable {
        assumeTrue(Runtime.version().feature() >= 25, "Java 25 class files run on JDK 25 and newer");
        WovenLoader loader = new WovenLoader("jdk25.");
        for (String name : CLASSES) {
            Class.forName(name, true, loader);
        }
        Class<?> latest = Class.forName(LATEST, true, loader);
        Class<?> shape = Class.forName(LATEST + "$Shape", true, loader);
        Object dot = make(Class.forName(LATEST + "$Dot", true, loader), 3);
        Class<?> lineType = Class.forName(LATEST + "$Line", true, loader);
        Object forwards = make(lineType, 1, 5);
        Object backwards = make(lineType, 9, 2);
        Object shapes = Array.newInstance(shape, 3);
        Array.set(shapes, 0, dot);
        Array.set(shapes, 1, forwards);
        Array.set(shapes, 2, backwards);
        run(call(latest, "lengths", shapes), 10, 100)
                .is(List.of("dot at 3", "backwards Line[from=9, to=2]"), "total " + (10 + 4 + 100 + 7));
    }

    /** A record of the fixture (package-private, so its constructor is too). */
    private static Object make(Class<?> record, Object... args) throws ReflectiveOperationException {
        java.lang.reflect.Constructor<?> c = record.getDeclaredConstructors()[0];
        c.setAccessible(true);
        return c.newInstance(args);
    }
}
