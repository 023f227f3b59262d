package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.Iterator;

/**
 * Frames that let the driver's explicit stack delegate to things that are not woven frames: a
 * hand-written {@link Generator}, a hand-written {@link Coroutine}, or a plain {@link Iterator}.
 * Each is driven through its own methods, one level deep. Not API.
 */
final class Delegates {
    private Delegates() {}

    /** The frame to push for a delegate: a woven frame itself, or an adapter around anything else. */
    static Frame of(Object sub) {
        if (sub instanceof Frame) {
            return (Frame) sub;
        }
        if (sub instanceof Generator<?, ?, ?>) {
            return new Adapter(GENERATOR, sub);
        }
        if (sub instanceof Coroutine<?>) {
            return new Adapter(COROUTINE, sub);
        }
        if (sub instanceof Iterable<?>) {
            return ofIterable((Iterable<?>) sub);
        }
        if (sub == null) {
            throw new NullPointerException("cannot await or yield from null");
        }
        throw new IllegalArgumentException("cannot delegate to " + sub.getClass().getName());
    }

    /**
     * The frame to push for {@code yieldFrom(values)}. As PEP 380's {@code iter(values)}, it takes the
     * iterator once, now: an iterator that is a {@link Generator} (woven or written by hand, or
     * {@code values} itself) is delegated to exactly as {@code yieldFrom} of it would be, so that send,
     * throwIn and close reach it and its return value comes back; any other is driven as a plain iterator.
     */
    static Frame ofIterable(Iterable<?> values) {
        Iterator<?> it = values.iterator();
        if (it instanceof Generator<?, ?, ?>) {
            return of(it);
        }
        return new Adapter(ITERATOR, it);
    }

    /** A frame with one slot: the thing it drives. */
    static final class Adapter extends Frame {
        Object target;

        Adapter(Resumable code, Object target) {
            super(code);
            this.target = target;
        }

        @Override
        protected void clearSlots() {
            target = null;
        }
    }

    private static final Resumable GENERATOR = (frame, label, input, error) -> {
        if (label == Resumable.DESCRIBE) {
            return "G|" + ((Adapter) frame).target.getClass().getName() + "|send||" + "|";
        }
        @SuppressWarnings("unchecked")
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) ((Adapter) frame).target;
        Object out;
        try {
            if (error instanceof GeneratorExit) {
                g.close();
                throw error;
            }
            out = error != null ? g.throwIn(error) : g.send(input);
        } catch (StopIteration end) {
            return Coroutines.done(end.value());
        }
        frame.state = 1;
        return out;
    };

    private static final Resumable COROUTINE = (frame, label, input, error) -> {
        if (label == Resumable.DESCRIBE) {
            return "C|" + ((Adapter) frame).target.getClass().getName() + "|send||" + "|";
        }
        Coroutine<?> c = (Coroutine<?>) ((Adapter) frame).target;
        Object out;
        try {
            if (error instanceof GeneratorExit) {
                c.close();
                throw error;
            }
            out = error != null ? c.throwIn(error) : c.send(input);
        } catch (StopIteration end) {
            return Coroutines.done(end.value());
        }
        frame.state = 1;
        return out;
    };

    private static final Resumable ITERATOR = (frame, label, input, error) -> {
        Adapter a = (Adapter) frame;
        if (label == Resumable.DESCRIBE) {
            return "G|" + a.target.getClass().getName() + "|next||" + "|";
        }
        if (error != null) {
            throw error;
        }
        if (input != null) {
            throw new IllegalArgumentException("can't send non-null value into a yieldFrom(iterable): "
                    + "a plain iterator takes no values");
        }
        Iterator<?> it = (Iterator<?>) a.target;
        if (!it.hasNext()) {
            return Coroutines.done();
        }
        Object out = it.next();
        frame.state = 1;
        return out;
    };
}
