package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Loops, labelled break and continue, with suspension points in them (fixture: shapes/Loops). */
class ShapeLoopsTest {
    private final Class<?> loops = ShapeSupport.load(ShapeSupport.loader(), "Loops");

    @Test
    void forLoop() throws Throwable {
        run(call(loops, "forLoop", 4), 1, 2, 3, 4).is(List.of(0, 1, 2, 3), 10);
    }

    @Test
    void whileLoop() throws Throwable {
        run(call(loops, "whileLoop", "ab"), "c", "de").is(List.of("ab", "abc"), "abcde");
    }

    @Test
    void doWhileLoop() throws Throwable {
        run(call(loops, "doWhile", 3), null, null, null).is(List.of(2L, 4L, 8L), 8);
        run(call(loops, "doWhile", 0), (Object) null).is(List.of(2L), 2);
    }

    @Test
    void forEachOverArrays() throws Throwable {
        run(call(loops, "forEachArray", new String[] {"x", "y"}, new double[] {0.5, 0.25}), 1, 2, null, null)
                .is(List.of("x", "y", 0.5, 0.25), "x1y2=0.75");
    }

    @Test
    void forEachOverListsAndIterator() throws Throwable {
        run(call(loops, "forEachList", List.of("ab", "c")), 1, 2, 3, "I", "J")
                .is(List.of('a', 'b', 'c', "ab", "c"), "a1b2/c3/IJ");
    }

    @Test
    void labelledBreakAndContinue() throws Throwable {
        run(call(loops, "labelled", 3, 3), null, "skip", null, "next-row", "end-row")
                .is(List.of("0,0", "0,1", "0,2", "1,0", "2,0"), "00 02 | |");
        run(call(loops, "labelled", 3, 3), null, "stop").is(List.of("0,0", "0,1"), "00");
        run(call(loops, "labelled", 2, 2), null, null, null, null)
                .is(List.of("0,0", "0,1", "1,0", "1,1"), "00 01 | 10 11 |");
    }

    @Test
    void labelledBlockAndInfiniteLoop() throws Throwable {
        run(call(loops, "blockAndInfinite"), "go", "more", "more", null).is(List.of("enter", 1, 2, 3), "left 3");
        run(call(loops, "blockAndInfinite"), null, null).is(List.of("enter", 1), "fell through 1");
    }
}
