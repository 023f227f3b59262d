package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Task;

/**
 * Fluent Python's {@code spinner_async.py} (chapter 19): {@link SpinnerThread} with a task instead of a
 * thread. The spinner is a coroutine scheduled as a {@link Task}; the supervisor awaits the slow coroutine
 * (which sleeps on the loop instead of blocking it), then cancels the spinner. The cancellation is a
 * {@link CancelledError} raised at the spinner's {@code await}, which it catches to blank its line.
 *
 * <p>One thread does everything: while {@code slow()} sleeps, the loop runs the spinner.
 *
 * <pre>
 * usage: SpinnerAsync [SECONDS]      how long slow() sleeps (default 0.5; the book's is 3)
 * </pre>
 */
public final class SpinnerAsync {
    /** How long {@link #slow} sleeps when no argument is given, in seconds. */
    public static final double DEFAULT_SECONDS = 0.5;

    private SpinnerAsync() {}

    /** Cycles through {@code \|/-} in place, a frame every 0.1 s, until cancelled; then blanks the line. */
    @Async
    static Coroutine<Integer> spin(String msg) {
        String status = "";
        int frames = 0;
        for (int i = 0; ; i++) {                                  // for char in itertools.cycle(r'\|/-'):
            char c = "\\|/-".charAt(i % 4);
            status = "\r" + c + " " + msg;
            System.out.print(status);
            System.out.flush();
            frames++;
            try {
                await(Asyncio.sleep(.1));
            } catch (CancelledError e) {                          // except asyncio.CancelledError:
                break;
            }
        }
        String blanks = " ".repeat(status.length());
        System.out.print("\r" + blanks + "\r");
        System.out.flush();
        return Coroutines.done(frames);
    }

    /** Sleeps without blocking the loop ({@code await asyncio.sleep(3)}) and returns the answer. */
    @Async
    static Coroutine<Integer> slow(double seconds) {
        await(Asyncio.sleep(seconds));
        return Coroutines.done(42);
    }

    /** Starts the spinner task, awaits {@link #slow}, then cancels the spinner. */
    @Async
    static Coroutine<Integer> supervisor(double seconds) {
        Task<Integer> spinner = Asyncio.createTask(spin("thinking!"));
        System.out.println("spinner object: " + spinner);
        int result = await(slow(seconds));
        spinner.cancel();
        return Coroutines.done(result);
    }

    /**
     * Runs the supervisor on a new loop and prints the answer and the time it took.
     *
     * @param args optionally, how long {@code slow()} takes, in seconds
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_SECONDS;
        long t0 = System.nanoTime();
        int result = Asyncio.run(supervisor(seconds));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.println("Answer: " + result);
        System.out.printf("task + cancel: %.2fs%n", elapsed);
    }
}
