package dev.weft.loop;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.CoroutineState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EventLoop#shutdownAsyncgens()}: closes every tracked async generator that is not finished,
 * concurrently, and reports those that fail to close.
 */
final class AsyncgenShutdown extends LoopCoroutine<Void> {
    private final SelectorEventLoop loop;
    private List<AsyncGenerator<?, ?>> closing;

    AsyncgenShutdown(SelectorEventLoop loop) {
        this.loop = loop;
    }

    @Override
    protected Object start() {
        closing = new ArrayList<>();
        for (AsyncGenerator<?, ?> agen : loop.takeAsyncgens()) {
            if (agen.state() != CoroutineState.CLOSED) {
                closing.add(agen);
            }
        }
        if (closing.isEmpty()) {
            return finish(null);
        }
        List<Awaitable<?>> closes = new ArrayList<>();
        for (AsyncGenerator<?, ?> agen : closing) {
            closes.add(agen.aclose());
        }
        return Gathering.gather(closes, true, loop);
    }

    @Override
    protected Object resume(Object value) {
        List<?> results = (List<?>) value;
        for (int i = 0; i < results.size(); i++) {
            Object r = results.get(i);
            if (r instanceof Throwable && !(r instanceof CancelledError)) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("message", "an error occurred during closing of asynchronous generator " + closing.get(i));
                context.put("exception", r);
                context.put("asyncgen", closing.get(i));
                loop.callExceptionHandler(context);
            }
        }
        return finish(null);
    }

    @Override
    protected String name() {
        return "EventLoop.shutdownAsyncgens()";
    }
}
