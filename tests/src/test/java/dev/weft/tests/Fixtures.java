package dev.weft.tests;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;

/** Small woven generators shared by several suites. */
final class Fixtures {
    private Fixtures() {}

    /** Yields 1 to {@code n}, then returns {@code "counted n"}. */
    @Async
    static Generator<Integer, Object, String> countTo(int n) {
        for (int i = 1; i <= n; i++) {
            Coroutines.yield(i);
        }
        return Coroutines.done("counted " + n);
    }

    /** Drains {@code g} with {@code send(null)} until {@link StopIteration} and returns what it yielded. */
    static <Y> List<Y> drain(Generator<Y, ?, ?> g) {
        List<Y> out = new ArrayList<>();
        for (;;) {
            try {
                out.add(g.send(null));
            } catch (StopIteration end) {
                return out;
            }
        }
    }
}
