package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import dev.weft.loop.ExceptionGroup;
import dev.weft.loop.Queue;
import dev.weft.loop.SelectorEventLoop;
import dev.weft.loop.Task;
import dev.weft.loop.TaskGroup;
import dev.weft.loop.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The programs of Python's asyncio documentation, line for line, as woven {@code @Async} coroutines on a
 * loop with a virtual clock (so a one-hour sleep takes no time). Each prints into {@link #out}, and the test
 * compares that with the output the documentation shows.
 */
class AsyncioTutorialTest {
    private final List<String> out = new ArrayList<>();

    private void print(String line) {
        out.add(line);
    }

    private static EventLoop virtualLoop() {
        return new SelectorEventLoop(new VirtualClock());
    }

    // ------------------------------------------------------------------ "Running Tasks Concurrently"

    @Async
    Coroutine<Integer> factorial(String name, int number) {
        int f = 1;
        for (int i = 2; i <= number; i++) {
            print("Task " + name + ": Compute factorial(" + number + "), currently i=" + i + "...");
            await(Asyncio.sleep(1));
            f *= i;
        }
        print("Task " + name + ": factorial(" + number + ") = " + f);
        return done(f);
    }

    @Async
    Coroutine<Double> gatherMain() {
        // Schedule three calls *concurrently*:
        List<Integer> results = await(Asyncio.gather(
                factorial("A", 2),
                factorial("B", 3),
                factorial("C", 4)));
        print(results.toString());
        return done(Asyncio.getRunningLoop().time());
    }

    @Test
    void gatherOfFactorials() {
        double elapsed = Asyncio.run(gatherMain(), AsyncioTutorialTest::virtualLoop);
        assertEquals(List.of(
                "Task A: Compute factorial(2), currently i=2...",
                "Task B: Compute factorial(3), currently i=2...",
                "Task C: Compute factorial(4), currently i=2...",
                "Task A: factorial(2) = 2",
                "Task B: Compute factorial(3), currently i=3...",
                "Task C: Compute factorial(4), currently i=3...",
                "Task B: factorial(3) = 6",
                "Task C: Compute factorial(4), currently i=4...",
                "Task C: factorial(4) = 24",
                "[2, 6, 24]"), out);
        assertEquals(3.0, elapsed);
    }

    // ------------------------------------------------------------------ "Queues": workers

    @Async
    Coroutine<Void> worker(String name, Queue<Double> queue) {
        while (true) {
            // Get a "work item" out of the queue.
            double sleepFor = await(queue.get());
            // Sleep for the "sleep_for" seconds.
            await(Asyncio.sleep(sleepFor));
            // Notify the queue that the "work item" has been processed.
            queue.taskDone();
            print(String.format("%s has slept for %.2f seconds", name, sleepFor));
        }
    }

    @Async
    Coroutine<double[]> queueMain() {
        // Create a queue that we will use to store our "workload".
        Queue<Double> queue = new Queue<>();
        // Generate random timings and put them into the queue.
        Random random = new Random(42);
        double totalSleepTime = 0;
        for (int i = 0; i < 20; i++) {
            double sleepFor = 0.05 + random.nextDouble() * 0.95;
            totalSleepTime += sleepFor;
            queue.putNowait(sleepFor);
        }
        // Create three worker tasks to process the queue concurrently.
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Task<Void> task = Asyncio.createTask(worker("worker-" + i, queue));
            tasks.add(task);
        }
        // Wait until the queue is fully processed.
        double startedAt = Asyncio.getRunningLoop().time();
        await(queue.join());
        double totalSleptFor = Asyncio.getRunningLoop().time() - startedAt;
        // Cancel our worker tasks.
        for (Task<Void> task : tasks) {
            task.cancel();
        }
        // Wait until all worker tasks are cancelled.
        List<Object> results = await(Asyncio.gather(tasks, true));
        for (Object r : results) {
            assertInstanceOf(CancelledError.class, r);
        }
        print("====");
        print(String.format("3 workers slept in parallel for %.2f seconds", totalSleptFor));
        print(String.format("total expected sleep time: %.2f seconds", totalSleepTime));
        return done(new double[] {totalSleptFor, totalSleepTime});
    }

    @Test
    void producerConsumerOverAQueue() {
        double[] times = Asyncio.run(queueMain(), AsyncioTutorialTest::virtualLoop);
        assertEquals(20 + 3, out.size());
        assertEquals("====", out.get(20));
        for (int i = 0; i < 20; i++) {
            assertTrue(out.get(i).matches("worker-[012] has slept for 0\\.\\d\\d seconds"), out.get(i));
        }
        // three workers in parallel: at least a third of the total, at most the total
        assertTrue(times[0] >= times[1] / 3 - 1e-9 && times[0] < times[1], times[0] + " vs " + times[1]);
    }

    // ------------------------------------------------------------------ Task.cancel()

    @Async
    Coroutine<Void> cancelMe() {
        print("cancel_me(): before sleep");
        try {
            // Wait for 1 hour
            await(Asyncio.sleep(3600));
        } catch (CancelledError e) {
            print("cancel_me(): cancel sleep");
            throw e;
        } finally {
            print("cancel_me(): after sleep");
        }
        return done();
    }

    @Async
    Coroutine<Boolean> cancelMain() {
        // Create a "cancel_me" Task
        Task<Void> task = Asyncio.createTask(cancelMe());
        // Wait for 1 second
        await(Asyncio.sleep(1));
        task.cancel();
        try {
            await(task);
        } catch (CancelledError e) {
            print("main(): cancel_me is cancelled now");
        }
        return done(task.cancelled());
    }

    @Test
    void cancellationOfASleepingTask() {
        assertTrue(Asyncio.run(cancelMain(), AsyncioTutorialTest::virtualLoop));
        assertEquals(List.of(
                "cancel_me(): before sleep",
                "cancel_me(): cancel sleep",
                "cancel_me(): after sleep",
                "main(): cancel_me is cancelled now"), out);
    }

    // ------------------------------------------------------------------ Task Groups

    @Async
    Coroutine<String> someCoro(String name, double delay) {
        await(Asyncio.sleep(delay));
        return done(name);
    }

    @Async
    Coroutine<String> failingCoro(double delay) {
        await(Asyncio.sleep(delay));
        throw new IllegalStateException("failed after " + delay);
    }

    @Async
    Coroutine<String> taskGroupMain() {
        List<Task<String>> tasks = new ArrayList<>();
        await(TaskGroup.run(tg -> {
            tasks.add(tg.createTask(someCoro("one", 1)));
            tasks.add(tg.createTask(someCoro("two", 2)));
            return done();
        }));
        print("Both tasks have completed now: " + tasks.get(0).result() + ", " + tasks.get(1).result());
        return done("ok");
    }

    @Test
    void taskGroupWaitsForItsTasks() {
        assertEquals("ok", Asyncio.run(taskGroupMain(), AsyncioTutorialTest::virtualLoop));
        assertEquals(List.of("Both tasks have completed now: one, two"), out);
    }

    @Async
    Coroutine<Void> groupBody(TaskGroup tg, List<Task<String>> tasks) {
        tasks.add(tg.createTask(someCoro("slow", 10)));
        tasks.add(tg.createTask(failingCoro(1)));
        tasks.add(tg.createTask(failingCoro(1)));
        try {
            await(Asyncio.sleep(100));
        } catch (CancelledError e) {
            print("body cancelled at " + Asyncio.getRunningLoop().time());
            throw e;
        }
        return done();
    }

    @Async
    Coroutine<Double> taskGroupFailureMain() {
        List<Task<String>> tasks = new ArrayList<>();
        try {
            await(TaskGroup.run(tg -> groupBody(tg, tasks)));
        } catch (ExceptionGroup eg) {
            for (Throwable e : eg.exceptions()) {
                print("caught " + e.getMessage());
            }
        }
        print("slow cancelled: " + tasks.get(0).cancelled());
        // the task that ran the group was not left cancelled
        await(Asyncio.sleep(1));
        return done(Asyncio.getRunningLoop().time());
    }

    @Test
    void taskGroupFailureCancelsTheRest() {
        assertEquals(2.0, Asyncio.run(taskGroupFailureMain(), AsyncioTutorialTest::virtualLoop));
        assertEquals(List.of(
                "body cancelled at 1.0",
                "caught failed after 1.0",
                "caught failed after 1.0",
                "slow cancelled: true"), out);
    }
}
