package dev.weft.loop;

/**
 * {@link Asyncio#sleep}: suspends on a future completed by a timer; a delay of 0 or less yields once
 * (a bare yield: the task runs again at the loop's next iteration). Cancelling the task cancels the timer.
 */
final class Sleep<T> extends LoopCoroutine<T> implements Runnable {
    private final double delay;
    private final T result;
    private TimerHandle timer;
    private Future<T> future;

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
        future = loop.createFuture();
        timer = loop.callLater(delay, this); // the timer's callback is this sleep: no lambda per sleep
        return future;
    }

    /** The timer fired: the sleep is over, unless cancelled meanwhile. Not API. */
    @Override
    public void run() {
        if (!future.done()) {
            future.setResult(result);
        }
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
