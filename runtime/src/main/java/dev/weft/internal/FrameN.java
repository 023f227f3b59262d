package dev.weft.internal;

/** A frame whose slots are arrays, for methods with more live values than the fixed-slot frames hold. Not API. */
public final class FrameN extends Frame {
    /** Saved references. */
    public final Object[] refs;
    /** Saved primitives (int-like, float and double as raw bits). */
    public final long[] prims;

    /** A created frame for {@code code} with the given numbers of slots. */
    public FrameN(Resumable code, int refCount, int primCount) {
        super(code);
        this.refs = new Object[refCount];
        this.prims = new long[primCount];
    }

    @Override
    protected void clearSlots() {
        java.util.Arrays.fill(refs, null);
    }
}
