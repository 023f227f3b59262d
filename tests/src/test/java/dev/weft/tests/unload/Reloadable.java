package dev.weft.tests.unload;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Task;

/**
 * Woven code that {@link ClassUnloadingTest} loads in a class loader of its own: a generator, a
 * delegation, tasks on a loop, a call graph and a traceback, so that each part of the runtime that
 * learns about a woven method has learnt about these.
 */
public final class Reloadable {
    private Reloadable() {}

    @Async
    static Generator<Integer, Object, Integer> count(int n) {
        for (int i = 1; i <= n; i++) {
            Coroutines.yield(i);
        }
        return Coroutines.done(n);
    }

    @Async
    static Generator<Integer, Object, Integer> twice(int n) {
        int a = Coroutines.yieldFrom(count(n));
        int b = Coroutines.yieldFrom(count(n));
        return Coroutines.done(a + b);
    }

    @Async
    static Coroutine<Integer> worker(int n) {
        await(Asyncio.sleep(0));
        int sum = 0;
        Generator<Integer, Object, Integer> g = twice(n);
        for (Integer i : g) {
            sum += i;
        }
        if (n < 0) {
            throw new IllegalArgumentException("negative");
        }
        return Coroutines.done(sum);
    }

    @Async
    static Coroutine<String> main() {
        Task<Integer> task = Asyncio.createTask(worker(3));
        await(Asyncio.sleep(0));
        String graph = Asyncio.formatCallGraph(task);
        int sum = await(task);
        String trace;
        try {
            await(worker(-1));
            trace = "no failure";
        } catch (IllegalArgumentException e) {
            trace = e.getStackTrace()[0].getMethodName();
        }
        return Coroutines.done(sum + " " + graph.contains("Reloadable.worker") + " " + trace);
    }

    /** Runs {@link #main()} on a loop of its own. */
    public static String run() {
        return Asyncio.run(main());
    }
}
