package dev.weft.examples;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fluent Python's {@code coroaverager3}: averagers that <em>return</em> their result, collected by a
 * delegating generator through {@link Coroutines#yieldFrom(Generator)}, the Java spelling of PEP 380's
 * {@code yield from}.
 *
 * <p>Three parties, in PEP 380's terms: the <em>caller</em> ({@link #group}) sends values into the
 * <em>delegating generator</em> ({@link #grouper}), which passes them straight through to the
 * <em>subgenerator</em> ({@link #averager}). When the caller sends {@code null}, the averager returns a
 * {@link Result}, {@code yieldFrom} evaluates to it, and the grouper stores it and starts a new averager.
 */
public final class Grouper {
    private Grouper() {}

    /**
     * What an averager returns when it is told to stop.
     *
     * @param count how many values it averaged
     * @param average their mean, or {@code null} if there were none
     */
    public record Result(int count, Double average) {}

    /**
     * A generator that averages the values sent to it until it is sent {@code null}, then returns a
     * {@link Result}. Unlike {@link RunningAverager#averager()} it yields nothing useful: the result is
     * its return value, which {@code yieldFrom} hands to the delegating generator.
     *
     * @return a new averager, in state {@code CREATED}
     */
    @Async
    public static Generator<Void, Double, Result> averager() {
        double total = 0.0;
        int count = 0;
        Double average = null;
        while (true) {
            Double term = Coroutines.yield(null);
            if (term == null) {
                // The sentinel: without it the averager would never return, and the grouper never store.
                break;
            }
            total += term;
            count++;
            average = total / count;
        }
        return Coroutines.done(new Result(count, average));
    }

    /**
     * The delegating generator: runs one averager after another, storing each one's result in
     * {@code results} under {@code key}. While an averager runs, every {@code send} to the grouper goes
     * straight to it, and its yields come straight back out.
     *
     * @param results where each averager's result is put
     * @param key the key to put it under
     * @return a new grouper, in state {@code CREATED}
     */
    @Async
    public static Generator<Void, Double, Void> grouper(Map<String, Result> results, String key) {
        // Runs forever: each pass waits for one averager to return. The caller abandons the grouper
        // (or closes it) once it has the result it wants.
        while (true) {
            Result result = Coroutines.yieldFrom(averager());
            results.put(key, result);
        }
    }

    /**
     * The caller: feeds every group of values through its own grouper and collects the results.
     *
     * @param data the values of each group, by key ({@code "name;unit"})
     * @return each group's result, by key, sorted
     */
    public static Map<String, Result> group(Map<String, List<Double>> data) {
        Map<String, Result> results = new TreeMap<>();
        for (Map.Entry<String, List<Double>> entry : data.entrySet()) {
            Generator<Void, Double, Void> group = grouper(results, entry.getKey());
            group.next(); // prime it: the grouper is now suspended inside its first averager
            for (double value : entry.getValue()) {
                group.send(value);
            }
            // Important: the null makes the current averager return, so its result reaches `results`.
            group.send(null);
            group.close();
        }
        return results;
    }

    /**
     * Formats the results as Fluent Python's report does, one line per group:
     * {@code " 9 boys  averaging 40.42kg"}.
     *
     * @param results the results, by key ({@code "name;unit"})
     * @return the report's lines
     */
    public static List<String> report(Map<String, Result> results) {
        return results.entrySet().stream()
                .map(entry -> {
                    String[] nameAndUnit = entry.getKey().split(";", 2);
                    Result result = entry.getValue();
                    // Locale.ROOT: the report reads the same whatever the machine's locale.
                    return String.format(Locale.ROOT, "%2d %-5s averaging %.2f%s",
                            result.count(), nameAndUnit[0], result.average(), nameAndUnit[1]);
                })
                .toList();
    }

    /** The school survey of Fluent Python: weights (kg) and heights (m) of girls and boys. */
    public static Map<String, List<Double>> sampleData() {
        Map<String, List<Double>> data = new LinkedHashMap<>();
        data.put("girls;kg", List.of(40.9, 38.5, 44.3, 42.2, 45.2, 41.7, 44.5, 38.0, 40.6, 44.5));
        data.put("girls;m", List.of(1.6, 1.51, 1.4, 1.3, 1.41, 1.39, 1.33, 1.46, 1.45, 1.43));
        data.put("boys;kg", List.of(39.0, 40.8, 43.2, 40.8, 43.1, 38.6, 41.4, 40.6, 36.3));
        data.put("boys;m", List.of(1.38, 1.5, 1.32, 1.25, 1.37, 1.48, 1.25, 1.49, 1.46));
        return data;
    }

    /**
     * Groups the sample data and prints the report.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        report(group(sampleData())).forEach(System.out::println);
    }
}
