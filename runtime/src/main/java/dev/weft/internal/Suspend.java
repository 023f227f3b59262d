package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.Done;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The calls woven code makes at its suspension points. Not API: public only because woven code must
 * reach it. Each is small and static so the JIT inlines it into the woven method.
 *
 * <p>A suspension point is woven as: poll for an immediate result (awaits and {@code yieldFrom} only);
 * if there is none, save the live values into the frame, call one of the {@code suspend*} methods,
 * which records the label (and whether the frame now delegates) in {@link Frame#state}, and return
 * what it returns to the driver.
 */
public final class Suspend {
    /** What {@link #poll} returns when the awaitable has no result yet. */
    public static final Object NOT_READY = new Object() {
        @Override
        public String toString() {
            return "NOT_READY";
        }
    };

    private Suspend() {}

    /**
     * The result of an awaitable other than a woven coroutine if it already has one (a failure is thrown
     * as it is), or {@link #NOT_READY}. Woven code tests for a woven coroutine ({@link Frame}) first and
     * runs it inline instead ({@link Frame#enterInline}), so that a chain of awaits costs one call
     * per level; a frame passed here gets {@link #NOT_READY}, and the await delegates to it.
     */
    public static Object poll(Object awaitable) {
        if (awaitable instanceof Done<?, ?, ?>) {
            return ((Done<?, ?, ?>) awaitable).value();
        }
        if (awaitable instanceof Pollable) {
            return ((Pollable) awaitable).poll();
        }
        if (isDoneFuture(awaitable)) {
            return joinDone((CompletableFuture<?>) awaitable);
        }
        if (awaitable == null) {
            throw new NullPointerException("await(null)");
        }
        return NOT_READY;
    }

    /**
     * True if {@code stage} is a {@code CompletableFuture} that is done. False for one made by
     * {@link CompletableFuture#minimalCompletionStage()}, which is a {@code CompletableFuture} that throws
     * {@link UnsupportedOperationException} from every method of its own: it is awaited as any stage.
     */
    static boolean isDoneFuture(Object stage) {
        if (!(stage instanceof CompletableFuture<?>)) {
            return false;
        }
        try {
            return ((CompletableFuture<?>) stage).isDone();
        } catch (UnsupportedOperationException minimal) {
            return false;
        }
    }

    /** The value of a completed future, or its failure thrown unwrapped. */
    static Object joinDone(CompletableFuture<?> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw Sneaky.raise(e.getCause() == null ? e : e.getCause());
        }
    }

    /** The result of a {@code yieldFrom} that needs no suspension (a {@link Done}), or {@link #NOT_READY}. */
    public static Object pollGenerator(Object generator) {
        if (generator instanceof Done<?, ?, ?>) {
            return ((Done<?, ?, ?>) generator).value();
        }
        if (generator == null) {
            throw new NullPointerException("yieldFrom(null)");
        }
        return NOT_READY;
    }

    /** Suspends at {@code label} on an awaitable: a coroutine is delegated to, anything else goes to the driver. */
    public static Object await(Frame frame, int label, Object awaitable) {
        if (awaitable instanceof Coroutine<?>) {
            frame.state = label | Frame.DELEGATING;
            return Delegates.of(awaitable);
        }
        if (!(awaitable instanceof CompletionStage<?>) && !(awaitable instanceof dev.weft.Awaitable<?>)) {
            throw new IllegalArgumentException("cannot await " + awaitable.getClass().getName());
        }
        frame.state = label;
        return awaitable;
    }

    /**
     * What woven code returns for {@code return Coroutines.done(value)}: the value itself, which the driver
     * takes as the return value, or, for a coroutine or generator (which would read as a tail call), its
     * {@code Done}.
     */
    public static Object returned(Object value) {
        if (value instanceof Coroutine<?> || value instanceof dev.weft.Generator<?, ?, ?>) {
            return dev.weft.Coroutines.done(value);
        }
        return value;
    }

    /** Suspends a generator at {@code label}, handing {@code value} to whoever resumed it. */
    public static Object yield(Frame frame, int label, Object value) {
        frame.state = label;
        return value;
    }

    /** Suspends an async generator at {@code label} on a {@code yield} (not an await). */
    public static Object asyncYield(Frame frame, int label, Object value) {
        frame.state = label | Frame.YIELDING;
        return value;
    }

    /** Suspends at {@code label}, delegating to a generator (woven or not) until it returns. */
    public static Object yieldFrom(Frame frame, int label, Object generator) {
        frame.state = label | Frame.DELEGATING;
        return Delegates.of(generator);
    }

    /**
     * Suspends at {@code label}, delegating to the iterator of {@code values} until it is exhausted, or,
     * if that iterator is a generator, until it returns, as {@link #yieldFrom} of it would. The iterator
     * is taken here, at the yieldFrom, so that what {@code iterator()} throws is raised there.
     */
    public static Object yieldFromIterable(Frame frame, int label, Iterable<?> values) {
        if (values == null) {
            throw new NullPointerException("yieldFrom(null)");
        }
        Frame delegate = Delegates.ofIterable(values);
        frame.state = label | Frame.DELEGATING;
        return delegate;
    }

    /** Starts a {@code CompletableFuture} method's frame at once and returns its future. */
    public static <T> CompletableFuture<T> start(Frame frame) {
        FutureDriver<T> driver = new FutureDriver<>(frame);
        driver.step(null, null);
        return driver;
    }
}
