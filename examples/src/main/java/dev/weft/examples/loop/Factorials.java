package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Task;
import dev.weft.loop.WaitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The factorials of asyncio's documentation ("Running Tasks Concurrently"), three ways: {@code gather}
 * (results in the order given), {@code wait} with {@code FIRST_COMPLETED} (sets of done and pending tasks)
 * and {@code asCompleted} (results in the order they finish). Each way computes three factorials
 * concurrently, so nine steps of {@code delay} seconds take three.
 *
 * <pre>
 * usage: Factorials [DELAY]          seconds per step (default 0.1; the documentation's is 1)
 * </pre>
 */
public final class Factorials {
    /** Seconds per multiplication when no argument is given. */
    public static final double DEFAULT_DELAY = 0.1;

    private Factorials() {}

    /** Computes {@code number!} one multiplication per {@code delay} seconds, reporting each step. */
    @Async
    static Coroutine<Integer> factorial(String name, int number, double delay) {
        int f = 1;
        for (int i = 2; i <= number; i++) {
            System.out.println("Task " + name + ": Compute factorial(" + number + "), currently i=" + i + "...");
            await(Asyncio.sleep(delay));
            f *= i;
        }
        System.out.println("Task " + name + ": factorial(" + number + ") = " + f);
        return Coroutines.done(f);
    }

    /** {@code gather}: runs the three at once and returns their results in the order they were given. */
    @Async
    static Coroutine<List<Integer>> withGather(double delay) {
        // Schedule three calls *concurrently*:
        List<Integer> results = await(Asyncio.gather(
                factorial("A", 2, delay),
                factorial("B", 3, delay),
                factorial("C", 4, delay)));
        System.out.println(results);
        return Coroutines.done(results);
    }

    /**
     * {@code wait(..., FIRST_COMPLETED)} in a loop: each round returns the tasks done so far and those still
     * pending, which the next round waits for. Returns the results in completion order.
     */
    @Async
    static Coroutine<List<Integer>> withWait(double delay) {
        // Started largest first, so that completion order differs from this order.
        List<Task<Integer>> tasks = List.of(
                Asyncio.createTask(factorial("C", 4, delay), "C"),
                Asyncio.createTask(factorial("A", 2, delay), "A"),
                Asyncio.createTask(factorial("B", 3, delay), "B"));
        List<Integer> results = new ArrayList<>();
        Set<Task<Integer>> pending = Set.copyOf(tasks);
        while (!pending.isEmpty()) {
            // done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            WaitResult<Task<Integer>> r = await(Asyncio.wait(pending, Asyncio.FIRST_COMPLETED));
            for (Task<Integer> task : r.done()) {
                System.out.println("done: " + task.getName() + " = " + task.result()
                        + ", still pending: " + r.pending().size());
                results.add(task.result());
            }
            pending = r.pending();
        }
        System.out.println(results);
        return Coroutines.done(results);
    }

    /** {@code asCompleted}: one coroutine per input; awaiting the n-th gives the n-th result to finish. */
    @Async
    static Coroutine<List<Integer>> withAsCompleted(double delay) {
        List<Coroutine<Integer>> aws = List.of(
                factorial("C", 4, delay),
                factorial("A", 2, delay),
                factorial("B", 3, delay));
        List<Integer> results = new ArrayList<>();
        for (Coroutine<Integer> coro : Asyncio.asCompleted(aws)) {
            int earliestResult = await(coro);
            System.out.println("earliest result: " + earliestResult);
            results.add(earliestResult);
        }
        System.out.println(results);
        return Coroutines.done(results);
    }

    /**
     * Runs the three variants one after the other, each on a new loop, with the time each took.
     *
     * @param args optionally, the seconds per step
     */
    public static void main(String[] args) {
        double delay = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_DELAY;
        timed("gather", () -> Asyncio.run(withGather(delay)));
        timed("wait(FIRST_COMPLETED)", () -> Asyncio.run(withWait(delay)));
        timed("asCompleted", () -> Asyncio.run(withAsCompleted(delay)));
    }

    private static void timed(String title, Runnable run) {
        System.out.println("-- " + title);
        long t0 = System.nanoTime();
        run.run();
        System.out.printf("-- %s took %.2fs%n", title, (System.nanoTime() - t0) / 1e9);
    }
}
