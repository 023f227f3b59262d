package dev.weft.examples;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * The running averager of Fluent Python's coroutine chapter: a generator used as a coroutine. Each value
 * sent in updates the average, and the average is what the next {@code yield} hands back.
 *
 * <pre>
 * Generator&lt;Double, Double, Void&gt; avg = RunningAverager.averager();
 * avg.next();          // prime it: run to the first yield
 * avg.send(10.0);      // 10.0
 * avg.send(30.0);      // 20.0
 * avg.send(5.0);       // 15.0
 * </pre>
 */
public final class RunningAverager {
    private RunningAverager() {}

    /**
     * A generator that yields the average of all the values sent to it so far. Its first {@code yield}
     * hands out {@code null}, since nothing has been averaged yet; it never returns, so the caller ends it
     * with {@link Generator#close()}.
     *
     * <p>Calling this method runs none of the body: the generator starts when it is primed with
     * {@code next()} (or {@code send(null)}, the only value a created generator accepts).
     *
     * @return a new averager, in state {@code CREATED}
     */
    @Async
    public static Generator<Double, Double, Void> averager() {
        double total = 0.0;
        int count = 0;
        Double average = null;
        while (true) {
            // The value sent in becomes the result of this yield; the yielded value is what send returns.
            double term = Coroutines.yield(average);
            total += term;
            count++;
            average = total / count;
        }
    }

    /**
     * Primes an averager, sends it 10, 30 and 5, and prints each average (10.0, 20.0, 15.0), with the
     * generator's state before, during and after.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Generator<Double, Double, Void> avg = averager();
        System.out.println("state: " + avg.state());
        // Priming runs the body to its first yield, where it can receive a value; it yields null.
        avg.next();
        System.out.println("state: " + avg.state());
        for (double value : new double[] {10, 30, 5}) {
            System.out.println(avg.send(value));
        }
        // The loop never ends on its own: close() raises GeneratorExit at the yield, which ends the body.
        avg.close();
        System.out.println("state: " + avg.state());
    }
}
