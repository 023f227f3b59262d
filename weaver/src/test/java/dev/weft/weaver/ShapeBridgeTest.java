package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * @Async methods overriding generic or covariant methods (fixture: shapes/Bridges): javac copies @Async
 * onto the synthetic bridge method, which is not the user's method and must be left as it is.
 */
class ShapeBridgeTest {
    private static final String SUPPLIER = ShapeSupport.PACKAGE + "Bridges$CoroutineSupplier";
    private static final String HANDLER = ShapeSupport.PACKAGE + "Bridges$StringHandler";
    private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapeBridgeTest.class.getClassLoader()));

    @Test
    void javacCopiesAsyncOntoTheBridge() {
        int bridges = 0;
        for (MethodNode m : ShapeSupport.original(SUPPLIER).methods) {
            if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
                bridges++;
                assertTrue(m.visibleAnnotations != null && m.visibleAnnotations.stream()
                        .anyMatch(an -> an.desc.equals(Weaver.ASYNC_DESCRIPTOR)),
                        "the premise of these tests: javac copies @Async onto the bridge");
            }
        }
        assertEquals(1, bridges);
    }

    @Test
    void covariantBridgeIsNotRefused() {
        WeaveResult r = weaver.weave(WovenLoader.bytesOf(SUPPLIER));
        assertFalse(r.hasErrors(), () -> "diagnostics: " + r.diagnostics());
    }

    @Test
    @SuppressWarnings("unchecked")
    void callThroughTheGenericInterfaceWorks() throws Exception {
        Class<?> c = ShapeSupport.load(ShapeSupport.loader(), "Bridges$CoroutineSupplier");
        Supplier<Coroutine<String>> s = (Supplier<Coroutine<String>>) c.getConstructor().newInstance();
        Coroutine<String> co = s.get();
        assertEquals("supplied x", assertThrows(StopIteration.class, () -> co.send(null)).value());
    }

    @Test
    void callThroughTheGenericBaseClassWorks() throws Throwable {
        Class<?> c = ShapeSupport.load(ShapeSupport.loader(), "Bridges$StringHandler");
        Object handler = c.getConstructor().newInstance();
        Generator<?, ?, ?> viaBridge = (Generator<?, ?, ?>) c.getMethod("handle", Object.class).invoke(handler, "b");
        ShapeSupport.run(viaBridge, "!").is(List.of("b"), "b!");
        ShapeSupport.run(c.getMethod("handle", String.class).invoke(handler, "s"), "?").is(List.of("s"), "s?");
    }

    @Test
    void bridgeIsLeftAsItIs() {
        WeaveResult r = weaver.weave(WovenLoader.bytesOf(HANDLER));
        String internal = HANDLER.replace('.', '/');
        assertEquals(List.of(internal + ".handle(Ljava/lang/String;)Ldev/weft/Generator;"), r.wovenMethods(),
                "only the user's method is woven, not javac's bridge");
        ClassNode woven = new ClassNode();
        new org.objectweb.asm.ClassReader(r.bytes()).accept(woven, 0);
        for (MethodNode m : woven.methods) {
            if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
                MethodNode original = null;
                for (MethodNode o : ShapeSupport.original(HANDLER).methods) {
                    if (o.name.equals(m.name) && o.desc.equals(m.desc)) {
                        original = o;
                    }
                }
                assertEquals(original.instructions.size(), m.instructions.size(), "bridge body unchanged");
            }
        }
    }
}
