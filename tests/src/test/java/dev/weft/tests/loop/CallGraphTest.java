package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Async
    static Coroutine<Void> outermost(Event go) {
        await(middle(go));
        return done();
    }

    private static List<String> methods(Task<?> task, int limit) {
        return methods(Asyncio.captureCallGraph(task, 1, limit));
    }

    @Async
    static Coroutine<Void> limitsMain() {
        Event go = new Event();
        Task<Void> worker = Asyncio.createTask(outermost(go), "worker");
        Task<Void> waiter = Asyncio.createTask(awaitIt(worker), "waiter");
        await(Asyncio.sleep(0));
        List<String> all = methods(worker, Integer.MAX_VALUE);
        assertEquals(List.of("untilSet", "innermost", "middle", "outermost"), all, "Event's own frame first");
        assertEquals(all, methods(Asyncio.captureCallGraph(worker)));
        // asyncio's limit: a positive one keeps the outermost frames, a negative one the innermost
        assertEquals(List.of("outermost"), methods(worker, 1));
        assertEquals(List.of("middle", "outermost"), methods(worker, 2));
        assertEquals(all, methods(worker, 4));
        assertEquals(all, methods(worker, 5));
        assertEquals(List.of("untilSet"), methods(worker, -1));
        assertEquals(List.of("untilSet", "innermost"), methods(worker, -2));
        assertEquals(all, methods(worker, Integer.MIN_VALUE));
        // 0: only who waits for whom, every call stack of the graph cut alike
        FutureCallGraph none = Asyncio.captureCallGraph(worker, 1, 0);
        assertEquals(List.of(), none.callStack());
        assertSame(waiter, none.awaitedBy().get(0).future());
        assertEquals(List.of(), none.awaitedBy().get(0).callStack());
        assertEquals(List.of("awaitIt"), methods(Asyncio.captureCallGraph(worker, 1, -1).awaitedBy().get(0)));
        String text = Asyncio.formatCallGraph(worker, 1, 0);
        assertTrue(!text.contains("Call stack") && text.contains("Awaited by"), text);
        go.set();
        await(waiter);
        return done();
    }

    /** asyncio's limit on a suspended chain and on what waits for it. */
    @Test
    @Timeout(10)
    void aLimitCutsEveryCallStackOfTheGraph() {
        run(limitsMain());
    }

    @Async
    static Coroutine<List<List<String>>> viewsOfItself() {
        List<List<String>> views = new ArrayList<>();
        views.add(methods(Asyncio.captureCallGraph()));
        views.add(methods(Asyncio.captureCallGraph(null, 2, Integer.MAX_VALUE)));
        views.add(methods(Asyncio.captureCallGraph(Asyncio.currentTask(), 1, -1)));
        views.add(methods(Asyncio.captureCallGraph(null, 0, 1)));
        assertTrue(!Asyncio.formatCallGraph(null, 2, Integer.MAX_VALUE).contains("viewsOfItself"));
        return done(views);
    }

    @Async
    static Coroutine<List<List<String>>> viewer() {
        await(Asyncio.sleep(0)); // resumed by the loop: the chain is what the thread's stack holds
        return done(await(viewsOfItself()));
    }

    /** asyncio's depth and limit on the running task, whose stack is the thread's. */
    @Test
    @Timeout(10)
    void theRunningTasksStackTakesDepthAndLimit() {
        List<List<String>> views = run(viewer());
        List<String> all = views.get(0);
        assertEquals(List.of("viewsOfItself", "viewer"), all.subList(0, 2), "innermost first: " + all);
        assertEquals(all.subList(1, all.size()), views.get(1), "depth 2 leaves out the asking frame");
        assertEquals(List.of("viewsOfItself"), views.get(2), "-1: the innermost");
        assertEquals(List.of(all.get(all.size() - 1)), views.get(3), "1: the outermost; depth 0 as 1");
    }

    /** A future needs no running loop; the running task does; depth cannot be negative. */
    @Test
    void outsideALoop() {
        Future<String> future = Asyncio.newEventLoop().createFuture();
        FutureCallGraph g = Asyncio.captureCallGraph(future, 1, 3);
        assertSame(future, g.future());
        assertEquals(List.of(), g.callStack());
        assertTrue(Asyncio.formatCallGraph(future).startsWith("* Future(id=0x"));
        assertThrows(IllegalStateException.class, () -> Asyncio.captureCallGraph(null, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> run(negativeDepth()));
    }

    @Async
    static Coroutine<FutureCallGraph> negativeDepth() {
        return done(Asyncio.captureCallGraph(null, -1, 3));
    }
}
