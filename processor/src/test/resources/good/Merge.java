// expect result: left right left
package good;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * The woven method merges two classes that javac writes after this one (they follow it in the file), so
 * their class files do not exist yet when it is woven: the processor answers from javac's model.
 */
public class Merge {
    @Async
    static Generator<String, Object, Void> sides(int n) {
        for (int i = 0; i < n; i++) {
            MergeSide side = i % 2 == 0 ? new MergeLeft() : new MergeRight();
            Coroutines.yield(side.name());
            Coroutines.yield(side.toString());
        }
        return Coroutines.done();
    }

    public static String run() {
        StringBuilder b = new StringBuilder();
        Generator<String, Object, Void> g = sides(3);
        while (g.hasNext()) {
            String name = g.next();
            b.append(b.length() == 0 ? "" : " ").append(name);
            g.next();
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}

abstract class MergeSide {
    abstract String name();

    @Override
    public String toString() {
        return name();
    }
}

final class MergeLeft extends MergeSide {
    @Override
    String name() {
        return "left";
    }
}

final class MergeRight extends MergeSide {
    @Override
    String name() {
        return "right";
    }
}
