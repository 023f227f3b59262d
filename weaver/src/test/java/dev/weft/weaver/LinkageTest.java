package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Generator;
import dev.weft.internal.Linkage;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The check that woven code and the runtime agree on their contract, made when a woven method is first called. */
class LinkageTest {
    private static final String GOLDEN = ShapeSupport.PACKAGE + "Golden";

    @Test
    void theWeaverWeavesForThisRuntimesAbi() {
        assertEquals(Linkage.ABI, Weaver.RUNTIME_ABI, "raise both together: Weaver.RUNTIME_ABI and Linkage.ABI");
    }

    @Test
    void aClassWovenForThisRuntimeRuns() throws Exception {
        Class<?> golden = define(new WovenLoader(GOLDEN).weaveChecked(WovenLoader.bytesOf(GOLDEN)));
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) golden.getMethod("tinyYield", int.class).invoke(null, 4);
        assertEquals(4, g.next());
    }

    @Test
    void aClassWovenForAnotherRuntimeFailsSayingSoAtItsFirstCall() throws Exception {
        byte[] woven = new WovenLoader(GOLDEN).weaveChecked(WovenLoader.bytesOf(GOLDEN));
        Class<?> golden = define(withAbi(woven, Linkage.ABI + 1));
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> golden.getMethod("tinyYield", int.class).invoke(null, 4));
        // an Error thrown by a bootstrap method reaches the caller as it is, not wrapped
        IncompatibleClassChangeError cause = assertInstanceOf(IncompatibleClassChangeError.class, e.getCause());
        String message = cause.getMessage();
        assertTrue(message.startsWith(GOLDEN + " was woven for weft runtime ABI " + (Linkage.ABI + 1)), message);
        assertTrue(message.contains("has ABI " + Linkage.ABI), message);
        assertTrue(message.contains("weave and run with the same weft version"), message);
    }

    /** {@code woven} with the ABI argument of every Resumable bootstrap replaced by {@code abi}. */
    private static byte[] withAbi(byte[] woven, int abi) {
        ClassWriter out = new ClassWriter(0);
        new ClassReader(woven).accept(new ClassVisitor(Opcodes.ASM9, out) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, sig, exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        if (bsm.getOwner().equals("dev/weft/internal/Linkage")) {
                            args = args.clone();
                            args[args.length - 1] = abi;
                        }
                        super.visitInvokeDynamicInsn(n, d, bsm, args);
                    }
                };
            }
        }, 0);
        return out.toByteArray();
    }

    /** Defines {@code bytes} (the Golden fixture) in a loader of its own, beside the unwoven original. */
    private static Class<?> define(byte[] bytes) {
        return new ClassLoader(LinkageTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(GOLDEN, bytes, 0, bytes.length);
            }
        }.define();
    }
}
