package dev.weft;

import java.util.Iterator;

/**
 * Python's generator protocol: what an {@code @Async} method returning {@code Generator<Y, S, R>}
 * gives its caller, in state {@link CoroutineState#CREATED}.
 *
 * <p>Not thread-safe: one caller at a time. It may pass from thread to thread between calls (with a
 * happens-before edge, as any object); the check that refuses a call while it runs catches re-entry on
 * one thread, not calls racing from two, which corrupt it. The generator is its own single-use iterator.
 *
 * <p>Unlike CPython, which closes a generator as it collects it, the JVM collects a suspended generator
 * that nothing refers to without running its {@code finally} blocks. A loop that may leave early closes
 * the generator itself: {@code try (var g = lines(path)) { for (String l : g) { ... break; } }}.
 *
 * @param <Y> the type of the values it yields
 * @param <S> the type of the values sent in
 * @param <R> the type of its return value
 */
public interface Generator<Y, S, R> extends Iterator<Y>, Iterable<Y>, AutoCloseable {
    /**
     * Resumes the body with {@code value} as the result of the {@code yield} it is suspended at.
     *
     * @return the next value the body yields
     * @throws StopIteration when the body returns; {@link StopIteration#value()} is its return value
     * @throws IllegalArgumentException if the generator was never started and {@code value} is not null
     * @throws IllegalStateException if the generator is already running
     */
    Y send(S value);

    /**
     * Raises {@code error} at the suspension point. Each body it is raised in on its way out (the
     * innermost delegate's, then each delegator's up to this one's) is added to the end of its stack
     * trace, at the line it is raised at (see the README's "Stack traces";
     * {@code -Ddev.weft.asyncStackTraces=false} turns that off).
     *
     * @return the next value the body yields, if it handled the error
     * @throws StopIteration when the body returns
     */
    Y throwIn(Throwable error);

    /**
     * Raises {@link GeneratorExit} at the suspension point. Does nothing to a created or closed generator.
     *
     * @throws RuntimeException if the body yields again instead of finishing ("generator ignored GeneratorExit")
     */
    @Override
    void close();

    /** Where the generator is in its life cycle. */
    CoroutineState state();

    /**
     * The value the body returned.
     *
     * @throws IllegalStateException if the body has not returned normally
     */
    R returnValue();

    /**
     * Same as {@code send(null)}, except after {@link #hasNext()}: then it returns the value
     * {@code hasNext()} ran the body ahead to. A finished generator throws {@link StopIteration} (a
     * {@code NoSuchElementException}); only the first one carries the return value, which
     * {@link #returnValue()} keeps.
     */
    @Override
    Y next();

    /**
     * Runs the body ahead to its next {@code yield}, if it has not already, and says whether there is one.
     * The value found waits for {@link #next()}; a {@code send} of a non-null value before it is taken
     * throws {@link IllegalStateException}, since the body has already resumed from its {@code yield}.
     */
    @Override
    boolean hasNext();

    /** Returns this generator: it is its own single-use iterator. */
    @Override
    default Iterator<Y> iterator() {
        return this;
    }
}
