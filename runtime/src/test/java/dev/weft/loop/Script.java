package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A hand-written coroutine for tests, standing in for a woven {@code @Async} body: a list of steps, each
 * given the value of the previous await and returning the next thing to await (a future, a coroutine to
 * run inline, null to yield once) or {@link #ret} to return. A done future does not suspend, as in woven
 * code. Failures thrown in go to {@link #onError}, which awaits or returns in the same way, or rethrows.
 */
final class Script<T> extends LoopCoroutine<T> {
    private static final class Return {
        final Object value;

        Return(Object value) {
            this.value = value;
        }
    }

    private final String name;
    private final List<Function<Object, Object>> steps = new ArrayList<>();
    private Function<Throwable, Object> onError;
    private int next;

    private Script(String name) {
        this.name = name;
    }

    /** A script called {@code name}. */
    static <T> Script<T> named(String name) {
        return new Script<>(name);
    }

    /** A script of the given steps. */
    @SafeVarargs
    static <T> Script<T> of(Function<Object, Object>... steps) {
        Script<T> s = new Script<>("script");
        for (Function<Object, Object> f : steps) {
            s.then(f);
        }
        return s;
    }

    /** Returns {@code value} from the script. */
    static Object ret(Object value) {
        return new Return(value);
    }

    /** A script that awaits {@code awaitable} and returns its result. */
    static <T> Script<T> awaiting(Object awaitable) {
        return Script.<T>named("awaiting").then(v -> awaitable).then(Script::ret);
    }

    /** Adds a step. */
    Script<T> then(Function<Object, Object> step) {
        steps.add(step);
        return this;
    }

    /** Handles a failure thrown in at an await (including cancellation). */
    Script<T> onError(Function<Throwable, Object> handler) {
        this.onError = handler;
        return this;
    }

    @Override
    protected Object start() {
        return advance(null);
    }

    private Object advance(Object value) {
        if (next == steps.size()) {
            return finish(value);
        }
        return handle(steps.get(next++).apply(value));
    }

    private Object handle(Object out) {
        if (out instanceof Return) {
            return finish(((Return) out).value);
        }
        if (out instanceof Coroutine<?>) {
            return delegate((Coroutine<?>) out);
        }
        if (out instanceof Future<?> && ((Future<?>) out).done()) {
            Object v;
            try {
                v = ((Future<?>) out).result();
            } catch (Throwable t) {
                return failed(t);
            }
            return advance(v);
        }
        return out;
    }

    private Object failed(Throwable error) {
        if (onError == null) {
            throw Throwing.sneaky(error);
        }
        Function<Throwable, Object> h = onError;
        onError = null;
        return handle(h.apply(error));
    }

    @Override
    protected Object resume(Object value) {
        return advance(value);
    }

    @Override
    protected Object fail(Throwable error) {
        return failed(error);
    }

    @Override
    protected Object innerReturned(Object value) {
        return advance(value);
    }

    @Override
    protected Object innerFailed(Throwable error) {
        return failed(error);
    }

    @Override
    protected String name() {
        return name;
    }
}
