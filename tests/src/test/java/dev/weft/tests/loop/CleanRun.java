package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Running a test's main coroutine so that nothing reported to the loop's exception handler goes unseen. */
final class CleanRun {
    private CleanRun() {
    }

    /**
     * Runs {@code main} on a loop from {@code newLoop}, and fails if anything reached the loop's exception
     * handler (a test that expects reports installs a handler of its own).
     */
    static <T> T run(Coroutine<T> main, Supplier<? extends EventLoop> newLoop) {
        List<Map<String, Object>> reported = new ArrayList<>();
        T result;
        try {
            result = Asyncio.run(main, () -> {
                EventLoop loop = newLoop.get();
                loop.setExceptionHandler((l, context) -> reported.add(context));
                return loop;
            });
        } catch (RuntimeException | Error e) {
            reported.forEach(c -> e.addSuppressed(new AssertionError("also reported to the loop: " + c)));
            throw e;
        }
        assertEquals(List.of(), reported, "errors reported to the loop's exception handler");
        return result;
    }

    /** What {@code aw} fails with, or null if it succeeds: awaits cannot go in assertThrows lambdas. */
    @Async
    static Coroutine<Throwable> failureOf(Awaitable<?> aw) {
        try {
            await(aw);
        } catch (Throwable t) {
            return done(t);
        }
        return done(null);
    }
}
