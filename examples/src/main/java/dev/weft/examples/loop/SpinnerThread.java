package dev.weft.examples.loop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fluent Python's {@code spinner_thread.py} (chapter 19): a spinner animated by a thread while the main
 * thread blocks in a slow function; a flag tells the spinner to stop. Compare {@link SpinnerAsync}, the
 * same program with a task on the event loop instead of a thread.
 *
 * <p>Python's {@code threading.Event} is the flag: {@code done.wait(.1)} sleeps a tenth of a second, or less
 * if the flag is set meanwhile, and returns whether it is set. Java's {@link CountDownLatch} of one is
 * that flag: {@code countDown()} sets it, {@code await(timeout)} waits for it.
 *
 * <pre>
 * usage: SpinnerThread [SECONDS]     how long slow() blocks (default 0.5; the book's is 3)
 * </pre>
 */
public final class SpinnerThread {
    /** How long {@link #slow} blocks when no argument is given, in seconds. */
    public static final double DEFAULT_SECONDS = 0.5;

    private SpinnerThread() {}

    /**
     * Cycles through {@code \|/-} in place, a frame every 0.1 s, until {@code done} is set; then blanks the line.
     *
     * @return how many frames it showed
     */
    static int spin(String msg, CountDownLatch done) throws InterruptedException {
        String status = "";
        int frames = 0;
        for (int i = 0; ; i++) {                                  // for char in itertools.cycle(r'\|/-'):
            char c = "\\|/-".charAt(i % 4);
            status = "\r" + c + " " + msg;
            System.out.print(status);
            System.out.flush();
            frames++;
            if (done.await(100, TimeUnit.MILLISECONDS)) {         // if done.wait(.1):
                break;
            }
        }
        String blanks = " ".repeat(status.length());
        System.out.print("\r" + blanks + "\r");
        System.out.flush();
        return frames;
    }

    /** Blocks the calling thread, as {@code time.sleep(3)} does, and returns the answer. */
    static int slow(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
        return 42;
    }

    /** Starts the spinner thread, calls {@link #slow} on this thread, then sets the flag and joins the spinner. */
    static int supervisor(double seconds) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);              // done = Event()
        Thread spinner = new Thread(() -> {
            try {
                spin("thinking!", done);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "spinner");
        System.out.println("spinner object: " + spinner);
        spinner.start();
        int result = slow(seconds);
        done.countDown();                                         // done.set()
        spinner.join();
        return result;
    }

    /**
     * Runs the supervisor and prints the answer and the time it took.
     *
     * @param args optionally, how long {@code slow()} takes, in seconds
     */
    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_SECONDS;
        long t0 = System.nanoTime();
        int result = supervisor(seconds);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.println("Answer: " + result);
        System.out.printf("thread + flag: %.2fs%n", elapsed);
    }
}
