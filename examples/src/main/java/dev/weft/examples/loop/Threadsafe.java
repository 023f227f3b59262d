package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talking to a running loop from another thread, after asyncio's documentation ("Scheduling From Other
 * Threads"). A loop, and its futures and tasks, belong to the thread that runs it; another thread gets work
 * onto it only through {@link EventLoop#callSoonThreadsafe} (a callback) and
 * {@link Asyncio#runCoroutineThreadsafe} (a coroutine, whose result it receives as a
 * {@link CompletableFuture}: it may block on that, the loop thread never should).
 *
 * <pre>
 * usage: Threadsafe [DELAY]          seconds the submitted coroutine sleeps (default 0.1)
 * </pre>
 */
public final class Threadsafe {
    /** Seconds the submitted coroutine sleeps when no argument is given. */
    public static final double DEFAULT_DELAY = 0.1;

    private Threadsafe() {}

    private static String thread() {
        return Thread.currentThread().getName();
    }

    /** A coroutine too slow for the other thread's patience; it reports its cancellation. */
    @Async
    static Coroutine<String> tooSlow() {
        try {
            await(Asyncio.sleep(3600));
        } catch (CancelledError e) {
            System.out.println("on " + thread() + ": tooSlow() cancelled");
            throw e;
        }
        return Coroutines.done("too late");
    }

    /** What the other thread does: a callback, a coroutine, a coroutine it gives up on, and a reply. */
    static void fromAnotherThread(EventLoop loop, Future<String> reply, double delay) {
        String me = thread();
        // A callback: the loop thread runs it at its next iteration (the selector wakes up for it).
        loop.callSoonThreadsafe(() -> System.out.println("on " + thread() + ": callback from " + me));

        // A coroutine: it runs as a task on the loop; this thread blocks for its result, with a timeout.
        // coro = asyncio.sleep(1, result=3); future = asyncio.run_coroutine_threadsafe(coro, loop)
        CompletableFuture<Integer> future = Asyncio.runCoroutineThreadsafe(Asyncio.sleep(delay, 3), loop);
        try {
            int result = future.get(5, TimeUnit.SECONDS);
            System.out.println("on " + me + ": the coroutine returned " + result);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            System.out.println("on " + me + ": the coroutine failed: " + e);
        }

        // One that takes too long: cancelling the CompletableFuture cancels the task on the loop.
        CompletableFuture<String> slow = Asyncio.runCoroutineThreadsafe(tooSlow(), loop);
        try {
            System.out.println("on " + me + ": the coroutine returned " + slow.get((long) (delay * 1000),
                    TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            System.out.println("on " + me + ": the coroutine took too long, cancelling the task...");
            slow.cancel(true);
        } catch (InterruptedException | ExecutionException e) {
            System.out.println("on " + me + ": the coroutine raised an exception: " + e);
        }

        // A loop future may be completed on the loop thread only: hand the reply over as a callback.
        loop.callSoonThreadsafe(() -> reply.setResult("reply from " + me));
    }

    /**
     * Starts the other thread and awaits its reply; the loop keeps running meanwhile, which is what lets the
     * thread's callbacks and coroutines run.
     *
     * @return the other thread's reply
     */
    @Async
    static Coroutine<String> demo(double delay) {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> reply = loop.createFuture();
        Thread other = new Thread(() -> fromAnotherThread(loop, reply, delay), "other-thread");
        System.out.println("on " + thread() + ": starting " + other.getName());
        other.start();
        String answer = await(reply);
        System.out.println("on " + thread() + ": got the " + answer);
        return Coroutines.done(answer);
    }

    /**
     * Runs the demonstration on a new loop.
     *
     * @param args optionally, the seconds the submitted coroutine sleeps
     */
    public static void main(String[] args) {
        double delay = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_DELAY;
        Asyncio.run(demo(delay));
    }
}
