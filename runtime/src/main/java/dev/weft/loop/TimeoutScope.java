package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.function.Function;

/**
 * {@link Asyncio#timeout}: runs a body coroutine inline, inside a {@link Timeout} scope of the current
 * task (Python's {@code async with asyncio.timeout(...)}).
 */
final class TimeoutScope<T> extends LoopCoroutine<T> {
    private final double delay;
    private final boolean absolute;
    private final Function<? super Timeout, ? extends Coroutine<? extends T>> body;
    private Timeout timeout;

    TimeoutScope(double delayOrWhen, boolean absolute, Function<? super Timeout, ? extends Coroutine<? extends T>> body) {
        if (Double.isNaN(delayOrWhen)) {
            throw new IllegalArgumentException("timeout must not be NaN");
        }
        this.delay = delayOrWhen;
        this.absolute = absolute;
        this.body = body;
    }

    @Override
    protected Object start() {
        EventLoop loop = Asyncio.getRunningLoop();
        double when = absolute || delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay;
        timeout = new Timeout(when);
        timeout.enter();
        Coroutine<? extends T> coro;
        try {
            coro = body.apply(timeout);
        } catch (Throwable t) {
            throw Throwing.sneaky(timeout.exit(t));
        }
        return delegate(coro);
    }

    @Override
    protected Object innerReturned(Object value) {
        timeout.exit(null);
        return finish(value);
    }

    @Override
    protected Object innerFailed(Throwable error) {
        throw Throwing.sneaky(timeout.exit(error));
    }

    @Override
    protected String name() {
        return "Asyncio.timeout(" + (timeout != null ? timeout : delay) + ")";
    }
}
