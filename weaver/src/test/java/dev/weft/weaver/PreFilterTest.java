package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** {@link Weaver#mightNeedWeaving}, the raw-byte pre-filter the agent runs on every class it sees. */
class PreFilterTest {

    /** A class whose one method loads a long, a double and a string, then does {@code extra} (if any). */
    private static byte[] classWith(java.util.function.Consumer<MethodVisitor> extra, String annotation) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/Sample", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", "()V", null, null);
        if (annotation != null) {
            mv.visitAnnotation(annotation, false).visitEnd();
        }
        mv.visitCode();
        mv.visitLdcInsn(1234567890123L); // two constant-pool entries each: the scan must skip them right
        mv.visitInsn(Opcodes.POP2);
        mv.visitLdcInsn(3.25d);
        mv.visitInsn(Opcodes.POP2);
        mv.visitLdcInsn("Ldev/weft/Async; as text in a longer string");
        mv.visitInsn(Opcodes.POP);
        if (extra != null) {
            extra.accept(mv);
        }
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aClassWithTheAsyncAnnotationPasses() {
        assertTrue(Weaver.mightNeedWeaving(classWith(null, Weaver.ASYNC_DESCRIPTOR)));
    }

    /** A class whose method calls {@code Coroutines.<name>} (not {@code @Async}: a misplaced call, or a done()). */
    private static byte[] callerOf(String name) {
        return classWith(mv -> {
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/weft/Coroutines", name,
                    "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitInsn(Opcodes.POP);
        }, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"await", "yield", "yieldFrom"})
    void aClassThatCallsASuspensionPointPasses(String name) {
        // outside an @Async method the weaver must see it, to refuse it in a lambda or a constructor
        assertTrue(Weaver.mightNeedWeaving(callerOf(name)));
    }

    @Test
    void aClassThatOnlyUsesWeftsOtherMethodsIsLeftAlone() {
        // the runtime's own classes, and any caller of Coroutines.done outside an @Async method
        assertFalse(Weaver.mightNeedWeaving(callerOf("done")));
    }

    @Test
    void aWovenClassIsLeftAlone() throws Exception {
        byte[] golden = WovenLoader.bytesOf(ShapeSupport.PACKAGE + "Golden");
        assertTrue(Weaver.mightNeedWeaving(golden));
        byte[] woven = new Weaver(TypeHierarchy.of(getClass().getClassLoader())).weave(golden).bytes();
        assertFalse(Weaver.mightNeedWeaving(woven));
        assertEquals(Weaver.Triage.WOVEN, Weaver.triage(woven), "the Maven plugin counts it as woven before");
        assertEquals(Weaver.RUNTIME_ABI, Weaver.wovenAbi(woven), "and checks it was woven for this runtime");
        assertEquals(-1, Weaver.wovenAbi(golden), "no ABI named before weaving");
    }

    @Test
    void triageSortsEachKindOfClass() throws Exception {
        assertEquals(Weaver.Triage.NO_WEFT, Weaver.triage(classWith(null, null)));
        assertEquals(Weaver.Triage.NO_SUSPENSION, Weaver.triage(callerOf("done")));
        assertEquals(Weaver.Triage.CANDIDATE, Weaver.triage(callerOf("await")));
        assertEquals(Weaver.Triage.CANDIDATE, Weaver.triage(WovenLoader.bytesOf(ShapeSupport.PACKAGE + "Golden")));
    }

    @Test
    void aClassWithNeitherIsLeftAloneEvenIfAStringContainsTheDescriptor() {
        assertFalse(Weaver.mightNeedWeaving(classWith(null, null)));
        assertFalse(Weaver.mightNeedWeaving(classWith(null, "Ldev/weft/AsyncOther;")));
    }

    @Test
    void truncatedOrTinyInputIsNotAClassToWeave() {
        byte[] whole = classWith(null, Weaver.ASYNC_DESCRIPTOR);
        assertFalse(Weaver.mightNeedWeaving(Arrays.copyOf(whole, 9)));
        assertFalse(Weaver.mightNeedWeaving(Arrays.copyOf(whole, 40)));
        assertFalse(Weaver.mightNeedWeaving(new byte[0]));
    }
}
