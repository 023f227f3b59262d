package dev.weft.tests;

import dev.weft.Coroutine;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The smallest driver of the coroutine protocol, written against API.md only: {@code send(null)}, then for
 * each leaf awaitable the coroutine hands out, resume it with {@code send(result)} or {@code throwIn(failure)};
 * {@link StopIteration#value()} is the result. It records every awaitable it was handed.
 */
final class Driver {
    /** Every awaitable the coroutine suspended on, in order. */
    final List<Object> seen = new ArrayList<>();

    /** Runs {@code coroutine} to its end and returns its result; a failure escapes as it is. */
    Object run(Coroutine<?> coroutine) {
        Object input = null;
        Throwable error = null;
        for (;;) {
            Object awaited;
            try {
                awaited = error == null ? coroutine.send(input) : coroutine.throwIn(error);
            } catch (StopIteration end) {
                return end.value();
            }
            seen.add(awaited);
            input = null;
            error = null;
            if (awaited instanceof Leaf<?>) {
                Leaf<?> leaf = (Leaf<?>) awaited;
                input = leaf.value;
                error = leaf.failure;
            } else if (awaited instanceof CompletableFuture<?> && ((CompletableFuture<?>) awaited).isDone()) {
                try {
                    input = ((CompletableFuture<?>) awaited).join();
                } catch (CompletionException e) {
                    error = e.getCause();
                }
            } else {
                throw new AssertionError("the driver cannot resolve " + awaited);
            }
        }
    }

    /** Runs {@code coroutine} with a fresh driver and returns its result. */
    static Object runToEnd(Coroutine<?> coroutine) {
        return new Driver().run(coroutine);
    }
}
