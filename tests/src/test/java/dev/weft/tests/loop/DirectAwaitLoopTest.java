package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chains of awaits of calls to {@code @Async} methods of the same class (which run the callees' direct
 * variants, their frames made only when they suspend) driven by tasks on the loop: a task suspended at the
 * bottom of such a chain shows every level in its stack, is cancelled through every level's
 * {@code finally}, and an error at the bottom travels up to the level that catches it.
 */
class DirectAwaitLoopTest {
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Integer> bottom(double delay, boolean fail) {
        await(Asyncio.sleep(delay));
        if (fail) {
            throw new IllegalStateException("bottom failed");
        }
        return done(1);
    }

    @Async
    private Coroutine<Integer> level(int d, double delay, boolean fail) {
        try {
            int below = d == 1 ? await(bottom(delay, fail)) : await(level(d - 1, delay, fail));
            return done(below + 1);
        } finally {
            log.add("finally " + d);
        }
    }

    @Async
    private Coroutine<Integer> catchesAt(int at, int d, boolean fail) {
        if (d == at) {
            try {
                return done(await(catchesAt(at, d - 1, fail)) + 1);
            } catch (IllegalStateException e) {
                log.add("caught at " + d + ": " + e.getMessage());
                return done(-100);
            }
        }
        int below = d == 1 ? await(bottom(0.001, fail)) : await(catchesAt(at, d - 1, fail));
        return done(below + 1);
    }

    @Async
    Coroutine<String> cancelAtTheBottom() {
        Task<Integer> task = Asyncio.createTask(level(40, 10, false));
        await(Asyncio.sleep(0));
        int frames = task.getStack().size();
        task.cancel();
        try {
            await(task);
            return done("not cancelled");
        } catch (CancelledError expected) {
            return done(frames + " frames, cancelled " + task.cancelled());
        }
    }

    @Test
    void aTaskSuspendedAtTheBottomOfAChainShowsEveryLevelAndIsCancelledThroughEachFinally() {
        // the 40 levels, bottom() and the sleep it waits in
        assertEquals("42 frames, cancelled true", Asyncio.run(cancelAtTheBottom()));
        assertEquals(40, log.size());
        assertEquals("finally 1", log.get(0));
        assertEquals("finally 40", log.get(39));
    }

    @Test
    void anErrorAtTheBottomTravelsUpToTheLevelThatCatchesIt() {
        assertEquals(-100 + 5, Asyncio.run(catchesAt(5, 10, true)));
        assertEquals(List.of("caught at 5: bottom failed"), log);
        assertEquals(1 + 10, Asyncio.run(catchesAt(5, 10, false)));
    }

    @Async
    Coroutine<Integer> manyChains(int n) {
        List<Coroutine<Integer>> chains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chains.add(level(1 + i % 7, 0.001 * (i % 3), false));
        }
        int sum = 0;
        for (int v : await(Asyncio.gather(chains))) {
            sum += v;
        }
        return done(sum);
    }

    @Test
    void manyChainsInterleaveOnOneLoop() {
        int expected = 0;
        for (int i = 0; i < 60; i++) {
            expected += 2 + i % 7;
        }
        assertEquals(expected, Asyncio.run(manyChains(60)));
        assertTrue(log.size() > 60);
    }

    /** An instance method and a static overload taking the receiver first, both awaited in one class. */
    static final class Overloads {
        @Async
        Coroutine<String> g(double delay) {
            await(Asyncio.sleep(delay));
            return done("instance");
        }

        @Async
        static Coroutine<String> g(Overloads self, double delay) {
            await(Asyncio.sleep(delay));
            return done("static");
        }

        @Async
        Coroutine<String> both() {
            return done(await(g(0.001)) + ", " + await(g(this, 0.001)));
        }
    }

    @Test
    void anInstanceMethodAndAStaticOverloadTakingTheReceiverAreBothAwaited() {
        // their direct variants would have one descriptor: the class must still load and call each
        assertEquals("instance, static", Asyncio.run(new Overloads().both()));
    }
}
