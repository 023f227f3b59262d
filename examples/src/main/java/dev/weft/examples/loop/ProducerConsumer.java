package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Queue;
import dev.weft.loop.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Producer and consumers through a bounded {@link Queue}, after the workers example of asyncio's
 * documentation ("Queues"). The producer puts work items into a queue of at most {@code maxsize} items, so
 * it waits whenever the workers fall behind; each worker takes an item, works on it, and marks it done with
 * {@code taskDone()}. {@code join()} returns once every item put has been marked done; then the workers,
 * which loop forever, are cancelled and waited for.
 *
 * <pre>
 * usage: ProducerConsumer [DELAY]    seconds a worker spends on an item (default 0.1)
 * </pre>
 */
public final class ProducerConsumer {
    /** Seconds per work item when no argument is given. */
    public static final double DEFAULT_DELAY = 0.1;

    private ProducerConsumer() {}

    /** Puts {@code items} work items (1, 2, ...) into the queue, waiting while it is full. */
    @Async
    static Coroutine<Void> producer(Queue<Integer> queue, int items) {
        for (int i = 1; i <= items; i++) {
            await(queue.put(i));                 // suspends while the queue holds maxsize items
            System.out.println("produced " + i + ", queue size " + queue.qsize());
        }
        return Coroutines.done();
    }

    /** Takes items from the queue forever, spending {@code delay} seconds on each; reports when cancelled. */
    @Async
    static Coroutine<Void> worker(String name, Queue<Integer> queue, double delay) {
        int count = 0;
        try {
            while (true) {
                // Get a "work item" out of the queue.
                int item = await(queue.get());
                // Work on it: here, sleep for "delay" seconds.
                await(Asyncio.sleep(delay));
                // Notify the queue that the "work item" has been processed.
                queue.taskDone();
                count++;
                System.out.println(name + " consumed " + item);
            }
        } catch (CancelledError e) {
            System.out.println(name + " cancelled after " + count + " items");
            throw e;                              // a cancelled task must end cancelled
        }
    }

    /**
     * Runs one producer and {@code workers} workers over a queue of {@code maxsize} until the {@code items}
     * are processed, then cancels the workers.
     *
     * @return what the workers ended with: a {@link CancelledError} each
     */
    @Async
    static Coroutine<List<Object>> run(int items, int workers, int maxsize, double delay) {
        // Create a queue that we will use to store our "workload".
        Queue<Integer> queue = new Queue<>(maxsize);
        // Create worker tasks to process the queue concurrently.
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            tasks.add(Asyncio.createTask(worker("worker-" + i, queue, delay)));
        }
        // Produce the items; the producer gets ahead of the workers by at most maxsize items.
        await(producer(queue, items));
        // Wait until the queue is fully processed.
        await(queue.join());
        System.out.println("all " + items + " items processed, queue size " + queue.qsize());
        // Cancel our worker tasks.
        for (Task<Void> task : tasks) {
            task.cancel();
        }
        // Wait until all worker tasks are cancelled.
        List<Object> results = await(Asyncio.gather(tasks, true));
        return Coroutines.done(results);
    }

    /**
     * Runs ten items through three workers and a queue of three, and prints the time it took.
     *
     * @param args optionally, the seconds per item
     */
    public static void main(String[] args) {
        double delay = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_DELAY;
        long t0 = System.nanoTime();
        List<Object> results = Asyncio.run(run(10, 3, 3, delay));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.println("workers ended with " + results.stream().map(r -> r.getClass().getSimpleName()).toList());
        System.out.printf("3 workers, 10 items of %.2fs each: %.2fs%n", delay, elapsed);
    }
}
