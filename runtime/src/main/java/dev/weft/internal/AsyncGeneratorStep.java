package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One {@code asend}/{@code athrow}/{@code aclose} of an async generator: a coroutine that resumes the
 * generator's frame, passes its awaits through to its own driver, and completes with the next value the
 * body yields (PEP 525). Not API.
 *
 * <p>As CPython's, a step is awaited once: from its start until it completes it owns the generator (the
 * generator is {@code RUNNING} all that time, awaits included), and another step that starts meanwhile
 * fails with "asynchronous generator is already running"; a step that has completed fails if driven again
 * ("cannot reuse already awaited"). {@code athrow} and {@code aclose} of a finished generator complete at
 * once with no value. A generator that yielded while an {@code aclose} closed it ("ignored GeneratorExit")
 * stays suspended there and can still be stepped by {@code asend}, but no longer by {@code athrow} or
 * {@code aclose}: those fail with {@link StopAsyncIteration} (CPython's {@code ag_closed}).
 */
final class AsyncGeneratorStep implements Coroutine<Object> {
    /** The marker error that makes a step an {@code aclose}. */
    static final Throwable CLOSE = new GeneratorExit();
    /**
     * The generators that yielded while an {@code aclose} closed them (see the class comment): rare, so
     * kept here, weakly, rather than in a field of every frame.
     */
    private static final Map<Frame, Boolean> IGNORED_EXIT = Collections.synchronizedMap(new WeakHashMap<>());

    private final Frame generator;
    private Object firstValue;
    private Throwable firstError;
    private CoroutineState state = CoroutineState.CREATED;

    AsyncGeneratorStep(Frame generator, Object value, Throwable error) {
        this.generator = generator;
        this.firstValue = value;
        this.firstError = error;
    }

    @Override
    public Object send(Object value) {
        if (state == CoroutineState.CREATED) {
            if (value != null) {
                throw new IllegalArgumentException("can't send non-null value to a just-started coroutine");
            }
            return run(firstValue, firstError == CLOSE ? new GeneratorExit() : firstError, true);
        }
        return run(value, null, false);
    }

    /**
     * Throws {@code error} into the generator at the suspension point of this step's await, or, for a step
     * not started, at its yield in place of what the step would have sent or thrown (CPython 3.11's
     * {@code asend().throw()}, {@code athrow().throw()}); into a finished generator it is raised as it is.
     */
    @Override
    public Object throwIn(Throwable error) {
        if (state == CoroutineState.CREATED) {
            int s = generator.state;
            if (s < 0 && s != Frame.RUNNING) {
                state = CoroutineState.CLOSED;
                throw Sneaky.raise(error);
            }
            return run(null, error, true);
        }
        return run(null, error, false);
    }

    @Override
    public void close() {
        state = CoroutineState.CLOSED;
    }

    @Override
    public CoroutineState state() {
        return state;
    }

    /** Python's name of the operation, for messages. */
    private String operation() {
        return firstError == null ? "anext()" : firstError == CLOSE ? "aclose()" : "athrow()";
    }

    private Object run(Object value, Throwable error, boolean first) {
        if (state == CoroutineState.CLOSED) {
            throw new IllegalStateException("cannot reuse already awaited "
                    + (firstError == null ? "anext()/asend()" : "aclose()/athrow()"));
        }
        boolean closing = firstError == CLOSE;
        Object out;
        if (first) {
            firstValue = null;
            int s = generator.state;
            if (s == 0) {
                AsyncGeneratorHooks.firstIter(generator);
            }
            if (s < 0 && s != Frame.RUNNING) {
                state = CoroutineState.CLOSED;
                if (firstError == null) {
                    throw new StopAsyncIteration();
                }
                throw new StopIteration(); // athrow or aclose of a finished generator: done, no value
            }
            if (generator.runningAsync()) {
                state = CoroutineState.CLOSED;
                throw new IllegalStateException(operation() + ": asynchronous generator is already running");
            }
            if (firstError != null && IGNORED_EXIT.containsKey(generator)) {
                state = CoroutineState.CLOSED;
                throw new StopAsyncIteration();
            }
        }
        state = CoroutineState.RUNNING;
        try {
            out = error != null ? generator.throwIn(error) : generator.send(value);
        } catch (StopIteration end) {
            state = CoroutineState.CLOSED;
            if (closing) {
                throw new StopIteration();
            }
            throw new StopAsyncIteration();
        } catch (GeneratorExit exit) {
            state = CoroutineState.CLOSED;
            if (closing) {
                throw new StopIteration();
            }
            throw exit;
        } catch (Throwable t) {
            state = CoroutineState.CLOSED;
            throw Sneaky.raise(t);
        }
        if (!generator.runningAsync()) {
            // suspended at a yield: this step's value
            state = CoroutineState.CLOSED;
            if (closing) {
                IGNORED_EXIT.put(generator, Boolean.TRUE);
                throw new RuntimeException("async generator ignored GeneratorExit");
            }
            throw new StopIteration(out);
        }
        state = CoroutineState.SUSPENDED;
        return out;
    }
}
