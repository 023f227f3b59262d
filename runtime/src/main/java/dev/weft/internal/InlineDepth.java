package dev.weft.internal;

/**
 * How many coroutines an await runs inline, one inside another, on the Java stack: one mark per depth,
 * made once, each linking to the mark one level deeper. A frame running inline holds its mark in its
 * {@code result} field; a woven method's direct variant (see {@link Frame#directOutcome}) gets it as its
 * last argument. Not API: public only because woven code names it.
 */
public final class InlineDepth {
    /** The mark of depth 1: what an await made by a frame not itself running inline runs its coroutine at. */
    static final InlineDepth FIRST;

    static {
        InlineDepth mark = null;
        for (int d = Frame.MAX_INLINE_DEPTH; d >= 1; d--) {
            mark = new InlineDepth(mark);
        }
        FIRST = mark;
    }

    /** The mark of the level below this one, or null at {@link Frame#MAX_INLINE_DEPTH}. */
    final InlineDepth deeper;

    private InlineDepth(InlineDepth deeper) {
        this.deeper = deeper;
    }
}
