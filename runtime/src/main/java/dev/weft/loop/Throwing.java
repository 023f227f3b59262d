package dev.weft.loop;

/** Throws any throwable without wrapping it: a stored failure is rethrown as it is. */
final class Throwing {
    private Throwing() {}

    /** Throws {@code t}; declared to return so callers can write {@code throw Throwing.sneaky(t)}. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** True for errors the loop must not swallow: the JVM is in trouble (a stack overflow is survivable). */
    static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }
}
