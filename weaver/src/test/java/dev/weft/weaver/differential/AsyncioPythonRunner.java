package dev.weft.weaver.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the Python side of many asyncio programs in one {@code python3} process ({@link PythonScriptRun}):
 * one script of the helpers, the exception mapping, the virtual-time loop, the runner, and every program's
 * source as data. Start it before compiling the Java side: the two then run side by side.
 *
 * <p>The loop is CPython's own {@code asyncio.SelectorEventLoop} with three things replaced, the twins of
 * what the Java side runs on ({@link AsyncioJavaRunner}, {@link AsyncioTestClock}):
 * <ul>
 * <li>{@code time()} reads a virtual clock, starting at 0;
 * <li>the selector never blocks: when the loop has nothing ready, it sets the clock to the deadline of the
 *     loop's earliest timer (exactly that double, as weft's {@code VirtualClock} does, not
 *     {@code now + timeout}, which can round differently) and returns no events; with no timer at all it
 *     raises {@code Deadlock}; after too many idle polls, {@code Runaway};
 * <li>{@code call_at} makes timers that order ties first-in first-out. CPython's timer heap compares
 *     deadlines only, and {@code heapq} is not stable, so equal deadlines pop in an order the heap's shape
 *     decides; weft documents FIFO. The programs' sums of delays are exact, so ties are common.
 * </ul>
 * Everything else, including {@code _run_once} and its clock resolution, is CPython's. A program runs as
 * {@code asyncio.run} runs it (the main task, then cancelling the tasks left, in creation order where
 * CPython uses a set, then closing async generators and the default executor), with the same outcome
 * lines as the Java side: {@code main: ...}, {@code run: ok|raise K}, and {@code cleanup: raise K} for
 * a failure of the clean-up after a failed run, and with the records made while {@code shutdown_asyncgens}
 * ran after {@link AsyncioJavaRunner#SHUTDOWN_MARK}. The loop's exception handler hands its context to the
 * program's {@code loop_error(context)} if it has one, else drops it. Every program's tasks and loop
 * stay reachable until the process ends, so that CPython's finalizers never close an abandoned coroutine
 * in the middle of a later program.
 */
final class AsyncioPythonRunner {
    /** How long the whole Python run may take, at least; more for many programs. */
    private static final long TIMEOUT_SECONDS = 60;
    /** How long one program may take (real time), a guard against a hang of the harness. */
    static final int PROGRAM_SECONDS = 10;

    /** The virtual-time loop and the runner; then the driver loop over {@code PROGRAMS}. */
    private static final String HARNESS = """
            import heapq, json, selectors, signal, sys

            class Deadlock(Exception):
                pass

            class Runaway(Exception):
                pass

            class HarnessTimeout(BaseException):
                pass

            # what weft's Runner can throw: exceptions, CancelledError and GeneratorExit (an async generator's
            # step can let one out), not the harness's own
            CAUGHT = (Exception, asyncio.CancelledError, GeneratorExit)
            MAX_IDLE_POLLS = %d
            PROGRAM_SECONDS = %d
            SHUTDOWN_MARK = "%s"

            class VirtualSelector(selectors._BaseSelectorImpl):
                # never blocks: jumps the loop's virtual clock to its next timer instead
                loop = None
                idle = 0

                def select(self, timeout=None):
                    loop = self.loop
                    if not loop._ready and not loop._stopping:
                        self.idle += 1
                        if self.idle > MAX_IDLE_POLLS:
                            raise Runaway()
                        if timeout is None:
                            raise Deadlock()
                        when = loop._scheduled[0]._when
                        if when > loop.now:
                            loop.now = when
                    return []

            class FifoTimerHandle(asyncio.TimerHandle):
                # equal deadlines in scheduling order (heapq alone is not stable)
                __slots__ = ("_seq",)

                def __init__(self, seq, when, callback, args, loop, context=None):
                    super().__init__(when, callback, args, loop, context)
                    self._seq = seq

                def __lt__(self, other):
                    if self._when != other._when:
                        return self._when < other._when
                    return self._seq < other._seq

            class VirtualLoop(asyncio.SelectorEventLoop):
                def __init__(self):
                    self.now = 0.0
                    self._seq = 0
                    selector = VirtualSelector()
                    super().__init__(selector)
                    selector.loop = self

                def time(self):
                    return self.now

                def call_at(self, when, callback, *args, context=None):
                    # BaseEventLoop.call_at with FifoTimerHandle (no debug mode here)
                    if when is None:
                        raise TypeError("when cannot be None")
                    self._check_closed()
                    self._seq += 1
                    timer = FifoTimerHandle(self._seq, when, callback, args, self, context)
                    heapq.heappush(self._scheduled, timer)
                    timer._scheduled = True
                    return timer

            def cancel_all(loop, created):
                # asyncio.runners._cancel_all_tasks, in creation order (all_tasks() is a set)
                to_cancel = [t for t in created if not t.done()]
                if not to_cancel:
                    return
                for t in to_cancel:
                    t.cancel()
                loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))

            def run_program(ns):
                # asyncio.run(top()) on a VirtualLoop; the outcome shaped as weft's Runner reports it
                loop = VirtualLoop()
                created = []
                def factory(loop, coro, context=None):
                    t = Task313(coro, loop=loop, context=context)
                    created.append(t)
                    return t
                loop.set_task_factory(factory)
                # what the loop's exception handler is given goes to the program's loop_error, if it has one
                loop.set_exception_handler(lambda l, c: ns["loop_error"](c) if "loop_error" in ns else None)
                # Nothing of a program may be garbage collected while later ones run: CPython closes a
                # suspended coroutine that becomes unreachable, and the code that then runs (its finally
                # blocks and handlers) acts in the program running at that moment: a timeout scope entered
                # then binds to that program's current task, and cancels it later.
                KEEP.append((ns, loop, created))
                primary = None
                suppressed = None
                shutdown = None
                try:
                    loop.run_until_complete(loop.create_task(ns["top"]()))
                except CAUGHT as e:
                    primary = e
                try:
                    try:
                        cancel_all(loop, created)
                        shutdown = len(ns["R"])
                        loop.run_until_complete(loop.shutdown_asyncgens())
                        loop.run_until_complete(loop.shutdown_default_executor())
                    finally:
                        loop.close()
                except CAUGHT as e:
                    if primary is None:
                        primary = e
                    else:
                        suppressed = e
                t = list(ns["R"])
                if shutdown is not None and len(t) > shutdown:
                    t.insert(shutdown, SHUTDOWN_MARK)
                t.append(ns["OUT"][0])
                t.append("run: ok" if primary is None else "run: raise " + exc(primary))
                if suppressed is not None:
                    t.append("cleanup: raise " + exc(suppressed))
                return t

            def on_alarm(signum, frame):
                raise HarnessTimeout()

            KEEP = []
            signal.signal(signal.SIGALRM, on_alarm)
            HELPERS = dict(globals())

            for name, source in PROGRAMS:
                try:
                    ns = dict(HELPERS)
                    exec(compile(source, name + ".py", "exec"), ns)
                    signal.alarm(PROGRAM_SECONDS)
                    try:
                        t = run_program(ns)
                    finally:
                        signal.alarm(0)
                    print(json.dumps({"id": name, "t": t}), flush=True)
                except HarnessTimeout:
                    print(json.dumps({"id": name, "error": "did not end in %%d s" %% PROGRAM_SECONDS}), flush=True)
                except BaseException as e:
                    print(json.dumps({"id": name, "error": type(e).__name__ + ": " + str(e)}), flush=True)
            """.formatted(AsyncioTestClock.MAX_IDLE_POLLS, PROGRAM_SECONDS, AsyncioJavaRunner.SHUTDOWN_MARK);

    /** Writes the script for {@code programs} and starts it. */
    static PythonScriptRun start(Path python, List<AsyncioProgram> programs) throws IOException {
        return PythonScriptRun.start(python, "weft-aiodiff", "aiodiff.py", script(programs),
                Math.max(TIMEOUT_SECONDS, programs.size() / 20));
    }

    /** The whole script: helpers, mapping, programs as data, harness. */
    static String script(List<AsyncioProgram> programs) {
        StringBuilder s = new StringBuilder();
        s.append(AsyncioRt.PRELUDE).append('\n').append(AsyncioExceptionMap.PYTHON).append("\nPROGRAMS = [\n");
        for (AsyncioProgram p : programs) {
            s.append("    (").append(PythonJson.quote(p.name())).append(", ").append(PythonJson.quote(p.python()))
                    .append("),\n");
        }
        s.append("]\n\n").append(HARNESS);
        return s.toString();
    }
}
