package dev.weft.bench.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Virtual threads from code compiled with {@code --release 17}: {@code Thread.startVirtualThread} found
 * through {@link MethodHandles#publicLookup()}. The handle is a static final, so the JIT sees a constant
 * and the call costs what a direct one does. On a JDK without virtual threads {@link #available()} is false
 * and {@link #start} throws.
 */
public final class VirtualThreads {
    private static final MethodHandle START = find();

    private VirtualThreads() {
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** True on JDK 21 and later. */
    public static boolean available() {
        return START != null;
    }

    /** Starts a virtual thread that runs {@code task}. */
    public static Thread start(Runnable task) {
        if (START == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or later; this is "
                    + System.getProperty("java.version"));
        }
        try {
            return (Thread) START.invokeExact(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a virtual thread, or a platform one when {@code virtual} is false. */
    public static Thread start(boolean virtual, Runnable task) {
        if (virtual) {
            return start(task);
        }
        Thread t = new Thread(task);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
