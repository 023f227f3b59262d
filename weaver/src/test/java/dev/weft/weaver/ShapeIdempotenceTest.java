package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Weaving woven bytes again changes nothing; weaving is deterministic. */
class ShapeIdempotenceTest {
    private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapeIdempotenceTest.class.getClassLoader()));

    @ParameterizedTest
    @ValueSource(strings = {"Locals", "StackShapes", "Construct", "Switches", "Tries", "MethodKinds",
        "MethodKinds$Steps", "MethodKinds$Op$1", "Delegates", "refused.Refusals", "refused.Refusals$1"})
    void weavingTwiceChangesNothing(String simpleName) {
        byte[] original = WovenLoader.bytesOf(ShapeSupport.PACKAGE + simpleName);
        WeaveResult first = weaver.weave(original);
        assertTrue(first.changed(), "the fixture needs weaving");
        WeaveResult second = weaver.weave(first.bytes());
        assertFalse(second.changed(), "woven bytes woven again");
        assertArrayEquals(first.bytes(), second.bytes());
        assertEquals(List.of(), second.wovenMethods());
        assertEquals(List.of(), second.diagnostics());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Locals", "Tries", "MethodKinds"})
    void weavingIsDeterministic(String simpleName) {
        byte[] original = WovenLoader.bytesOf(ShapeSupport.PACKAGE + simpleName);
        assertArrayEquals(weaver.weave(original).bytes(), weaver.weave(original.clone()).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Construct$Foo", "Tries$Res", "Switches$Color"})
    void classWithNothingToWeaveIsReturnedAsItIs(String simpleName) {
        byte[] original = WovenLoader.bytesOf(ShapeSupport.PACKAGE + simpleName);
        WeaveResult r = weaver.weave(original);
        assertFalse(r.changed());
        assertSame(original, r.bytes());
    }
}
