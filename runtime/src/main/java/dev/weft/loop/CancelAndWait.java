package dev.weft.loop;

import dev.weft.Awaitable;

/**
 * {@link Asyncio#waitFor} with a timeout of 0 or less: the awaitable's result if it is done already,
 * else cancel it, wait until it has finished, and raise {@link TimeoutError} unless it finished anyway.
 */
final class CancelAndWait<T> extends LoopCoroutine<T> {
    private final Awaitable<T> aw;
    private Future<T> future;
    private Future<Void> waiter;
    private java.util.function.Consumer<Future<T>> release;

    CancelAndWait(Awaitable<T> aw) {
        this.aw = aw;
    }

    @Override
    protected Object start() {
        future = Asyncio.ensureFuture(aw);
        if (future.done()) {
            return finish(future.result());
        }
        waiter = future.getLoop().createFuture();
        release = f -> {
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        };
        future.addDoneCallback(release);
        future.cancel();
        return waiter;
    }

    @Override
    protected Object resume(Object value) {
        future.removeDoneCallback(release);
        try {
            return finish(future.result());
        } catch (CancelledError e) {
            throw new TimeoutError("timed out", e);
        }
    }

    @Override
    protected Object fail(Throwable error) {
        future.removeDoneCallback(release);
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return "Asyncio.waitFor(" + aw + ", 0)";
    }
}
