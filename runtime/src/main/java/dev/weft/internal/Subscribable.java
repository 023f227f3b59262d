package dev.weft.internal;

import java.util.function.BiConsumer;

/**
 * An awaitable that can call back when it completes, on whatever thread completes it: lets a
 * {@code CompletableFuture} {@code @Async} method await it with no event loop. Not API.
 */
public interface Subscribable {
    /** Calls {@code callback} once with the result or the failure when this completes. */
    void subscribe(BiConsumer<Object, Throwable> callback);
}
