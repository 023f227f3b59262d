package jdk21;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * Pattern switches and record patterns (Java 21) with suspension points in arms, in guards and below
 * the switch on the stack. The class files next to this source are checked in: rebuild them with
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/javac --release 21 -cp runtime/target/classes
 * -d weaver/src/test/resources weaver/src/test/resources/jdk21/Patterns.java} from the repository root.
 */
public class Patterns {
    public sealed interface Shape permits Circle, Square, Rect {}

    public record Circle(double r) implements Shape {}

    public record Square(int side) implements Shape {}

    public record Point(int x, int y) {}

    public record Rect(Point a, Point b) implements Shape {}

    public enum Color { RED, GREEN, BLUE }

    /** A type switch (SwitchBootstraps.typeSwitch) with case null, guards that suspend, and record patterns. */
    @Async
    public static Generator<Object, Object, String> describe(Object o) {
        String r = switch (o) {
            case null -> "null " + Coroutines.yield("null");
            case Circle c when c.r() > 10 -> "big circle " + Coroutines.yield(c.r());
            case Circle c -> "circle " + c.r();
            case Square(int side) -> "square " + side + Coroutines.yield(side);
            case Rect(Point(var x1, var y1), Point(int x2, int y2)) -> {
                int w = Coroutines.yield(x2 - x1);
                yield "rect " + w * (y2 - y1);
            }
            case String s when s.length() > Coroutines.<Integer>yield("limit?") -> "long string " + s;
            case String s -> "short string " + s;
            default -> "other " + o;
        };
        return Coroutines.done(r);
    }

    /** An exhaustive switch over a sealed type (no default: MatchException), with a wide value below it. */
    @Async
    public static Generator<Object, Object, Double> area(Shape shape, double scale) {
        double a = scale * switch (shape) {
            case Circle(double r) -> r * r * 3;
            case Square sq -> (double) sq.side() * sq.side();
            case Rect(Point(int x1, int y1), Point b) -> Coroutines.<Double>yield("rect " + x1 + y1 + b);
        };
        return Coroutines.done(a + (Double) Coroutines.yield(a));
    }

    /** An enum switch with patterns and qualified constants (SwitchBootstraps.enumSwitch). */
    @Async
    public static Generator<Object, Object, String> colors(Object o) {
        String r = switch (o) {
            case Color c when c == Color.RED -> "red " + Coroutines.yield("r");
            case Color.GREEN -> "green";
            case Color c -> "color " + c.name().toLowerCase() + Coroutines.yield(c.ordinal());
            default -> "not a color";
        };
        return Coroutines.done(r);
    }

    /** instanceof with record patterns, in a loop, with a suspension point inside the matched branch. */
    @Async
    public static Generator<Object, Object, Integer> sumRects(Object[] items) {
        int sum = 0;
        for (Object item : items) {
            if (item instanceof Rect(Point(int x1, int y1), Point(int x2, int y2)) && x2 > x1) {
                int extra = Coroutines.yield(x2 - x1);
                sum += (x2 - x1) * (y2 - y1) + extra;
            } else if (item instanceof Square(var side)) {
                sum += side;
            }
        }
        return Coroutines.done(sum);
    }
}
