package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.ContextVar;
import dev.weft.loop.ExceptionGroup;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Task;
import dev.weft.loop.TaskGroup;
import dev.weft.loop.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eager tasks (Python 3.12's {@code eager_task_factory}) with woven coroutines: a task starts in
 * {@code createTask} and runs until it first suspends; one that ends first is done when created, without
 * a loop iteration. Each test logs the order of events and compares it with what asyncio does.
 */
class EagerTaskTest {
    private final List<String> log = new ArrayList<>();

    /** Runs {@code main} on a loop with the eager task factory, failing if the loop's exception handler is called. */
    private static <T> T runEagerly(Coroutine<T> main) {
        return CleanRun.run(main, () -> {
            SelectorEventLoop loop = new SelectorEventLoop(new VirtualClock());
            loop.setTaskFactory(Asyncio.eagerTaskFactory());
            return loop;
        });
    }

    @Async
    static Coroutine<Integer> immediate(List<String> log, int value) {
        log.add("immediate runs");
        return done(value);
    }

    @Async
    static Coroutine<Integer> finishesAtOnceMain(List<String> log) {
        Task<Integer> t = Asyncio.createTask(immediate(log, 42));
        log.add("created, done=" + t.done());
        assertEquals(42, t.result(), "the result is there without awaiting");
        assertFalse(Asyncio.allTasks().contains(t), "a finished task is not among the loop's tasks");
        return done(await(t));
    }

    /** A task whose coroutine ends without suspending is done when createTask returns. */
    @Test
    @Timeout(10)
    void aTaskThatNeverSuspendsIsDoneWhenCreated() {
        assertEquals(42, runEagerly(finishesAtOnceMain(log)));
        assertEquals(List.of("immediate runs", "created, done=true"), log);
    }

    @Async
    static Coroutine<String> suspends(List<String> log) {
        log.add("child before await, current is child: " + (Asyncio.currentTask().getName().equals("child")));
        await(Asyncio.sleep(0));
        log.add("child after await");
        return done("child result");
    }

    @Async
    static Coroutine<String> suspendsMain(List<String> log) {
        Task<?> main = Asyncio.currentTask();
        Task<String> child = Asyncio.getRunningLoop().createTask(suspends(log), "child");
        log.add("creator continues, current is creator: " + (Asyncio.currentTask() == main));
        assertFalse(child.done());
        assertTrue(Asyncio.allTasks().contains(child));
        String r = await(child);
        log.add("creator got " + r);
        return done(r);
    }

    /** A task runs up to its first suspension inside createTask, as the current task; then as any task. */
    @Test
    @Timeout(10)
    void aTaskRunsEagerlyUntilItFirstSuspends() {
        assertEquals("child result", runEagerly(suspendsMain(log)));
        assertEquals(List.of("child before await, current is child: true",
                "creator continues, current is creator: true",
                "child after await",
                "creator got child result"), log);
    }

    @Async
    static Coroutine<Void> fails() {
        throw new IllegalStateException("eager failure");
    }

    @Async
    static Coroutine<String> failsMain() {
        Task<Void> t = Asyncio.createTask(fails());
        assertTrue(t.done());
        String message = t.exception().getMessage();
        return done(message);
    }

    /** A failure in the eager step fails the task when created; nothing escapes into the creator. */
    @Test
    @Timeout(10)
    void aFailureInTheEagerStepFailsTheTask() {
        assertEquals("eager failure", runEagerly(failsMain()));
    }

    @Async
    static Coroutine<String> other(List<String> log) {
        log.add("other runs");
        return done("other");
    }

    @Async
    static Coroutine<Void> groupBody(TaskGroup tg, List<String> log) {
        tg.createTask(fails());
        try {
            tg.createTask(other(log));
            log.add("second createTask accepted");
        } catch (IllegalStateException e) {
            log.add("second createTask refused: " + e.getMessage().contains("shutting down"));
        }
        await(Asyncio.sleep(0));
        log.add("body not cancelled");
        return done();
    }

    @Async
    static Coroutine<String> groupMain(List<String> log) {
        try {
            await(TaskGroup.run(tg -> groupBody(tg, log)));
            return done("no error");
        } catch (ExceptionGroup group) {
            return done(group.exceptions().get(0).getMessage());
        }
    }

    /**
     * A TaskGroup child that fails in its eager step aborts the group at once, as in Python 3.12: the
     * body's next createTask is refused (its coroutine closed, never run), and the body is cancelled at
     * its next await.
     */
    @Test
    @Timeout(10)
    void aGroupChildFailingEagerlyAbortsTheGroupAtOnce() {
        assertEquals("eager failure", runEagerly(groupMain(log)));
        assertEquals(List.of("second createTask refused: true"), log);
    }

    static final ContextVar<String> WHO = new ContextVar<>("who", "nobody");

    @Async
    static Coroutine<String> readsAndSets(List<String> log) {
        log.add("child sees " + WHO.get());
        WHO.set("child");
        await(Asyncio.sleep(0));
        return done(WHO.get());
    }

    @Async
    static Coroutine<String> contextMain(List<String> log) {
        WHO.set("creator");
        Task<String> child = Asyncio.createTask(readsAndSets(log));
        log.add("creator sees " + WHO.get());
        return done(await(child));
    }

    /** The eager step runs in the task's own copy of the creator's context, as its later steps do. */
    @Test
    @Timeout(10)
    void theEagerStepRunsInTheTasksOwnContext() {
        assertEquals("child", runEagerly(contextMain(log)));
        assertEquals(List.of("child sees creator", "creator sees creator"), log);
    }

    @Async
    static Coroutine<Integer> nested(List<String> log, int depth) {
        log.add("enter " + depth);
        int below = depth == 0 ? 0 : await(Asyncio.createTask(nested(log, depth - 1)));
        log.add("leave " + depth);
        return done(below + 1);
    }

    /** Eager tasks made by eager tasks nest, each current while it runs, and end innermost first. */
    @Test
    @Timeout(10)
    void eagerTasksNest() {
        assertEquals(4, runEagerly(nested(log, 3)));
        assertEquals(List.of("enter 3", "enter 2", "enter 1", "enter 0", "leave 0", "leave 1", "leave 2", "leave 3"),
                log);
    }

    /** Outside a running loop, the factory makes tasks that start later, as plain ones do. */
    @Test
    @Timeout(10)
    void withoutARunningLoopATaskIsScheduled() {
        SelectorEventLoop loop = new SelectorEventLoop(new VirtualClock());
        try {
            loop.setTaskFactory(Asyncio.eagerTaskFactory());
            Task<Integer> t = loop.createTask(immediate(log, 7));
            assertFalse(t.done());
            assertEquals(List.of(), log);
            assertEquals(7, loop.runUntilComplete(t));
            assertSame(Asyncio.eagerTaskFactory(), loop.getTaskFactory());
        } finally {
            loop.close();
        }
        assertEquals(List.of("immediate runs"), log);
    }
}
