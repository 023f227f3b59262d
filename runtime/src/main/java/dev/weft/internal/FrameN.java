package dev.weft.internal;

/** A frame whose slots are arrays, for methods with more live values than the fixed-slot frames hold. Not API. */
public final class FrameN extends Frame {
    /** Saved references. */
    public final Object[] refs;
    /** Saved primitive words (int-like, float as raw bits; long and double as two words, low first). */
    public final int[] prims;

    /** A created frame for {@code code} with the given numbers of reference slots and primitive words. */
    public FrameN(Resumable code, int refCount, int primCount) {
        super(code);
        this.refs = new Object[refCount];
        this.prims = new int[primCount];
    }

    @Override
    protected void clearSlots() {
        java.util.Arrays.fill(refs, null);
    }
}
