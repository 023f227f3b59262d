package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;
import org.junit.jupiter.params.provider.ValueSource;

/** Weaving woven bytes again changes nothing; weaving is deterministic; what it does not weave, it leaves. */
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

    /**
     * Every method weaving did not replace (constructors, plain methods, lambdas' bodies, and bridges)
     * comes out as it went in: the same instructions, frames, handlers, lines and local variables.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Locals", "Tries", "MethodKinds", "Construct", "Direct", "refused.Refusals",
        "Switches", "MoreShapes"})
    void methodsNotWovenAreWrittenAsTheyWereRead(String simpleName) {
        byte[] original = WovenLoader.bytesOf(ShapeSupport.PACKAGE + simpleName);
        WeaveResult r = weaver.weave(original);
        assertTrue(r.changed(), "the fixture needs weaving");
        Map<String, String> before = methodTexts(original);
        Map<String, String> after = methodTexts(r.bytes());
        String owner = ShapeSupport.PACKAGE.replace('.', '/') + simpleName.replace('.', '/') + ".";
        int kept = 0;
        for (Map.Entry<String, String> m : before.entrySet()) {
            boolean replaced = r.wovenMethods().contains(owner + m.getKey())
                    || r.diagnostics().stream().anyMatch(d -> (d.methodName() + d.descriptor()).equals(m.getKey()));
            if (!replaced) {
                assertEquals(m.getValue(), after.get(m.getKey()), m.getKey());
                kept++;
            }
        }
        assertTrue(kept > 0, "no method left as it was in " + simpleName);
    }

    /** Each method of a class file as ASM text, frames as the class file holds them, by name and descriptor. */
    private static Map<String, String> methodTexts(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, 0);
        Map<String, String> texts = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            Textifier text = new Textifier();
            m.accept(new TraceMethodVisitor(text));
            StringWriter out = new StringWriter();
            text.print(new PrintWriter(out));
            texts.put(m.name + m.desc, m.access + " " + m.signature + "\n" + out);
        }
        return texts;
    }
}
