package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the {@code @Async} methods of a class into resumable state machines: a pure function from
 * class bytes to woven class bytes plus diagnostics, shared by the agent, the annotation processor and
 * the Maven plugin. Thread-safe; loads no class.
 */
public final class Weaver {
    /** The descriptor of {@code @dev.weft.Async}, as it appears in the constant pool of a class that uses it. */
    public static final String ASYNC_DESCRIPTOR = "Ldev/weft/Async;";
    /**
     * The version of the runtime contract woven code is written against: the runtime's
     * {@code dev.weft.internal.Linkage.ABI}, checked when a woven method is first called (a test keeps
     * the two equal). Raise both whenever woven code starts to call the runtime differently.
     */
    public static final int RUNTIME_ABI = 3;

    private static final byte[] ASYNC_BYTES = ascii(ASYNC_DESCRIPTOR);
    private static final byte[] COROUTINES_BYTES = ascii("dev/weft/Coroutines");
    private static final byte[] WOVEN_BYTES = ascii(ClassWeaver.WOVEN_MARKER);
    private static final byte[] AWAIT_BYTES = ascii("await");
    private static final byte[] YIELD_BYTES = ascii("yield");
    private static final byte[] YIELD_FROM_BYTES = ascii("yieldFrom");

    private final TypeHierarchy hierarchy;

    /** A weaver that asks {@code hierarchy} about other classes when it computes stack map frames. */
    public Weaver(TypeHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * A cheap test on raw bytes: false means the class certainly declares no {@code @Async} method and
     * calls no suspension point, or has been woven already, and need not be parsed. (True may still find
     * nothing to weave.) See {@link #triage}.
     */
    public static boolean mightNeedWeaving(byte[] classBytes) {
        return triage(classBytes) == Triage.CANDIDATE;
    }

    /** What {@link #triage} tells of a class from its raw bytes. */
    public enum Triage {
        /** It names neither {@code @Async} nor {@code Coroutines}: nothing to weave (nearly every class). */
        NO_WEFT,
        /** It carries the weaver's mark: woven already, by any of the three routes. */
        WOVEN,
        /** It uses weft's types but names no suspension method (the runtime's own, a caller of {@code done}). */
        NO_SUSPENSION,
        /** It may have something to weave: parse it. */
        CANDIDATE
    }

    /**
     * Sorts a class by its raw bytes, without parsing it: nearly every class costs one scan of its
     * constant pool for two names; the few that name weft get a closer look. A woven class always names
     * {@code @Async} (its methods keep the annotation), so the mark is looked for only in those.
     */
    public static Triage triage(byte[] classBytes) {
        if (!ConstantPoolScan.containsAnyUtf8(classBytes, ASYNC_BYTES, COROUTINES_BYTES)) {
            return Triage.NO_WEFT;
        }
        if (ConstantPoolScan.containsAnyUtf8(classBytes, WOVEN_BYTES, null)) {
            return Triage.WOVEN;
        }
        boolean suspends = ConstantPoolScan.containsAnyUtf8(classBytes, ASYNC_BYTES, null)
                || ConstantPoolScan.containsAnyUtf8(classBytes, AWAIT_BYTES, YIELD_BYTES)
                || ConstantPoolScan.containsAnyUtf8(classBytes, YIELD_FROM_BYTES, null);
        return suspends ? Triage.CANDIDATE : Triage.NO_SUSPENSION;
    }

    /**
     * The bytes of an ASCII name, as a class file's constant pool holds it. By hand: asking for a charset
     * initialises {@code StandardCharsets}, eight classes more on the agent's start-up path.
     */
    private static byte[] ascii(String name) {
        byte[] bytes = new byte[name.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) name.charAt(i);
        }
        return bytes;
    }

    /**
     * The methods {@code classBytes} declares, each as its name and descriptor ({@code checkout(I)Ldev/weft/Coroutine;}),
     * in the order of the class file: what a redefinition of a loaded class may not change.
     */
    public static List<String> declaredMethods(byte[] classBytes) {
        List<String> methods = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return methods;
    }

    /**
     * The runtime ABI ({@link #RUNTIME_ABI}) that a class {@link Triage#WOVEN woven} before was woven for,
     * as its woven methods hand it to the runtime's check; -1 if it names none (woven by a weft that
     * predates the check). A class woven for another ABI fails when one of its woven methods is first
     * called, so a build can refuse it before it ships.
     */
    public static int wovenAbi(byte[] classBytes) {
        int[] abi = {-1};
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        if (MethodWeaver.LINKAGE.equals(bootstrap.getOwner()) && arguments.length > 0
                                && arguments[arguments.length - 1] instanceof Integer given) {
                            abi[0] = given;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return abi[0];
    }

    /** Weaves {@code classBytes}; never throws for bad user code, which is reported in the diagnostics. */
    public WeaveResult weave(byte[] classBytes) {
        return new ClassWeaver(hierarchy).weave(classBytes);
    }
}
