package dev.weft.loop;

import dev.weft.Coroutines;
import dev.weft.internal.Frame;
import dev.weft.internal.FrameR0P0;
import dev.weft.internal.Resumable;
import dev.weft.internal.Suspend;

/**
 * Coroutines written the way the weaver writes them (a {@link Frame} and its resume code), to test what
 * the loop does with real frames: their {@code toString}, their stack, inline awaits of coroutines.
 */
final class Woven {
    private Woven() {}

    /**
     * {@code @Async Coroutine<Object> spin(Object awaitable) { return done(await(awaitable)); }} with the
     * await on line 23 of Spin.java.
     */
    static Frame spin(Object awaitable) {
        return new FrameR0P0(new Resumable() {
            @Override
            public Object resume(Frame frame, int label, Object input, Throwable error) throws Throwable {
                switch (label) {
                    case Resumable.DESCRIBE:
                        return "C|demo/Spin|spin|(Ljava/lang/Object;)Ldev/weft/Coroutine;|Spin.java|20,23";
                    case 0:
                        Object r = inline(awaitable, frame);
                        if (r != Suspend.NOT_READY) {
                            return Coroutines.done(r);
                        }
                        return Suspend.await(frame, 1, awaitable);
                    default:
                        if (error != null) {
                            throw error;
                        }
                        return Coroutines.done(input);
                }
            }
        });
    }

    /** What woven code does at an await: runs a created frame inline if {@link Frame#enterInline} lets it. */
    private static Object inline(Object awaitable, Frame awaiter) throws Throwable {
        Resumable code = Frame.enterInline(awaitable, awaiter);
        if (code == null) {
            return Suspend.poll(awaitable);
        }
        return Frame.inlineReturned(code.resume((Frame) awaitable, 0, null, null), awaitable);
    }

    /** {@code @Async Coroutine<Object> outer(Object awaitable) { return done(await(spin(awaitable))); }}, line 41. */
    static Frame outer(Object awaitable) {
        return new FrameR0P0(new Resumable() {
            @Override
            public Object resume(Frame frame, int label, Object input, Throwable error) throws Throwable {
                switch (label) {
                    case Resumable.DESCRIBE:
                        return "C|demo/Outer|outer|(Ljava/lang/Object;)Ldev/weft/Coroutine;|Outer.java|40,41";
                    case 0:
                        return Suspend.await(frame, 1, spin(awaitable));
                    default:
                        if (error != null) {
                            throw error;
                        }
                        return Coroutines.done(input);
                }
            }
        });
    }
}
