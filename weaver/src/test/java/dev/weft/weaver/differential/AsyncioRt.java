package dev.weft.weaver.differential;

import dev.weft.AsyncGenerator;
import dev.weft.loop.Asyncio;
import dev.weft.loop.WaitResult;
import java.util.List;

/**
 * The helpers the Java side of an {@link AsyncioDifferentialTest} or {@link AsyncgenDifferentialTest}
 * program calls, each the twin of a Python function of the same name in {@link #PRELUDE}: the generated
 * bodies use the same expression text in both languages, so every helper here must compute exactly what
 * its Python twin computes.
 *
 * <p>A record is {@code tag=value@ms}: the value as {@link #fmt} writes it, and the loop's time when it
 * was made, in whole milliseconds (virtual time: both sides compute it from the same doubles).
 */
public final class AsyncioRt {
    private AsyncioRt() {}

    /**
     * A type-tagged text of a value: {@code N} None, {@code T}/{@code F} a boolean, {@code i5} an int,
     * {@code sab} a string, {@code [..]} a list, {@code !text} an exception (see {@link AsyncioExceptionMap}).
     */
    public static String fmt(Object v) {
        if (v == null) {
            return "N";
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "T" : "F";
        }
        if (v instanceof Integer) {
            return "i" + v;
        }
        if (v instanceof String) {
            return "s" + v;
        }
        if (v instanceof List<?>) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : (List<?>) v) {
                sb.append(sb.length() > 1 ? "," : "").append(fmt(item));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Throwable) {
            return "!" + exc((Throwable) v);
        }
        return "?" + v.getClass().getSimpleName();
    }

    /** One record: {@code tag=value@ms}, at the running loop's time. */
    public static String record(String tag, Object v) {
        return tag + "=" + fmt(v) + "@" + ms(Asyncio.getRunningLoop().time());
    }

    /** Loop time in whole milliseconds, rounded half up: the same arithmetic as Python's twin. */
    static String ms(double seconds) {
        return Long.toString((long) Math.floor(seconds * 1000 + 0.5));
    }

    /** Python's {@code x % m} for a positive {@code m}. */
    public static int md(int x, int m) {
        return Math.floorMod(x, m);
    }

    /** What {@code Asyncio.wait} returned, as one int: 10 per future done, 1 per pending one. */
    public static Object wsize(Object waitResult) {
        WaitResult<?> w = (WaitResult<?>) waitResult;
        return w.done().size() * 10 + w.pending().size();
    }

    /**
     * An async generator's state by name: {@code CREATED}, {@code RUNNING} (its body runs, or an
     * {@code asend}/{@code athrow}/{@code aclose} of it is under way, awaiting), {@code SUSPENDED} (at a
     * yield), {@code CLOSED}: Python 3.12's {@code inspect.getasyncgenstate}.
     */
    public static String agstate(AsyncGenerator<?, ?> g) {
        return g.state().name();
    }

    /** The canonical text of an exception (see {@link AsyncioExceptionMap}). */
    public static String exc(Throwable e) {
        return AsyncioExceptionMap.canonical(e);
    }

    /**
     * The Python twins of the helpers above, the test exception, and two stand-ins the programs use in
     * place of asyncio's own (see {@link AsyncioDifferentialTest} for why):
     * <ul>
     * <li>{@code wait_for}: Python 3.12's {@code asyncio.wait_for}, which awaits the awaitable inline in an
     *     {@code asyncio.timeout} scope (with a timeout of 0: cancels it and waits for it); 3.11's runs it
     *     in a task of its own, with a waiter future between. weft's {@code Asyncio.waitFor} documents
     *     following 3.12.
     * <li>{@code TaskGroup}: asyncio's, keeping its children in creation order where CPython keeps a
     *     {@code set} (whose order, which decides the order an abort cancels them in, is an accident of
     *     memory addresses), and with CPython 3.13's {@code __aexit__}, which weft's {@code TaskGroup}
     *     follows: the parent task is uncancelled after the children are waited for, not before (gh-116720),
     *     and cancelled again if it is also cancelled from outside. 3.11's version leaves the parent's
     *     cancellation count raised when a child fails while {@code __aexit__} waits (the body has ended).
     * <li>{@code Task313}, the class of every task (made by the runner's task factory): asyncio's
     *     {@code Task} in its Python implementation ({@code _PyTask}, which CPython keeps equivalent to the
     *     C one) with Python 3.13's {@code uncancel()}, which also drops a cancellation not yet delivered
     *     when the count reaches 0, as weft's {@code Task.uncancel()} documents. 3.11's keeps it, so a task
     *     whose group re-cancelled it (3.13's {@code TaskGroup}, above) and whose timeout scope then
     *     withdraws that request is still cancelled at its next step.
     * <li>{@code as_completed}: 3.11's, with its futures in argument order where CPython takes them from a
     *     {@code set}: that order decides which task starts first, and which of the futures done already
     *     comes out first.
     * </ul>
     */
    static final String PRELUDE = """
            import asyncio, inspect, math

            class TestError(Exception):
                pass

            def fmt(v):
                if v is None:
                    return "N"
                if type(v) is bool:
                    return "T" if v else "F"
                if type(v) is int:
                    return "i" + str(v)
                if type(v) is str:
                    return "s" + v
                if type(v) is list:
                    return "[" + ",".join(fmt(x) for x in v) + "]"
                if isinstance(v, BaseException):
                    return "!" + exc(v)
                return "?" + type(v).__name__

            def ms(t):
                return str(math.floor(t * 1000 + 0.5))

            def record(tag, v):
                return tag + "=" + fmt(v) + "@" + ms(asyncio.get_running_loop().time())

            def md(x, m):
                return x % m

            def agstate(g):
                # inspect.getasyncgenstate (3.12) without its AGEN_ prefix; in 3.11, from what it exposes:
                # ag_running is true while an asend/athrow/aclose is under way, ag_frame goes at the end,
                # and a frame that has not started stands at instruction 0
                if hasattr(inspect, "getasyncgenstate"):
                    return inspect.getasyncgenstate(g)[len("AGEN_"):]
                if g.ag_running:
                    return "RUNNING"
                if g.ag_frame is None:
                    return "CLOSED"
                return "CREATED" if g.ag_frame.f_lasti == 0 else "SUSPENDED"

            def wsize(w):
                done, pending = w
                return len(done) * 10 + len(pending)

            async def wait_for(aw, timeout):
                # Python 3.12's asyncio.wait_for (see AsyncioRt)
                if timeout <= 0:
                    fut = asyncio.ensure_future(aw)
                    if fut.done():
                        return fut.result()
                    await asyncio.tasks._cancel_and_wait(fut, loop=asyncio.get_running_loop())
                    try:
                        return fut.result()
                    except asyncio.CancelledError as exc:
                        raise TimeoutError from exc
                async with asyncio.timeout(timeout):
                    return await aw

            class Task313(asyncio.tasks._PyTask):
                # asyncio.Task (its Python implementation) with 3.13's uncancel() (see AsyncioRt)
                def uncancel(self):
                    if self._num_cancels_requested > 0:
                        self._num_cancels_requested -= 1
                        if self._num_cancels_requested == 0:
                            self._must_cancel = False
                    return self._num_cancels_requested

            def as_completed(fs, *, timeout=None):
                # asyncio.as_completed of 3.11 with its futures in argument order (see AsyncioRt)
                done = asyncio.Queue()
                loop = asyncio.events._get_event_loop()
                todo = {}
                for f in dict.fromkeys(fs):
                    todo[asyncio.ensure_future(f, loop=loop)] = None
                timeout_handle = None

                def _on_timeout():
                    for f in todo:
                        f.remove_done_callback(_on_completion)
                        done.put_nowait(None)
                    todo.clear()

                def _on_completion(f):
                    if not todo:
                        return
                    del todo[f]
                    done.put_nowait(f)
                    if not todo and timeout_handle is not None:
                        timeout_handle.cancel()

                async def _wait_for_one():
                    f = await done.get()
                    if f is None:
                        raise TimeoutError
                    return f.result()

                for f in todo:
                    f.add_done_callback(_on_completion)
                if todo and timeout is not None:
                    timeout_handle = loop.call_later(timeout, _on_timeout)
                for _ in range(len(todo)):
                    yield _wait_for_one()

            class _CreationOrder:
                # a set of tasks that iterates in insertion order
                def __init__(self):
                    self._d = {}
                def add(self, t):
                    self._d[t] = None
                def discard(self, t):
                    self._d.pop(t, None)
                def __iter__(self):
                    return iter(list(self._d))
                def __len__(self):
                    return len(self._d)
                def __bool__(self):
                    return bool(self._d)

            class TaskGroup(asyncio.TaskGroup):
                # asyncio.TaskGroup with its children in creation order, and 3.13's __aexit__ (see AsyncioRt)
                def __init__(self):
                    super().__init__()
                    self._tasks = _CreationOrder()

                async def __aexit__(self, et, exc, tb):
                    # CPython 3.13.0's TaskGroup._aexit: the parent is uncancelled after the children are
                    # waited for (gh-116720), and re-cancelled if it is cancelled from outside as well
                    self._exiting = True
                    if exc is not None and self._is_base_error(exc) and self._base_error is None:
                        self._base_error = exc
                    if et is not None and issubclass(et, asyncio.CancelledError):
                        propagate_cancellation_error = exc
                    else:
                        propagate_cancellation_error = None
                    if et is not None:
                        if not self._aborting:
                            self._abort()
                    while self._tasks:
                        if self._on_completed_fut is None:
                            self._on_completed_fut = self._loop.create_future()
                        try:
                            await self._on_completed_fut
                        except asyncio.CancelledError as ex:
                            if not self._aborting:
                                propagate_cancellation_error = ex
                                self._abort()
                        self._on_completed_fut = None
                    assert not self._tasks
                    if self._base_error is not None:
                        raise self._base_error
                    if self._parent_cancel_requested:
                        if self._parent_task.uncancel() == 0:
                            propagate_cancellation_error = None
                    if propagate_cancellation_error is not None and not self._errors:
                        raise propagate_cancellation_error
                    if et is not None and not issubclass(et, asyncio.CancelledError):
                        self._errors.append(exc)
                    if self._errors:
                        if self._parent_task.cancelling():
                            self._parent_task.uncancel()
                            self._parent_task.cancel()
                        raise BaseExceptionGroup("unhandled errors in a TaskGroup", self._errors) from None
                    return True
            """;
}
