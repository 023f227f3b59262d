package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterator;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import java.util.ArrayList;
import java.util.List;

/**
 * PEP 525's ticker, an async generator that yields a number every {@code delay} seconds, and two more
 * made from it, each consumed with Python's {@code async for} written as a Java loop over an
 * {@link AsyncIterator}:
 *
 * <pre>{@code
 * AsyncIterator<Integer> it = ticker(delay, 5).aiter();      // async for i in ticker(delay, 5):
 * while (await(it.hasNext())) {
 *     int i = it.next();
 *     ...
 * }
 * }</pre>
 *
 * {@code squares} is an async generator over another one (a pipeline stage); {@code firstTicksAbove}
 * leaves its loop early, as a {@code break} does, and the generator it leaves suspended is closed by
 * {@code Asyncio.run} as it ends ({@code shutdown_asyncgens}), its {@code finally} block running then.
 *
 * <pre>
 * usage: Ticker [DELAY]       seconds between ticks (default 0.05)
 * </pre>
 */
public final class Ticker {
    /** Seconds between ticks when no argument is given. */
    public static final double DEFAULT_DELAY = 0.05;

    private Ticker() {}

    /** PEP 525's example: yields 0 to {@code to - 1}, one every {@code delay} seconds. */
    @Async
    public static AsyncGenerator<Integer, Object> ticker(double delay, int to) {
        try {
            for (int i = 0; i < to; i++) {
                Coroutines.yield(i);
                await(Asyncio.sleep(delay));
            }
        } finally {
            System.out.println("ticker(" + to + ") closed");
        }
        return Coroutines.done();
    }

    /** The squares of what {@code source} yields: one async generator consuming another. */
    @Async
    public static AsyncGenerator<Integer, Object> squares(AsyncGenerator<Integer, Object> source) {
        AsyncIterator<Integer> it = source.aiter();
        while (await(it.hasNext())) {
            int x = it.next();
            Coroutines.yield(x * x);
        }
        return Coroutines.done();
    }

    /** Every value of {@code source}, in order. */
    @Async
    public static Coroutine<List<Integer>> collect(AsyncGenerator<Integer, Object> source) {
        List<Integer> values = new ArrayList<>();
        AsyncIterator<Integer> it = source.aiter();
        while (await(it.hasNext())) {
            values.add(it.next());
        }
        return Coroutines.done(values);
    }

    /** The ticks until the first above {@code limit}: leaves the loop early, the generator unfinished. */
    @Async
    public static Coroutine<List<Integer>> firstTicksAbove(double delay, int limit) {
        List<Integer> values = new ArrayList<>();
        AsyncIterator<Integer> it = ticker(delay, 1_000).aiter();
        while (await(it.hasNext())) {
            int i = it.next();
            values.add(i);
            if (i > limit) {
                break;
            }
        }
        System.out.println("left the loop after " + values);
        return Coroutines.done(values);
    }

    /**
     * Prints the ticks, their squares, and the first ticks above 2.
     *
     * @param args the delay between ticks in seconds (optional)
     */
    public static void main(String[] args) {
        double delay = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_DELAY;
        System.out.println("ticks: " + Asyncio.run(collect(ticker(delay, 5))));
        System.out.println("squares: " + Asyncio.run(collect(squares(ticker(delay, 5)))));
        List<Integer> first = Asyncio.run(firstTicksAbove(delay, 2));
        System.out.println("first ticks above 2: " + first);
    }
}
