package dev.weft.weaver.differential;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential test of weft's async generators (PEP 525) against CPython: random programs of async
 * generators and the coroutines that drive them ({@link AsyncgenProgramGenerator}, which lists the
 * statements and what they cover), each written in Python and in Java from one random structure, run as
 * the {@link AsyncioDifferentialTest} runs its programs (on loops with virtual time, by the same runners,
 * as {@code asyncio.run} runs a program, clean-up included) and required to make the same transcript:
 * the records, each with the loop time, then {@code main}'s outcome and the run's. What each {@code asend},
 * {@code athrow} and {@code aclose} gave is a record ({@code op}); so are the generators' states
 * ({@code inspect.getasyncgenstate}'s, see {@code AsyncioRt.agstate}), and the failures the loop reports
 * while it closes the generators left unfinished ({@code shutdown_asyncgens}). Exceptions are compared by
 * kind ({@link AsyncioExceptionMap}), with messages only for the programs' own {@code TestError}.
 *
 * <p>{@code -Dweft.agdiff.count=N} runs N programs (default 150) from {@code -Dweft.agdiff.seed=S} (default
 * 1): seeds S, S+1, ...; {@code -Dweft.agdiff.exclude=KIND,KIND} leaves statement kinds out (to narrow down
 * a failure); {@code -Dweft.agdiff.dump=DIR} writes the programs out (the Python script runs as it is).
 * A failure prints the seed, both sources and the first differing record; reports also go to
 * {@code weaver/target/asyncgen-differential-failures/}. Skipped if no {@code python3} 3.11 or later is on
 * the PATH.
 *
 * <p><b>Where the comparison departs from plain CPython 3.11</b>:
 * <ul>
 * <li>Nothing is garbage collected: every generator is kept ({@code keep}) until the process ends. CPython
 *     finalizes a suspended generator that becomes unreachable by scheduling its {@code aclose()} on the
 *     loop ({@code sys.set_asyncgen_hooks}' finalizer), at a moment reference counting and the cycle
 *     collector decide; weft has no finalization, and closes what is left only when the loop shuts down.
 *     So the generators a program abandons (by {@code break}ing out of {@code async for}, say) are all
 *     closed by {@code shutdown_asyncgens}, on both sides.
 * <li>{@code shutdown_asyncgens} closes the generators left all at once, in the order of a set on both
 *     sides (CPython's {@code WeakSet}, weft's weak hash set): only each generator's own records and their
 *     times are defined, so the records made then are compared in generator order
 *     ({@link AsyncioComparison#shutdownByGenerator}). The generator programs keep what can run then
 *     independent of the other generators.
 * <li>A step refused because the generator is already running is spent, as in CPython 3.13 (gh-117881)
 *     and weft: awaited again, it fails with "cannot reuse". In 3.11 it stays unstarted, and would run the
 *     generator if awaited once the generator is free. The Python side's {@code op} does what 3.13 does.
 * <li>CPython hands a generator to the loop's {@code firstiter} hook when its first
 *     {@code asend}/{@code athrow}/{@code aclose} object is made; weft does when such a step first runs.
 *     Only a generator still {@code CREATED} can tell them apart, and closing it at shutdown does nothing.
 * </ul>
 *
 * <p><b>Not generated</b>: async generators in other threads or on other loops; what Java does not have
 * (async comprehensions, {@code contextlib.asynccontextmanager}, {@code anext(g, default)}); the step
 * objects' own {@code throw()} and {@code close()} and a step awaited by two tasks at once; finalization by
 * garbage collection (above).
 *
 * <p>The divergences this test found, fixed since, are kept below as minimal programs in both languages.
 */
class AsyncgenDifferentialTest {
    private static final String FAILURES = "asyncgen-differential-failures";
    private static final int DEFAULT_COUNT = 150;

    @Test
    void randomProgramsBehaveAsInCPython() throws Exception {
        AsyncgenProgramGenerator.Options options = new AsyncgenProgramGenerator.Options(
                AsyncTwinGenerator.excluded("weft.agdiff.exclude", AsyncgenProgramGenerator.Kind.class));
        AsyncioComparison.checkRandomPrograms(python(), "async generator", "agdiff", DEFAULT_COUNT,
                seed -> AsyncgenProgramGenerator.generate(seed, options), FAILURES);
    }

    // ---------------------------------------------------------------- divergences this test found, fixed since

    /**
     * A step owns the generator from its start until it completes, awaits included: another step started
     * meanwhile fails with "already running" (and is spent), the generator's state is RUNNING, and a step
     * that has completed fails if awaited again. weft checked none of this: the second step resumed the body
     * at the first one's await, with its own value, as if that await had completed; the state said
     * SUSPENDED; and a completed step, awaited again, completed again with no value.
     */
    @Test
    void aStepOwnsTheGeneratorUntilItCompletes() throws Exception {
        AsyncioProgram p = handWritten("StepOwnsGenerator", """
                g = keep(a1(5, nk()))
                t = asyncio.create_task(op("r1", anext(g)))
                await asyncio.sleep(0)
                rec("r2", agstate(g))
                x = anext(g)
                await op("r3", x)
                await op("r4", x)
                await t
                rec("r5", agstate(g))
                x = g.asend("s")
                await op("r6", x)
                await op("r7", x)
                return 0
                """, """
                AsyncGenerator<Object, Object> g = keep(a1(5, nk()));
                Task<Object> t = Asyncio.createTask(op("r1", g.anext()));
                await(Asyncio.sleep(0));
                rec("r2", agstate(g));
                Coroutine<Object> x = g.anext();
                await(op("r3", x));
                await(op("r4", x));
                await(t);
                rec("r5", agstate(g));
                x = g.asend("s");
                await(op("r6", x));
                await(op("r7", x));
                return done(0);
                """, generator("a1", """
                await asyncio.sleep(0.009765625)
                v = yield p
                rec("r8#" + k, v)
                yield p + 1
                """, """
                Object v = null;
                await(Asyncio.sleep(0.009765625));
                v = Coroutines.yield(p);
                rec("r8#" + k, v);
                Coroutines.yield(p + 1);
                return done();
                """));
        assertSameAsInCPython(p);
    }

    /**
     * {@code athrow} (and {@code aclose}) of a finished generator complete with no value; weft's
     * {@code athrow} raised its error, as a finished plain generator's {@code throw} does.
     */
    @Test
    void athrowOfAFinishedGeneratorCompletesWithNoValue() throws Exception {
        AsyncioProgram p = handWritten("AthrowFinished", """
                g = keep(a1(5, nk()))
                await op("r1", anext(g))
                await op("r2", anext(g))
                await op("r3", g.athrow(TestError("e1")))
                await op("r4", g.athrow(GeneratorExit()))
                await op("r5", g.aclose())
                return 0
                """, """
                AsyncGenerator<Object, Object> g = keep(a1(5, nk()));
                await(op("r1", g.anext()));
                await(op("r2", g.anext()));
                await(op("r3", g.athrow(new TestError("e1"))));
                await(op("r4", g.athrow(new GeneratorExit())));
                await(op("r5", g.aclose()));
                return done(0);
                """, generator("a1", """
                yield p
                """, """
                Coroutines.yield(p);
                return done();
                """));
        assertSameAsInCPython(p);
    }

    /**
     * A StopAsyncIteration escaping a generator's body (here an inner generator's end, from an
     * {@code anext} nobody guards) is a RuntimeError (PEP 479's rule); weft let it through, so the
     * {@code async for} over the outer generator took it for that generator's end and stopped quietly.
     */
    @Test
    void stopAsyncIterationEscapingTheBodyIsARuntimeError() throws Exception {
        AsyncioProgram p = handWritten("StopAsyncIterationEscapes", """
                g = keep(a1(5, nk()))
                try:
                    async for v in g:
                        rec("r1", v)
                except Exception as e:
                    rec("r2", e)
                rec("r3", agstate(g))
                return 0
                """, """
                AsyncGenerator<Object, Object> g = keep(a1(5, nk()));
                Object v = null;
                try {
                    for (;;) {
                        try {
                            v = await(g.anext());
                        } catch (StopAsyncIteration e) {
                            break;
                        }
                        rec("r1", v);
                    }
                } catch (Exception e) {
                    rec("r2", e);
                }
                rec("r3", agstate(g));
                return done(0);
                """, generator("a1", """
                h = keep(a2(p, nk()))
                for i in range(3):
                    yield await anext(h)
                """, """
                AsyncGenerator<Object, Object> h = keep(a2(p, nk()));
                for (int i = 0; i < 3; i++) {
                    Coroutines.yield(await(h.anext()));
                }
                return done();
                """), generator("a2", """
                yield p
                """, """
                Coroutines.yield(p);
                return done();
                """));
        assertSameAsInCPython(p);
    }

    /**
     * A generator that yielded while {@code aclose()} closed it ("ignored GeneratorExit") stays suspended
     * there and {@code asend} still resumes it, but {@code athrow} and {@code aclose} fail with
     * StopAsyncIteration (CPython's {@code ag_closed}), also the loop's at shutdown, which reports it. weft
     * threw into it again: here the TestError ran its handler, and the shutdown closed it without a report.
     */
    @Test
    void aGeneratorThatIgnoredAcloseCannotBeThrownIntoOrClosed() throws Exception {
        AsyncioProgram p = handWritten("IgnoredAclose", """
                g = keep(a1(5, nk()))
                await op("r1", anext(g))
                await op("r2", g.aclose())
                rec("r3", agstate(g))
                await op("r4", g.athrow(TestError("e1")))
                await op("r5", anext(g))
                return 0
                """, """
                AsyncGenerator<Object, Object> g = keep(a1(5, nk()));
                await(op("r1", g.anext()));
                await(op("r2", g.aclose()));
                rec("r3", agstate(g));
                await(op("r4", g.athrow(new TestError("e1"))));
                await(op("r5", g.anext()));
                return done(0);
                """, generator("a1", """
                try:
                    yield 1
                except GeneratorExit:
                    rec("r6#" + k, None)
                    yield 2
                try:
                    yield 3
                except TestError as e:
                    rec("r7#" + k, e)
                finally:
                    rec("r8#" + k, None)
                """, """
                try {
                    Coroutines.yield(1);
                } catch (GeneratorExit e) {
                    rec("r6#" + k, null);
                    Coroutines.yield(2);
                }
                try {
                    Coroutines.yield(3);
                } catch (TestError e) {
                    rec("r7#" + k, e);
                } finally {
                    rec("r8#" + k, null);
                }
                return done();
                """));
        assertSameAsInCPython(p);
    }

    // ---------------------------------------------------------------- helpers

    /** A hand-written program (a minimal reproduction) on the random programs' scaffold. */
    private static AsyncioProgram handWritten(String name, String mainPython, String mainJava,
                                              AsyncioProgram.Function... others) {
        return AsyncioProgram.handWritten(name, AsyncgenProgramGenerator.SCAFFOLD, mainPython, mainJava, others);
    }

    /** An async generator function {@code name(p, k)}, as the random programs have them. */
    private static AsyncioProgram.Function generator(String name, String python, String java) {
        return AsyncgenProgramGenerator.generatorFunction(name, python, java);
    }

    /** The {@code python3} on the PATH if it is 3.11 or later; else the test skips. */
    private static Path python() throws Exception {
        return PythonRunner.requirePython(11, "asyncio.Runner's clean-up and the runners' exception groups");
    }

    /** Runs a minimal program on both sides, and fails if they differ. */
    private static void assertSameAsInCPython(AsyncioProgram p) throws Exception {
        TwinFailure.assertNone(AsyncioComparison.run(python(), List.of(p)).failures(), Path.of("target", FAILURES),
                "the minimal program", "a divergence found by the random programs");
    }
}
