package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Context;
import dev.weft.loop.ContextVar;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Task;
import dev.weft.loop.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ContextVar} and {@link Context} on the event loop, checked against Python 3.12's
 * {@code contextvars} and {@code asyncio} (PEP 567): every task runs in a copy of the context current
 * where it was created, every loop callback in a copy of the context current where it was given, a
 * coroutine awaited directly shares its caller's context, and {@link Asyncio#toThread} carries the
 * caller's context to the executor thread. Python's LookupError is {@link NoSuchElementException},
 * RuntimeError {@link IllegalStateException}, ValueError {@link IllegalArgumentException}.
 *
 * <p>Every coroutine is a woven {@code @Async} method, run through {@link #run} on a loop with a
 * {@link VirtualClock} (sleeps take no real time); {@link #run} also fails if anything reached the loop's
 * exception handler, so an assertion failing inside a callback is not lost. Each test uses variables of
 * its own, so that a value wrongly left in a thread's context by one test cannot make another pass or fail.
 */
class ContextVarsTest {

    // ------------------------------------------------------------------ helpers

    /** Runs {@code main} on a new loop, failing if anything reached the loop's exception handler. */
    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, () -> new SelectorEventLoop(new VirtualClock()));
    }

    /** {@code var}'s value in the current context, or "none" if it has none (ignoring any default). */
    static String valueOf(ContextVar<String> var) {
        return var.get("none");
    }

    /** Sets {@code var} to {@code value} in the current context (a statement for lambdas). */
    static <T> void set(ContextVar<T> var, T value) {
        var.set(value);
    }

    // ------------------------------------------------------------------ 1. isolation

    static final ContextVar<Integer> ID = new ContextVar<>("id");

    /** Sets ID to {@code id}, then reads it back after each of a few sleeps; logs each step. */
    @Async
    static Coroutine<List<Integer>> worker(int id, List<Integer> order) {
        List<Integer> seen = new ArrayList<>();
        ID.set(id);
        for (int i = 0; i < 4; i++) {
            await(Asyncio.sleep(0.001 * (id % 3 + 1))); // delays 1, 2, 3 ms: the workers interleave
            order.add(id);
            seen.add(ID.get());
        }
        return done(seen);
    }

    @Async
    static Coroutine<Void> isolationMain() {
        ID.set(-1);
        List<Integer> order = new ArrayList<>();
        List<Task<List<Integer>>> tasks = new ArrayList<>();
        for (int id = 0; id < 12; id++) {
            tasks.add(Asyncio.createTask(worker(id, order)));
        }
        await(Asyncio.sleep(0.0025)); // the main task too is suspended while the workers run
        assertEquals(-1, ID.get());
        for (int id = 0; id < tasks.size(); id++) {
            assertEquals(List.of(id, id, id, id), await(tasks.get(id)), "worker " + id);
        }
        assertEquals(-1, ID.get(), "the main task's value");
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertNotEquals(sorted, order, "the workers did not interleave: " + order);
        return done();
    }

    /** Concurrent tasks on one thread each keep their own value of one variable across awaits. */
    @Test
    @Timeout(10)
    void eachTaskSeesItsOwnValueAcrossAwaits() {
        run(isolationMain());
    }

    // ------------------------------------------------------------------ 2. inheritance

    static final ContextVar<String> INHERITED = new ContextVar<>("inherited");

    /** Reads INHERITED after letting the creator run on (the creator sets it meanwhile). */
    @Async
    static Coroutine<String> readsLater() {
        await(Asyncio.sleep(0.01));
        return done(valueOf(INHERITED));
    }

    /** Reads INHERITED, sets it to {@code value}, sleeps, reads it again: "first>second". */
    @Async
    static Coroutine<String> readsSetsReads(String value) {
        String first = valueOf(INHERITED);
        INHERITED.set(value);
        await(Asyncio.sleep(0.005));
        return done(first + ">" + valueOf(INHERITED));
    }

    @Async
    static Coroutine<Void> inheritanceMain() {
        Task<String> before = Asyncio.createTask(readsLater());
        INHERITED.set("parent");
        Task<String> child = Asyncio.createTask(readsSetsReads("child"));
        Task<String> sibling = Asyncio.createTask(readsLater());
        assertEquals("parent>child", await(child), "the child inherits the value, then sees its own");
        assertEquals("parent", INHERITED.get(), "the child's set is not seen by its parent");
        assertEquals("parent", await(sibling), "nor by a sibling");
        assertEquals("none", await(before), "a task created before the set does not see it");
        return done();
    }

    /** A task starts with a copy of its creator's context as it was when the task was created. */
    @Test
    @Timeout(10)
    void childTasksInheritACopyOfTheContextAtCreation() {
        run(inheritanceMain());
    }

    // ------------------------------------------------------------------ 3. defaults

    static final ContextVar<String> NO_DEFAULT = new ContextVar<>("noDefault");
    static final ContextVar<String> WITH_DEFAULT = new ContextVar<>("withDefault", "dflt");
    static final ContextVar<String> NULL_DEFAULT = new ContextVar<>("nullDefault", null);

    @Async
    static Coroutine<Void> defaultsMain() {
        assertThrows(NoSuchElementException.class, NO_DEFAULT::get);
        assertEquals("fb", NO_DEFAULT.get("fb"));
        assertEquals("dflt", WITH_DEFAULT.get());
        assertEquals("fb", WITH_DEFAULT.get("fb"), "get(fallback) prefers the fallback to the default");
        assertNull(NULL_DEFAULT.get(), "a null default is a default");
        await(Asyncio.sleep(0));
        NO_DEFAULT.set("v");
        WITH_DEFAULT.set("w");
        assertEquals("v", NO_DEFAULT.get());
        assertEquals("v", NO_DEFAULT.get("fb"));
        assertEquals("w", WITH_DEFAULT.get());
        assertFalse(Context.copyContext().contains(NULL_DEFAULT), "a default is not a value in the context");
        return done();
    }

    /** get() throws without a value or default; get(fallback) and the constructor's default. */
    @Test
    @Timeout(10)
    void defaultsAndFallbacks() {
        run(defaultsMain());
    }

    // ------------------------------------------------------------------ 4. tokens

    static final ContextVar<String> TOKENED = new ContextVar<>("tokened");
    static final ContextVar<String> OTHER = new ContextVar<>("other");

    /** Resets TOKENED with {@code token} in this task's own context: what that throws, or null. */
    @Async
    static Coroutine<Throwable> resetsElsewhere(ContextVar.Token<String> token) {
        await(Asyncio.sleep(0));
        try {
            TOKENED.reset(token);
        } catch (RuntimeException e) {
            return done(e);
        }
        return done(null);
    }

    @Async
    static Coroutine<Void> tokensMain() {
        ContextVar.Token<String> first = TOKENED.set("a");
        assertSame(ContextVar.MISSING, first.oldValue());
        assertSame(TOKENED, first.var());
        ContextVar.Token<String> second = TOKENED.set("b");
        assertEquals("a", second.oldValue());

        assertThrows(IllegalArgumentException.class, () -> OTHER.reset(second), "a token of another variable");
        assertEquals("b", TOKENED.get(), "a failed reset changes nothing");
        Throwable elsewhere = await(Asyncio.createTask(resetsElsewhere(second)));
        assertTrue(elsewhere instanceof IllegalArgumentException, "reset in another task's context: " + elsewhere);
        assertEquals("b", TOKENED.get());

        TOKENED.reset(second); // still usable here after failing elsewhere
        assertEquals("a", TOKENED.get(), "reset restores the old value");
        assertThrows(IllegalStateException.class, () -> TOKENED.reset(second), "a token used twice");
        assertThrows(IllegalStateException.class, () -> OTHER.reset(second), "'used' is checked first");

        TOKENED.reset(first);
        assertThrows(NoSuchElementException.class, TOKENED::get, "reset to MISSING removes the value");
        assertFalse(Context.copyContext().contains(TOKENED));
        assertThrows(IllegalStateException.class, () -> TOKENED.reset(first));
        return done();
    }

    /** Token/reset: old value or MISSING back, once only, for its own variable and context only. */
    @Test
    @Timeout(10)
    void tokensResetOnceInTheirOwnVariableAndContext() {
        run(tokensMain());
    }

    // ------------------------------------------------------------------ 5. callbacks

    static final ContextVar<String> CB = new ContextVar<>("cb");

    /** A callback that records under {@code key} the CB it sees, then sets CB itself. */
    static Runnable recorder(Map<String, String> seen, String key) {
        return () -> {
            seen.put(key, valueOf(CB));
            CB.set("set-in-" + key);
        };
    }

    @Async
    static Coroutine<Void> callbacksMain() throws InterruptedException {
        EventLoop loop = Asyncio.getRunningLoop();
        Map<String, String> seen = new ConcurrentHashMap<>();
        Future<String> pending = loop.createFuture();
        Future<String> finished = loop.createFuture();
        finished.setResult("already");

        CB.set("at-callSoon");
        loop.callSoon(recorder(seen, "callSoon"));
        CB.set("at-callSoonThreadsafe");
        loop.callSoonThreadsafe(recorder(seen, "callSoonThreadsafe"));
        CB.set("at-callLater");
        loop.callLater(0.01, recorder(seen, "callLater"));
        CB.set("at-callAt");
        loop.callAt(loop.time() + 0.02, recorder(seen, "callAt"));
        CB.set("at-addDoneCallback");
        pending.addDoneCallback(f -> recorder(seen, "addDoneCallback").run());
        CB.set("at-addDoneCallback-done");
        finished.addDoneCallback(f -> recorder(seen, "addDoneCallback-done").run());
        Thread foreign = new Thread(() -> {
            CB.set("foreign-thread");
            loop.callSoonThreadsafe(recorder(seen, "foreign"));
        });
        foreign.start();
        foreign.join();
        CB.set("task-later");

        await(Asyncio.sleep(0));
        pending.setResult("now"); // the done callback sees the value at addDoneCallback, not this one
        await(Asyncio.sleep(0.05));
        assertEquals(Map.of(
                "callSoon", "at-callSoon",
                "callSoonThreadsafe", "at-callSoonThreadsafe",
                "callLater", "at-callLater",
                "callAt", "at-callAt",
                "addDoneCallback", "at-addDoneCallback",
                "addDoneCallback-done", "at-addDoneCallback-done",
                "foreign", "foreign-thread"), seen);
        assertEquals("task-later", CB.get(), "a set in a callback is not seen by the task");
        return done();
    }

    /** Loop callbacks run in a copy of the context current where they were given. */
    @Test
    @Timeout(10)
    void callbacksRunInACopyOfTheContextTheyWereGivenIn() throws InterruptedException {
        run(callbacksMain());
    }

    static final ContextVar<String> REMOVED = new ContextVar<>("removed");

    @Async
    static Coroutine<Void> removeDoneCallbackMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        REMOVED.set("bound"); // so the callbacks are wrapped with the context
        AtomicBoolean called = new AtomicBoolean();
        Consumer<Future<String>> callback = f -> called.set(true);

        Future<String> alone = loop.createFuture();
        alone.addDoneCallback(callback);
        assertEquals(1, alone.removeDoneCallback(callback), "the only callback");

        Future<String> several = loop.createFuture();
        List<String> others = new ArrayList<>();
        several.addDoneCallback(callback);
        several.addDoneCallback(f -> others.add(valueOf(REMOVED)));
        several.addDoneCallback(callback);
        assertEquals(2, several.removeDoneCallback(callback), "every registration of it, in a list");
        assertEquals(0, several.removeDoneCallback(callback));

        alone.setResult("x");
        several.setResult("y");
        await(Asyncio.sleep(0.01));
        assertFalse(called.get(), "a removed callback was called");
        assertEquals(List.of("bound"), others);
        return done();
    }

    /** removeDoneCallback finds a callback by what was given, though it was wrapped with a context. */
    @Test
    @Timeout(10)
    void removeDoneCallbackRemovesCallbacksAddedWithAContext() {
        run(removeDoneCallbackMain());
    }

    static final ContextVar<String> EMPTY_CB = new ContextVar<>("emptyCb");

    /** Sets EMPTY_CB and completes {@code f}: the completer of a future whose callback was given elsewhere. */
    @Async
    static Coroutine<Void> completes(Future<String> f) {
        EMPTY_CB.set("completer");
        f.setResult("done");
        return done();
    }

    @Async
    static Coroutine<Void> emptyContextCallbacksMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Map<String, String> seen = new ConcurrentHashMap<>();
        Future<String> f = loop.createFuture();
        // given while nothing is set: in Python each still runs in a (fresh, empty) copy of its own
        new Context().run(() -> {
            loop.callSoon(() -> EMPTY_CB.set("set-by-first-callback"));
            loop.callSoon(() -> seen.put("second callback", valueOf(EMPTY_CB)));
            f.addDoneCallback(x -> seen.put("done callback", valueOf(EMPTY_CB)));
        });
        await(Asyncio.sleep(0.01));
        await(Asyncio.createTask(completes(f)));
        await(Asyncio.sleep(0.01));
        assertEquals(Map.of("second callback", "none", "done callback", "none"), seen);
        assertEquals("none", valueOf(EMPTY_CB), "the main task");
        return done();
    }

    /** Callbacks given in an empty context also run in a copy of it: nothing leaks from or into them. */
    @Test
    @Timeout(10)
    void callbacksGivenInAnEmptyContextRunInACopyOfIt() {
        run(emptyContextCallbacksMain());
        assertEquals("none", valueOf(EMPTY_CB), "the test thread's own context after the loop");
    }

    // ------------------------------------------------------------------ 6. Context.run

    static final ContextVar<String> RUN = new ContextVar<>("run");

    @Async
    static Coroutine<Void> contextRunMain() {
        Context ctx = Context.copyContext();
        RUN.set("caller");
        String inside = ctx.run(() -> {
            String before = valueOf(RUN);
            RUN.set("inside");
            return before + ">" + RUN.get();
        });
        assertEquals("none>inside", inside, "run sees the context's values, not the caller's");
        assertEquals("caller", RUN.get(), "a set in run does not reach the caller");
        assertEquals("inside", ctx.get(RUN), "it lands in the context run");
        await(Asyncio.sleep(0));
        assertEquals("inside", ctx.run(() -> RUN.get()), "and stays there");

        // entered twice, nested: RuntimeError in Python; the context may be entered again afterwards
        assertThrows(IllegalStateException.class, () -> ctx.run(() -> ctx.run(() -> { })));
        Boom boom = new Boom();
        assertSame(boom, assertThrows(Boom.class, () -> ctx.run(() -> {
            throw boom;
        })), "an exception leaves run as it is");
        Context other = new Context();
        assertEquals("other", ctx.run(() -> other.run(() -> {
            RUN.set("other");
            return RUN.get();
        })), "another context may be entered inside");
        assertEquals("inside", ctx.get(RUN));
        assertEquals("other", other.get(RUN));

        // copyContext takes a snapshot: it and the current context change apart
        RUN.set("a");
        Context snapshot = Context.copyContext();
        Map<ContextVar<?>, Object> values = snapshot.values();
        RUN.set("b");
        assertEquals("a", snapshot.get(RUN));
        snapshot.run(() -> set(RUN, "c"));
        assertEquals("b", RUN.get());
        assertEquals("c", snapshot.get(RUN));
        assertEquals("a", values.get(RUN), "values() is a snapshot");
        Context copy = snapshot.copy();
        copy.run(() -> set(RUN, "d"));
        assertEquals("c", snapshot.get(RUN));
        assertEquals("d", copy.get(RUN));
        assertTrue(copy.contains(RUN));
        assertEquals(values.size(), copy.size());
        return done();
    }

    /** Context.run: sets land in that context; no nested entry of one context; copies are independent. */
    @Test
    @Timeout(10)
    void contextRunSetsInThatContextOnly() {
        run(contextRunMain());
        Context ctx = new Context();
        ctx.run(() -> set(RUN, "off-loop"));
        assertEquals("none", valueOf(RUN), "off the loop too, run leaves the thread's context alone");
        assertEquals("off-loop", ctx.get(RUN));
    }

    static final ContextVar<String> RUN_TASK = new ContextVar<>("runTask");

    @Async
    static Coroutine<Void> taskContextEnteredMain() {
        RUN_TASK.set("task");
        Context own = Asyncio.currentTask().getContext();
        assertThrows(IllegalStateException.class, () -> own.run(() -> set(RUN_TASK, "re-entered")));
        assertEquals("task", RUN_TASK.get());
        return done();
    }

    /** A running task's context is entered (Python runs each step in context.run): entering it again fails. */
    @Test
    @Timeout(10)
    void aRunningTasksContextCannotBeEnteredAgain() {
        run(taskContextEnteredMain());
    }

    // ------------------------------------------------------------------ 7. explicit context

    static final ContextVar<String> EXPLICIT = new ContextVar<>("explicit");

    /** Reads EXPLICIT, sets it to "written", returns what it read. */
    @Async
    static Coroutine<String> readsThenWrites() {
        await(Asyncio.sleep(0));
        String seen = valueOf(EXPLICIT);
        EXPLICIT.set("written");
        return done(seen);
    }

    @Async
    static Coroutine<Void> explicitContextMain(Context given) {
        EventLoop loop = Asyncio.getRunningLoop();
        EXPLICIT.set("creator");
        Task<String> task = new Task<>(loop, readsThenWrites(), "explicit", given);
        assertSame(given, task.getContext());
        assertEquals("given", await(task), "the task sees the context it was given, not its creator's");
        assertEquals("written", given.get(EXPLICIT), "and writes to that very object");
        assertEquals("creator", EXPLICIT.get());

        Context empty = new Context();
        assertEquals("none", await(new Task<>(loop, readsThenWrites(), null, empty)));
        assertEquals("written", empty.get(EXPLICIT));
        assertEquals("creator", EXPLICIT.get());

        // without one, a task's context is a copy of its creator's, which it then changes alone
        Task<String> plain = new Task<>(loop, readsThenWrites(), null, null);
        Context copied = plain.getContext();
        assertNotSame(Asyncio.currentTask().getContext(), copied);
        assertEquals("creator", copied.get(EXPLICIT));
        assertEquals("creator", await(plain));
        assertEquals("written", copied.get(EXPLICIT));
        assertSame(copied, plain.getContext());

        EXPLICIT.set("mine");
        assertEquals("mine", Asyncio.currentTask().getContext().get(EXPLICIT), "getContext() of the running task");
        return done();
    }

    /** new Task(loop, coro, name, context): the task runs in that Context object; Task.getContext(). */
    @Test
    @Timeout(10)
    void aTaskRunsInTheContextItIsGiven() {
        Context given = new Context();
        given.run(() -> set(EXPLICIT, "given"));
        run(explicitContextMain(given));
        assertEquals("written", given.get(EXPLICIT));
    }

    // ------------------------------------------------------------------ 8. toThread

    static final ContextVar<String> THREADED = new ContextVar<>("threaded");

    /** What toThread's callable throws. */
    static final class Boom extends RuntimeException {
        Boom() {
            super("boom");
        }
    }

    @Async
    static Coroutine<Void> toThreadMain() {
        Thread loopThread = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<String> seen = new AtomicReference<>();
        THREADED.set("caller");
        String result = await(Asyncio.toThread(() -> {
            ranOn.set(Thread.currentThread());
            seen.set(valueOf(THREADED));
            THREADED.set("in-thread");
            return "result";
        }));
        assertEquals("result", result);
        assertNotSame(loopThread, ranOn.get(), "ran on the loop thread");
        assertEquals("caller", seen.get(), "the thread sees the caller's value");
        assertEquals("caller", THREADED.get(), "a set in the thread does not come back");

        THREADED.set("caller-2");
        assertEquals("caller-2", await(Asyncio.toThread(() -> valueOf(THREADED))),
                "each call gets the caller's current values, nothing left from an earlier call");

        Boom boom = new Boom();
        Throwable thrown = await(failureOf(Asyncio.toThread(() -> {
            throw boom;
        })));
        assertSame(boom, thrown, "the callable's exception, as it is");
        return done();
    }

    /** toThread runs the call on another thread, in a copy of the caller's context; result and exception. */
    @Test
    @Timeout(10)
    void toThreadCarriesTheContextToTheThread() {
        run(toThreadMain());
    }

    // ------------------------------------------------------------------ 9. direct await

    static final ContextVar<String> SHARED = new ContextVar<>("shared");

    /** Sets SHARED to {@code value} across an await, returning its token. */
    @Async
    static Coroutine<ContextVar.Token<String>> setsInline(String value) {
        await(Asyncio.sleep(0));
        ContextVar.Token<String> token = SHARED.set(value);
        await(Asyncio.sleep(0));
        assertEquals(value, SHARED.get());
        return done(token);
    }

    @Async
    static Coroutine<Void> directAwaitMain() {
        SHARED.set("before");
        ContextVar.Token<String> token = await(setsInline("inline"));
        assertEquals("inline", SHARED.get(), "an awaited coroutine's set is the caller's");
        SHARED.reset(token); // same context: its token works here
        assertEquals("before", SHARED.get());
        return done();
    }

    /** A coroutine awaited directly, not as a task, runs in its caller's context. */
    @Test
    @Timeout(10)
    void aDirectlyAwaitedCoroutineSharesTheCallersContext() {
        run(directAwaitMain());
    }

    // ------------------------------------------------------------------ 10. gather

    static final ContextVar<String> GATHERED = new ContextVar<>("gathered");

    /** Reads GATHERED, sets it to {@code value}, sleeps, reads it again: "first>second". */
    @Async
    static Coroutine<String> gatheredSetter(String value, double delay) {
        String first = valueOf(GATHERED);
        GATHERED.set(value);
        await(Asyncio.sleep(delay));
        return done(first + ">" + valueOf(GATHERED));
    }

    @Async
    static Coroutine<Void> gatherMain() {
        GATHERED.set("caller");
        List<String> results = await(Asyncio.gather(
                gatheredSetter("a", 0.02), gatheredSetter("b", 0.01), gatheredSetter("c", 0)));
        assertEquals(List.of("caller>a", "caller>b", "caller>c"), results);
        assertEquals("caller", GATHERED.get(), "a set in a gathered coroutine is not the caller's");
        return done();
    }

    /** gather wraps each coroutine in a task of its own, with a copy of the caller's context. */
    @Test
    @Timeout(10)
    void gatheredCoroutinesRunInCopies() {
        run(gatherMain());
    }
}
