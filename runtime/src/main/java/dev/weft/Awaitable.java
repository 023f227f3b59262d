package dev.weft;

/**
 * Marker for what {@link Coroutines#await(Awaitable)} accepts: a {@link Coroutine} (run inline),
 * a loop {@code Future}/{@code Task}, or a user's own awaitable handed to whoever drives the coroutine.
 *
 * @param <T> the type of the value the await produces
 */
public interface Awaitable<T> {}
