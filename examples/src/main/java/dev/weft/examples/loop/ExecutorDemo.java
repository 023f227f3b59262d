package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Task;

/**
 * A blocking call, first on the loop thread, then through {@link EventLoop#runInExecutor}, after asyncio's
 * documentation ("Executing code in thread or process pools"). A ticker task prints every
 * {@value #TICK} seconds. Called directly, the blocking function freezes the loop: no tick until it returns.
 * Run in the executor (a thread pool; {@code null} means the loop's default one), it leaves the loop free,
 * and the ticker keeps ticking while the coroutine awaits the call's result.
 *
 * <pre>
 * usage: ExecutorDemo [SECONDS]      how long the blocking call takes (default 0.5)
 * </pre>
 */
public final class ExecutorDemo {
    /** How long the blocking call takes when no argument is given, in seconds. */
    public static final double DEFAULT_SECONDS = 0.5;
    /** Seconds between two ticks. */
    public static final double TICK = 0.1;

    private static int ticks;

    private ExecutorDemo() {}

    /** A function that blocks its thread, such as file I/O or a JDBC call; here, a sleep. */
    static String blockingIo(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
        return "slept " + seconds + "s on " + Thread.currentThread().getName();
    }

    /** Prints a tick every {@link #TICK} seconds, for as long as the loop lets it. */
    @Async
    static Coroutine<Void> ticker() {
        while (true) {
            await(Asyncio.sleep(TICK));
            ticks++;
            System.out.println("tick " + ticks);
        }
    }

    /**
     * Makes the blocking call both ways while the ticker runs.
     *
     * @return the ticks seen during each call: on the loop thread, then in the executor
     */
    @Async
    static Coroutine<int[]> demo(double seconds) throws InterruptedException {
        ticks = 0;
        EventLoop loop = Asyncio.getRunningLoop();
        Task<Void> ticker = Asyncio.createTask(ticker());
        await(Asyncio.sleep(TICK * 1.5));                         // let it tick once

        // 1. Called directly: the loop thread is stuck in Thread.sleep, so nothing else runs.
        System.out.println("calling blockingIo() on the loop thread...");
        int before = ticks;
        String result = blockingIo(seconds);
        int onLoop = ticks - before;
        System.out.println(result + ": " + onLoop + " ticks meanwhile");

        // 2. In the default executor: the coroutine suspends until the call returns; the loop keeps going.
        // result = await loop.run_in_executor(None, blocking_io)
        System.out.println("calling blockingIo() in the executor...");
        before = ticks;
        result = await(loop.runInExecutor(null, () -> blockingIo(seconds)));
        int inExecutor = ticks - before;
        System.out.println(result + ": " + inExecutor + " ticks meanwhile");

        ticker.cancel();
        return Coroutines.done(new int[] {onLoop, inExecutor});
    }

    /**
     * Runs the demonstration on a new loop.
     *
     * @param args optionally, how long the blocking call takes, in seconds
     */
    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_SECONDS;
        Asyncio.run(demo(seconds));
    }
}
