package dev.weft.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A loop on a virtual clock for each test, whose exception handler records the contexts it receives,
 * and an {@code expect(n)} / {@code finish(n)} order checker as kotlinx.coroutines' tests have.
 */
abstract class LoopFixture {
    VirtualClock clock;
    SelectorEventLoop loop;
    final List<Map<String, Object>> errors = new ArrayList<>();
    private int actionIndex;

    @BeforeEach
    void newLoop() {
        clock = new VirtualClock();
        loop = new SelectorEventLoop(clock);
        loop.setExceptionHandler((l, context) -> errors.add(context));
    }

    @AfterEach
    void closeLoop() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    /** Checks that this is the {@code n}th action of the test. */
    void expect(int n) {
        actionIndex++;
        if (actionIndex != n) {
            throw new AssertionError("expected action " + n + " but it is action " + actionIndex);
        }
    }

    /** Checks that this is the last action, the {@code n}th. */
    void finish(int n) {
        expect(n);
    }

    /** Runs the loop until {@code awaitable} completes. */
    <T> T run(dev.weft.Awaitable<T> awaitable) {
        return loop.runUntilComplete(awaitable);
    }

    /** Runs a few iterations of the loop (asyncio's {@code test_utils.run_briefly}). */
    void runBriefly() {
        loop.runUntilComplete(Asyncio.sleep(0));
    }

    /** The messages the exception handler received. */
    List<String> errorMessages() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> c : errors) {
            out.add(String.valueOf(c.get("message")));
        }
        return out;
    }
}
