package dev.weft.loop;

/**
 * {@link Asyncio#sleep}: suspends on a future completed by a timer; a delay of 0 or less yields once
 * (a bare yield: the task runs again at the loop's next iteration). Cancelling the task cancels the timer.
 */
final class Sleep<T> extends LoopCoroutine<T> {
    private final double delay;
    private final T result;
    private TimerHandle timer;

    Sleep(double delay, T result) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
        }
        this.delay = delay;
        this.result = result;
    }

    @Override
    protected Object start() {
        if (delay <= 0) {
            return null;
        }
        EventLoop loop = Asyncio.getRunningLoop();
        Future<T> future = loop.createFuture();
        timer = loop.callLater(delay, () -> {
            if (!future.done()) {
                future.setResult(result);
            }
        });
        return future;
    }

    @Override
    protected Object resume(Object value) {
        return finish(result);
    }

    @Override
    protected Object fail(Throwable error) {
        if (timer != null) {
            timer.cancel();
        }
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return "Asyncio.sleep(" + delay + ")";
    }
}
