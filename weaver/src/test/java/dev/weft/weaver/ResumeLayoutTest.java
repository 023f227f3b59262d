package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ResumeLayout}: how a woven method resumes, read back from its class file. */
class ResumeLayoutTest {
    private static byte[] woven(String name) throws Exception {
        return new Weaver(TypeHierarchy.of(ResumeLayoutTest.class.getClassLoader()))
                .weave(WovenLoader.bytesOf(ShapeSupport.PACKAGE + name)).bytes();
    }

    @Test
    void eachWovenMethodHasOneRestoringSequencePerSuspensionPointAndOneForItsStart() throws Exception {
        Map<String, ResumeLayout> layouts = ResumeLayout.of(woven("Golden"));
        assertTrue(!layouts.isEmpty(), "Golden declares @Async methods");
        for (ResumeLayout layout : layouts.values()) {
            String[] lines = layout.lines().split(",");
            assertEquals(lines.length, layout.restores().split("\n", -1).length - 1, layout.toString());
            assertTrue(layout.method().contains("(") && layout.method().contains(")L"), layout.method());
        }
    }

    @Test
    void aClassNotWovenHasNone() throws Exception {
        assertEquals(Map.of(), ResumeLayout.of(WovenLoader.bytesOf(ShapeSupport.PACKAGE + "Golden")));
    }

    @Test
    void twoMethodsThatSuspendDifferentlyHaveDifferentLayouts() throws Exception {
        Map<String, ResumeLayout> layouts = ResumeLayout.of(woven("Golden"));
        assertTrue(layouts.size() >= 2, layouts.keySet()::toString);
        assertEquals(layouts.size(), layouts.values().stream().map(ResumeLayout::restores).distinct().count(),
                "Golden's methods all save different values at different points");
        ResumeLayout any = layouts.values().iterator().next();
        assertNotEquals("none", any.pointLines());
    }
}
