package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskGroupTest extends LoopFixture {

    @Test
    void waitsForAllChildren() {
        List<Task<Integer>> children = new ArrayList<>();
        Object r = run(TaskGroup.run(tg -> {
            children.add(tg.createTask(Asyncio.sleep(1, 1)));
            children.add(tg.createTask(Asyncio.sleep(3, 3), "three"));
            return Coroutines.done("body");
        }));
        assertEquals("body", r);
        assertEquals(3.0, loop.time());
        assertEquals(1, children.get(0).result());
        assertEquals(3, children.get(1).result());
        assertEquals("three", children.get(1).getName());
    }

    @Test
    void firstFailureCancelsTheRestAndTheBody() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Task<?>> children = new ArrayList<>();
        List<String> bodyCancelled = new ArrayList<>();
        ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> run(TaskGroup.run(tg -> {
            children.add(tg.createTask(Script.of(v -> Asyncio.sleep(1), v -> {
                throw boom;
            })));
            children.add(tg.createTask(Asyncio.sleep(10)));
            return Script.of(v -> Asyncio.sleep(20)).onError(e -> {
                bodyCancelled.add(e.getClass().getSimpleName());
                throw (CancelledError) e;
            });
        })));
        assertEquals(List.of(boom), group.exceptions());
        assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", group.getMessage());
        assertTrue(children.get(1).cancelled());
        assertEquals(List.of("CancelledError"), bodyCancelled);
        assertEquals(1.0, loop.time());
    }

    @Test
    void allFailuresAreReportedTogether() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b");
        ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> run(TaskGroup.run(tg -> {
            tg.createTask(Script.of(v -> {
                throw a;
            }));
            tg.createTask(Script.of(v -> {
                throw b;
            }));
            return Coroutines.done();
        })));
        assertEquals(List.of(a, b), group.exceptions());
        assertEquals(2, group.getSuppressed().length);
    }

    @Test
    void failingBodyCancelsChildrenAndJoinsTheGroup() {
        IllegalStateException body = new IllegalStateException("body");
        AtomicReference<Task<Void>> child = new AtomicReference<>();
        ExceptionGroup group = assertThrows(ExceptionGroup.class, () -> run(TaskGroup.run(tg -> {
            child.set(tg.createTask(Asyncio.sleep(10)));
            return Script.of(v -> Asyncio.sleep(1), v -> {
                throw body;
            });
        })));
        assertEquals(List.of(body), group.exceptions());
        assertTrue(child.get().cancelled());
    }

    @Test
    void outsideCancellationCancelsChildrenAndPropagates() {
        AtomicReference<Task<Void>> child = new AtomicReference<>();
        Task<Object> parent = loop.createTask(TaskGroup.run(tg -> {
            child.set(tg.createTask(Asyncio.sleep(10)));
            return Coroutines.done();
        }));
        loop.callLater(1, parent::cancel);
        assertThrows(CancelledError.class, () -> run(parent));
        assertTrue(child.get().cancelled());
    }

    @Test
    void parentSurvivesAfterTheGroupFailure() {
        List<String> after = new ArrayList<>();
        Object r = run(Script.of(v -> TaskGroup.run(tg -> {
            tg.createTask(Script.of(x -> {
                throw new IllegalStateException("x");
            }));
            return Asyncio.sleep(5);
        })).onError(e -> {
            assertInstanceOf(ExceptionGroup.class, e);
            after.add("caught");
            return Asyncio.sleep(1);
        }).then(v -> {
            after.add("continued at " + loop.time());
            return Script.ret(Asyncio.currentTask().cancelling());
        }));
        assertEquals(0, r);
        assertEquals(List.of("caught", "continued at 1.0"), after);
    }

    @Test
    void createTaskOutsideTheScopeIsRefused() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        run(TaskGroup.run(tg -> {
            group.set(tg);
            return Coroutines.done();
        }));
        Script<Object> coro = Script.of(v -> Script.ret(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> group.get().createTask(coro));
        assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());
        assertEquals(dev.weft.CoroutineState.CLOSED, coro.state());
    }

    @Test
    void scopeNeedsATask() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        loop.callSoon(() -> error.set(assertThrows(IllegalStateException.class,
                () -> TaskGroup.run(tg -> Coroutines.done()).send(null))));
        runBriefly();
        assertTrue(error.get().getMessage().endsWith("cannot determine the parent task"));
        assertFalse(loop.isClosed());
    }
}
