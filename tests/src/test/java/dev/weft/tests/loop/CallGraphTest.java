package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Event;
import dev.weft.loop.Future;
import dev.weft.loop.FutureCallGraph;
import dev.weft.loop.Task;
import dev.weft.loop.TaskGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python 3.14's call graphs: where a task's coroutine chain stands and who waits for it (a task
 * awaiting it, gather's future, a task group's parent), captured from suspended frames and, for the
 * running task, from the thread's own stack.
 */
class CallGraphTest {

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    private static List<String> methods(FutureCallGraph g) {
        return g.callStack().stream().map(StackTraceElement::getMethodName).collect(Collectors.toList());
    }

    @Async
    static Coroutine<Void> innermost(Event go) {
        await(go.untilSet());
        return done();
    }

    @Async
    static Coroutine<Void> middle(Event go) {
        await(innermost(go));
        return done();
    }

    @Async
    static Coroutine<Void> awaitIt(Task<Void> worker) {
        await(worker);
        return done();
    }

    @Async
    static Coroutine<String> taskAwaitingTaskMain() {
        Event go = new Event();
        Task<Void> worker = Asyncio.createTask(middle(go), "worker");
        Task<Void> waiter = Asyncio.createTask(awaitIt(worker), "waiter");
        await(Asyncio.sleep(0));
        FutureCallGraph g = Asyncio.captureCallGraph(worker);
        assertSame(worker, g.future());
        List<String> chain = methods(g);
        int at = chain.indexOf("innermost");
        assertTrue(at >= 0 && chain.get(at + 1).equals("middle"), "innermost first: " + chain);
        assertEquals(1, g.awaitedBy().size());
        FutureCallGraph by = g.awaitedBy().get(0);
        assertSame(waiter, by.future());
        assertEquals(List.of("awaitIt"), methods(by));
        assertTrue(by.callStack().get(0).getLineNumber() > 0);
        assertEquals(List.of(), by.awaitedBy());
        String text = Asyncio.formatCallGraph(worker);
        go.set();
        await(waiter);
        assertEquals(List.of(), Asyncio.captureCallGraph(worker).callStack(), "a finished task has no stack");
        return done(text);
    }

    /** A task awaiting another: its chain innermost first, its awaiter's graph under it; and as text. */
    @Test
    @Timeout(10)
    void aTaskAwaitedByAnotherShowsBothChains() {
        String text = run(taskAwaitingTaskMain());
        String[] lines = text.split("\n");
        assertTrue(lines[0].startsWith("* Task(name=worker, id=0x"), text);
        assertEquals("  + Call stack:", lines[1], text);
        assertTrue(text.contains("  |   at dev.weft.tests.loop.CallGraphTest.innermost(CallGraphTest.java:"), text);
        assertTrue(text.contains("\n  + Awaited by:\n    * Task(name=waiter, id=0x"), text);
        assertTrue(text.contains("\n      |   at dev.weft.tests.loop.CallGraphTest.awaitIt(CallGraphTest.java:"), text);
    }

    @Async
    static Coroutine<Void> parked(Event go) {
        await(go.untilSet());
        return done();
    }

    @Async
    static Coroutine<Void> gatherAndGroupMain() {
        Event go = new Event();
        Task<Void> a = Asyncio.createTask(parked(go), "a");
        Task<Void> b = Asyncio.createTask(parked(go), "b");
        Task<?> main = Asyncio.currentTask();
        Task<Void> checker = Asyncio.createTask(checkGather(a, main, go), "checker");
        await(Asyncio.gather(List.of(a, b)));
        await(checker);

        List<Task<Void>> children = new ArrayList<>();
        Event again = new Event();
        await(TaskGroup.run(group -> {
            children.add(group.createTask(parked(again), "child"));
            Asyncio.createTask(checkGroup(children, main, again), "group-checker");
            return Asyncio.sleep(0);
        }));
        return done();
    }

    @Async
    static Coroutine<Void> checkGather(Task<Void> a, Task<?> main, Event go) {
        await(Asyncio.sleep(0));
        FutureCallGraph g = Asyncio.captureCallGraph(a);
        assertEquals(1, g.awaitedBy().size());
        FutureCallGraph gathering = g.awaitedBy().get(0);
        assertTrue(!(gathering.future() instanceof Task), "gather's future waits for each child");
        assertEquals(List.of(), gathering.callStack());
        assertEquals(1, gathering.awaitedBy().size());
        assertSame(main, gathering.awaitedBy().get(0).future(), "and the main task awaits it");
        assertTrue(methods(gathering.awaitedBy().get(0)).contains("gatherAndGroupMain"));
        assertTrue(Asyncio.formatCallGraph(a).contains("\n    * Future(id=0x"), Asyncio.formatCallGraph(a));
        go.set();
        return done();
    }

    @Async
    static Coroutine<Void> checkGroup(List<Task<Void>> children, Task<?> main, Event again) {
        await(Asyncio.sleep(0));
        FutureCallGraph g = Asyncio.captureCallGraph(children.get(0));
        assertEquals(1, g.awaitedBy().size());
        assertSame(main, g.awaitedBy().get(0).future(), "a task group's parent waits for its tasks");
        again.set();
        return done();
    }

    /** gather's future between its children and the task awaiting it; a task group's parent over its tasks. */
    @Test
    @Timeout(10)
    void gatherAndTaskGroupsLinkChildrenToWhatWaits() {
        run(gatherAndGroupMain());
    }

    @Async
    static Coroutine<Integer> selfAware() {
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        FutureCallGraph g = Asyncio.captureCallGraph();
        assertNotNull(g);
        assertSame(Asyncio.currentTask(), g.future());
        StackTraceElement top = g.callStack().get(0);
        assertEquals("selfAware", top.getMethodName());
        assertEquals(line, top.getLineNumber(), "the running task's frame at its current line");
        assertEquals("deeper", g.callStack().get(1).getMethodName(), "then the method that awaits it");
        return done(line);
    }

    @Async
    static Coroutine<Integer> deeper() {
        await(Asyncio.sleep(0)); // suspended once: the chain is resumed by the loop, not called inline
        int line = await(selfAware());
        FutureCallGraph g = Asyncio.captureCallGraph(Asyncio.currentTask());
        assertEquals("deeper", g.callStack().get(0).getMethodName());
        return done(line);
    }

    /** The running task's graph, from the thread's stack: its woven methods, innermost first, at their lines. */
    @Test
    @Timeout(10)
    void theRunningTaskSeesItsOwnChainAtItsCurrentLines() {
        assertTrue(run(deeper()) > 0);
        assertNull(Asyncio.run(callbackView(), Asyncio::newEventLoop));
    }

    @Async
    static Coroutine<FutureCallGraph> callbackView() {
        Future<FutureCallGraph> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> seen.setResult(Asyncio.captureCallGraph()));
        return done(await(seen));
    }
}
