package dev.weft.tests;

import static dev.weft.tests.Fixtures.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Generators as people write them: Fluent Python's averager and grouper, fibonacci, flatten, a pipeline. */
class RealisticGeneratorsTest {

    @Async
    static Generator<Long, Object, Object> fibonacci() {
        long a = 0;
        long b = 1;
        while (true) {
            Coroutines.yield(a);
            long next = a + b;
            a = b;
            b = next;
        }
    }

    record Result(int count, Double average) {}

    /** PEP 342's running average: send terms in, get the average so far; send null to stop. */
    @Async
    static Generator<Double, Double, Result> averager() {
        double total = 0.0;
        int count = 0;
        Double average = null;
        while (true) {
            Double term = Coroutines.yield(average);
            if (term == null) {
                break;
            }
            total += term;
            count++;
            average = total / count;
        }
        return Coroutines.done(new Result(count, average));
    }

    /** Fluent Python's grouper: one averager after another, each one's result stored under {@code key}. */
    @Async
    static Generator<Double, Double, Object> grouper(Map<String, Result> results, String key) {
        while (true) {
            Result result = Coroutines.yieldFrom(averager());
            results.put(key, result);
        }
    }

    @Async
    static Generator<Object, Object, Object> flatten(Iterable<?> items) {
        for (Object item : items) {
            if (item instanceof Iterable<?>) {
                Coroutines.yieldFrom(flatten((Iterable<?>) item));
            } else {
                Coroutines.yield(item);
            }
        }
        return Coroutines.done();
    }

    /** Numbers the non-blank lines; returns how many. */
    @Async
    static Generator<String, Object, Integer> numberedLines(Iterable<String> lines) {
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            Coroutines.yield(n + ": " + line.strip());
        }
        return Coroutines.done(n);
    }

    /** Passes on the values of {@code source} that contain {@code word}, iterating it (not delegating). */
    @Async
    static Generator<String, Object, Object> grep(String word, Generator<String, Object, ?> source) {
        for (String s : source) {
            if (s.contains(word)) {
                Coroutines.yield(s);
            }
        }
        return Coroutines.done(source.returnValue());
    }

    /** Instance {@code @Async} methods that read and write the fields of their object across yields. */
    static final class Inventory {
        private final Map<String, Integer> stock = new TreeMap<>();
        private int deliveries;

        /** Takes quantities of {@code item} until null; answers the stock so far; returns how many it added. */
        @Async
        Generator<String, Integer, Integer> restock(String item) {
            int added = 0;
            Integer quantity = Coroutines.yield("how many " + item + "?");
            while (quantity != null) {
                stock.merge(item, quantity, Integer::sum);
                deliveries++;
                added += quantity;
                quantity = Coroutines.yield(item + ": " + stock.get(item));
            }
            return Coroutines.done(added);
        }

        /** Restocks each item in turn through {@link #restock}, then reports the deliveries. */
        @Async
        Generator<String, Integer, String> restockAll(List<String> items) {
            int total = 0;
            for (String item : items) {
                total += Coroutines.yieldFrom(this.restock(item));
            }
            return Coroutines.done(total + " units in " + deliveries + " deliveries");
        }
    }

    /** A generic {@code @Async} method. */
    @Async
    static <T> Generator<T, Object, Integer> repeat(T value, int times) {
        for (int i = 0; i < times; i++) {
            Coroutines.yield(value);
        }
        return Coroutines.done(times);
    }

    @Test
    void instanceMethodsUseTheirObjectAcrossYields() {
        Inventory inventory = new Inventory();
        Generator<String, Integer, String> g = inventory.restockAll(List.of("apples", "pears"));
        assertEquals("how many apples?", g.send(null));
        assertEquals("apples: 3", g.send(3));
        assertEquals("apples: 5", g.send(2));
        assertEquals("how many pears?", g.send(null));
        assertEquals("pears: 4", g.send(4));
        StopIteration end = assertThrows(StopIteration.class, () -> g.send(null));
        assertEquals("9 units in 3 deliveries", end.value());
        assertEquals(Map.of("apples", 5, "pears", 4), inventory.stock);
    }

    @Test
    void aGenericGenerator() {
        Generator<String, Object, Integer> g = repeat("ho", 3);
        assertEquals("ho ho ho", String.join(" ", drain(g)));
        assertEquals(3, g.returnValue());
    }

    @Test
    void fibonacciNumbers() {
        Generator<Long, Object, Object> fib = fibonacci();
        List<Long> first = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.add(fib.next());
        }
        assertEquals(List.of(0L, 1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L, 34L, 55L, 89L), first);
        fib.close();
    }

    @Test
    void runningAverager() {
        Generator<Double, Double, Result> avg = averager();
        assertNull(avg.next());
        assertEquals(10.0, avg.send(10.0));
        assertEquals(20.0, avg.send(30.0));
        assertEquals(15.0, avg.send(5.0));
        StopIteration end = assertThrows(StopIteration.class, () -> avg.send(null));
        assertEquals(new Result(3, 15.0), end.value());
        assertEquals(new Result(3, 15.0), avg.returnValue());
    }

    @Test
    void grouperCollectsTheReturnValuesOfItsAveragers() {
        Map<String, List<Double>> data = new LinkedHashMap<>();
        data.put("girls;kg", List.of(40.9, 38.5, 44.3, 42.2, 45.2, 41.7, 44.5, 38.0, 40.6, 44.5));
        data.put("girls;m", List.of(1.6, 1.51, 1.4, 1.3, 1.41, 1.39, 1.33, 1.46, 1.45, 1.43));
        data.put("boys;kg", List.of(39.0, 40.8, 43.2, 40.8, 43.1, 38.6, 41.4, 40.6, 36.3));
        data.put("boys;m", List.of(1.38, 1.5, 1.32, 1.25, 1.37, 1.48, 1.25, 1.49, 1.46));

        Map<String, Result> results = new TreeMap<>();
        for (Map.Entry<String, List<Double>> entry : data.entrySet()) {
            Generator<Double, Double, Object> group = grouper(results, entry.getKey());
            group.next();
            for (double value : entry.getValue()) {
                group.send(value);
            }
            assertNull(group.send(null), "the averager returned and a fresh one started");
            group.close();
        }

        assertEquals(List.of("boys;kg", "boys;m", "girls;kg", "girls;m"), new ArrayList<>(results.keySet()));
        for (Map.Entry<String, List<Double>> entry : data.entrySet()) {
            List<Double> values = entry.getValue();
            Result r = results.get(entry.getKey());
            assertEquals(values.size(), r.count(), entry.getKey());
            double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
            assertEquals(mean, r.average(), 1e-9, entry.getKey());
        }
        assertEquals(42.04, results.get("girls;kg").average(), 0.005);
        assertEquals(1.39, results.get("boys;m").average(), 0.005);
    }

    @Test
    void flattenNestedLists() {
        List<Object> nested = List.of(1, List.of(2, List.of(3, 4)), 5, List.of(), List.of(List.of(List.of(6))));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), drain(flatten(nested)));
    }

    @Test
    void aPipelineOfGenerators() {
        List<String> text = List.of("the quick brown fox", "", "jumps over", "   ", "the lazy dog", " a fox again ");
        Generator<String, Object, Object> g = grep("fox", numberedLines(text));
        assertEquals(List.of("1: the quick brown fox", "4: a fox again"), drain(g));
        assertEquals(4, g.returnValue());
    }
}
