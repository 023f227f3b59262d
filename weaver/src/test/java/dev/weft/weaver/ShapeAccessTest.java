package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live values whose static type the woven class cannot access (a package-private class of another
 * package, reached through {@code var} or a call's result): restoring them must not name that class
 * (fixture: shapes/Inaccessible, shapes/access/*).
 */
class ShapeAccessTest {
    private final Class<?> inaccessible = ShapeSupport.load(ShapeSupport.loader(), "Inaccessible");

    @Test
    void accessibleLocalOfTheSameObject() throws Throwable {
        run(call(inaccessible, "accessibleLocal"), "x").is(List.of("suspended"), "hello accessible");
    }

    @Test
    void localOfAnInaccessibleClass() throws Throwable {
        run(call(inaccessible, "hiddenLocal"), "x").is(List.of("suspended"), "hello local");
    }

    @Test
    void stackValueOfAnInaccessibleClass() throws Throwable {
        run(call(inaccessible, "hiddenOnStack"), "x").is(List.of("suspended"), "stack greets x");
    }

    @Test
    void arrayLocalOfAnInaccessibleClass() throws Throwable {
        run(call(inaccessible, "hiddenArrayLocal"), "x").is(List.of("suspended"), "hello b");
    }
}
