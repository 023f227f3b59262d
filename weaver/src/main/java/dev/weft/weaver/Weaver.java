package dev.weft.weaver;

/**
 * Rewrites the {@code @Async} methods of a class into resumable state machines: a pure function from
 * class bytes to woven class bytes plus diagnostics, shared by the agent, the annotation processor and
 * the Maven plugin. Thread-safe; loads no class.
 */
public final class Weaver {
    /** The descriptor of {@code @dev.weft.Async}, as it appears in the constant pool of a class that uses it. */
    public static final String ASYNC_DESCRIPTOR = "Ldev/weft/Async;";

    private static final byte[] ASYNC_BYTES = ASYNC_DESCRIPTOR.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] COROUTINES_BYTES = "dev/weft/Coroutines".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final TypeHierarchy hierarchy;

    /** A weaver that asks {@code hierarchy} about other classes when it computes stack map frames. */
    public Weaver(TypeHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * A cheap test on raw bytes: false means the class certainly declares no {@code @Async} method and
     * calls no suspension point, and need not be parsed. (True may still find nothing to weave.)
     */
    public static boolean mightNeedWeaving(byte[] classBytes) {
        return ConstantPoolScan.containsAnyUtf8(classBytes, ASYNC_BYTES, COROUTINES_BYTES);
    }

    /** Weaves {@code classBytes}; never throws for bad user code, which is reported in the diagnostics. */
    public WeaveResult weave(byte[] classBytes) {
        return new ClassWeaver(hierarchy).weave(classBytes);
    }
}
