package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The futures coroutines wait on until something happens to a stream or a server (closed, drained),
 * all woken together. Loop thread only.
 */
final class Waiters {
    private final List<Future<Void>> waiting = new ArrayList<>(1);

    /** A new future to wait on, completed by the next {@link #wake}. */
    Future<Void> add(EventLoop loop) {
        Future<Void> f = loop.createFuture();
        waiting.add(f);
        return f;
    }

    /** Forgets {@code f} (its waiter was cancelled). */
    void remove(Future<Void> f) {
        waiting.remove(f);
    }

    /** True if nobody waits. */
    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Completes and forgets every waiter: with null, or failed with {@code error}. */
    void wake(Throwable error) {
        if (waiting.isEmpty()) {
            return;
        }
        List<Future<Void>> woken = new ArrayList<>(waiting);
        waiting.clear();
        for (Future<Void> w : woken) {
            if (!w.done()) {
                if (error == null) {
                    w.setResult(null);
                } else {
                    w.setException(error);
                }
            }
        }
    }

    /**
     * A coroutine that ends at once if {@code ready} says so when it starts (which may also throw to fail
     * it), and else at the next {@link #wake}.
     */
    Coroutine<Void> until(EventLoop loop, String name, BooleanSupplier ready) {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            private Future<Void> waiter;

            @Override
            protected Object start() {
                if (ready.getAsBoolean()) {
                    return finish(null);
                }
                waiter = Waiters.this.add(loop);
                return waiter;
            }

            @Override
            protected Object fail(Throwable error) {
                Waiters.this.remove(waiter); // not the coroutine's own Iterator.remove()
                throw Throwing.sneaky(error);
            }

            @Override
            protected String name() {
                return name;
            }
        });
    }
}
