package jdk25;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * A class file of the newest format (Java 25, major version 69), checked in beside this source. Rebuild
 * it from the repository root with:
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/javac --release 25 -cp runtime/target/classes
 *     -d weaver/src/test/resources weaver/src/test/resources/jdk25/Latest.java
 */
public class Latest {
    sealed interface Shape permits Dot, Line {}

    record Dot(int x) implements Shape {}

    record Line(int from, int to) implements Shape {}

    @Async
    public static Generator<Object, Object, String> lengths(Shape... shapes) {
        int total = 0;
        for (Shape s : shapes) {
            int length = switch (s) {
                case Dot(var x) -> (Integer) Coroutines.yield("dot at " + x) + 0;
                case Line(var from, var to) when to > from -> to - from;
                case Line l -> (Integer) Coroutines.yield("backwards " + l) + l.from() - l.to();
            };
            total += length;
        }
        return Coroutines.done("total " + total);
    }
}
