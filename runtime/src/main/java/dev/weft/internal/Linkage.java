package dev.weft.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.CodeSource;

/**
 * Where woven code first meets the runtime: the bootstrap of the {@code invokedynamic} that makes a woven
 * method's {@link Resumable}, run once per woven method when it is first called. It checks that the
 * class was woven for this runtime before anything else of the runtime is called, so that a class woven
 * by one weft version and run with another's runtime fails with an error saying so, not with a
 * {@link NoSuchMethodError} deep in the runtime. Not API: public only because woven code must reach it.
 */
public final class Linkage {
    /**
     * The version of the contract between woven code and this runtime (the runtime members woven code
     * calls, and what they mean). Raise it, together with the weaver's copy, whenever that contract changes.
     * 2: primitive frame slots are {@code int} words (a long or a double in two), no longer {@code long}s.
     * 3: direct variants ({@link InlineDepth}, {@code Frame.directOutcome} and its kin).
     */
    public static final int ABI = 3;

    private Linkage() {
    }

    /**
     * {@link LambdaMetafactory#metafactory}, after checking that the calling class was woven for
     * {@link #ABI}.
     *
     * @throws IncompatibleClassChangeError if it was woven for another version of the runtime
     */
    public static CallSite resumable(MethodHandles.Lookup caller, String name, MethodType type, MethodType erased,
                                     MethodHandle body, MethodType instantiated, int abi)
            throws LambdaConversionException {
        if (abi != ABI) {
            throw new IncompatibleClassChangeError(mismatch(caller.lookupClass().getName(), abi));
        }
        return LambdaMetafactory.metafactory(caller, name, type, erased, body, instantiated);
    }

    /** The message for a class woven for {@code abi}: what differs, where this runtime is, what to do. */
    static String mismatch(String className, int abi) {
        CodeSource source = Linkage.class.getProtectionDomain().getCodeSource();
        String where = source == null || source.getLocation() == null ? "" : " (" + source.getLocation() + ")";
        return className + " was woven for weft runtime ABI " + abi + ", but the weft runtime on the class path"
                + where + " has ABI " + ABI + ": weave and run with the same weft version (rebuild the classes"
                + " with the weaver of this runtime's version, or put the matching weft-runtime on the class path)";
    }
}
