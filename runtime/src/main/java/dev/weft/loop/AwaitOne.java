package dev.weft.loop;

import dev.weft.Awaitable;

/**
 * A coroutine that awaits one awaitable that is not a coroutine (a future, a stage...), so it can run
 * inside a scope such as {@link Asyncio#timeout}.
 */
final class AwaitOne<T> extends LoopCoroutine<T> {
    private final Object awaitable;

    AwaitOne(Object awaitable) {
        this.awaitable = java.util.Objects.requireNonNull(awaitable, "awaitable");
    }

    /** {@code aw} itself if it is a coroutine, else a coroutine awaiting it. */
    @SuppressWarnings("unchecked")
    static <T> dev.weft.Coroutine<T> of(Awaitable<T> aw) {
        return aw instanceof dev.weft.Coroutine<?> ? (dev.weft.Coroutine<T>) aw : LoopCoroutine.typed(new AwaitOne<>(aw));
    }

    @Override
    protected Object start() {
        if (awaitable instanceof Future<?> && ((Future<?>) awaitable).done()) {
            return finish(((Future<?>) awaitable).result());
        }
        return awaitable;
    }

    @Override
    protected String name() {
        return "await(" + awaitable + ")";
    }
}
