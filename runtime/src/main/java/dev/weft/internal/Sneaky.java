package dev.weft.internal;

/** Throws checked exceptions without wrapping them: {@code await} rethrows the awaited failure itself. */
final class Sneaky {
    private Sneaky() {}

    /** Throws {@code t} as it is; declared to return so callers can write {@code throw Sneaky.raise(t)}. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException raise(Throwable t) throws T {
        throw (T) t;
    }
}
