package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runner: several main coroutines on one loop and in one context, cleaned up once. */
class RunnerTest {
    private final ContextVar<String> setting = new ContextVar<>("setting", "unset");

    /** A coroutine that returns what {@code body} returns, without suspending. */
    private static <T> dev.weft.Coroutine<T> now(java.util.function.Supplier<T> body) {
        return LoopCoroutine.typed(Script.<T>of(v -> Script.ret(body.get())));
    }

    @Test
    void runsOneAfterAnotherOnOneLoopInOneContext() {
        VirtualClock clock = new VirtualClock();
        try (Runner runner = new Runner(() -> new SelectorEventLoop(clock))) {
            EventLoop loop = runner.getLoop();
            assertEquals(1.0, runner.run(Asyncio.sleep(1.0, 1.0)));
            assertSame(loop, runner.getLoop(), "the same loop for every run");
            runner.run(now(() -> setting.set("first run")));
            assertEquals("first run", runner.run(now(setting::get)), "the runner's context carries over");
            assertEquals(1.0, loop.time(), "one loop, one clock");
        }
        assertEquals("unset", setting.get(), "the caller's context is not the runner's");
    }

    @Test
    void anExplicitContextIsUsedInstead() {
        Context ctx = new Context();
        try (Runner runner = new Runner()) {
            runner.run(now(() -> setting.set("explicit")), ctx);
            assertEquals("explicit", ctx.get(setting));
            assertEquals("unset", runner.run(now(setting::get)));
        }
    }

    @Test
    void theContextIsCopiedWhenTheRunnerIsFirstUsed() {
        new Context().run(() -> {
            setting.set("made");
            try (Runner runner = new Runner()) {
                setting.set("first used");
                assertEquals("first used", runner.run(now(setting::get)), "copied at the first run, as asyncio's");
                setting.set("later");
                assertEquals("first used", runner.run(now(setting::get)), "and only then");
            }
        });
    }

    @Test
    void closingCancelsLeftoverTasksAndClosesTheLoop() {
        List<String> log = new ArrayList<>();
        Runner runner = new Runner();
        Task<?>[] leftover = new Task<?>[1];
        runner.run(now(() -> {
            leftover[0] = Asyncio.createTask(Asyncio.sleep(3600));
            leftover[0].addDoneCallback(t -> log.add("leftover cancelled: " + t.cancelled()));
            return null;
        }));
        EventLoop loop = runner.getLoop();
        runner.close();
        runner.close();
        assertTrue(leftover[0].cancelled());
        assertEquals(List.of("leftover cancelled: true"), log);
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> runner.run(Asyncio.sleep(0)));
        assertThrows(IllegalStateException.class, runner::getLoop);
    }

    @Test
    void aRunnerNeverUsedMakesNoLoop() {
        Runner runner = new Runner(() -> {
            throw new AssertionError("no loop should be made");
        });
        runner.close();
        assertTrue(runner.toString().contains("closed"), runner.toString());
    }

    @Test
    void runIsRefusedInsideARunningLoop() {
        try (Runner outer = new Runner(); Runner inner = new Runner()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> outer.run(now(() -> inner.run(Asyncio.sleep(0)))));
            assertTrue(e.getMessage().contains("running event loop"), e.getMessage());
        }
    }
}
