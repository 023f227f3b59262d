package dev.weft.loop;

import dev.weft.internal.Subscribable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Loop futures standing for things completed on other threads: a {@link CompletionStage}, a
 * {@link Subscribable}, and the reverse, a {@link CompletableFuture} mirroring a loop future. Outcomes
 * always cross to the loop thread through {@code callSoonThreadsafe}.
 */
final class Bridges {
    private Bridges() {}

    /**
     * A future of {@code loop} completed with {@code stage}'s outcome (on the loop thread). Cancelling it
     * cancels the stage if it is a {@link java.util.concurrent.Future}.
     */
    static <T> Future<T> fromStage(CompletionStage<T> stage, SelectorEventLoop loop) {
        Future<T> f = new Future<>(loop);
        if (stage instanceof java.util.concurrent.Future<?>) {
            java.util.concurrent.Future<?> jf = (java.util.concurrent.Future<?>) stage;
            f.addDoneCallback(self -> {
                if (self.cancelled()) {
                    jf.cancel(false);
                }
            });
        }
        stage.whenComplete((value, error) -> deliver(f, value, error));
        return f;
    }

    /** A future of {@code loop} completed when {@code source} calls back. */
    static Future<Object> fromSubscribable(Subscribable source, SelectorEventLoop loop) {
        Future<Object> f = new Future<>(loop);
        source.subscribe((value, error) -> deliver(f, value, error));
        return f;
    }

    /** Completes {@code f} on its loop's thread unless it is done (cancelled) by then. */
    private static <T> void deliver(Future<T> f, T value, Throwable error) {
        Throwable e = unwrap(error);
        Runnable set = () -> {
            if (f.done()) {
                return;
            }
            if (e instanceof java.util.concurrent.CancellationException) {
                f.cancel();
            } else if (e != null) {
                f.setException(e);
            } else {
                f.setResult(value);
            }
        };
        try {
            f.loop.callSoonThreadsafe(set);
        } catch (IllegalStateException closed) {
            // the loop is gone: nobody can observe the outcome any more
        }
    }

    /** The failure a {@code CompletableFuture} wraps, as it was thrown. */
    static Throwable unwrap(Throwable error) {
        if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            return error.getCause();
        }
        return error;
    }

    /**
     * Completes {@code out} with {@code source}'s outcome; cancelling {@code out} cancels {@code source}
     * (on the loop thread). Call on the loop thread.
     */
    static <T> void chain(Future<T> source, CompletableFuture<T> out) {
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                try {
                    source.loop.callSoonThreadsafe(source::cancel);
                } catch (IllegalStateException closed) {
                    // nothing left to cancel
                }
            }
        });
        source.addDoneCallback(f -> {
            if (f.cancelled()) {
                out.cancel(false);
                return;
            }
            Throwable e = f.exception();
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(f.result());
            }
        });
    }
}
