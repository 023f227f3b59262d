// expect result: 1:Integer 2:Integer | 3:Integer 2.5:Double | 7:Integer | s:String 5:Integer | c:Character c:Character | 1:Short c:Character | 4:Integer
package good;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.Collections;
import java.util.List;

/**
 * Delegation to generic calls whose type arguments javac inferred against yieldFrom's parameter: those
 * the arguments alone decide are judged as they are, the others (no arguments to bound them, an
 * intersection, the send type) are left alone, as they would have been inferred to fit; constants of a
 * boxed type's own primitive may be yielded.
 */
public class InferredDelegation {
    @SafeVarargs
    @Async
    static <T> Generator<T, Object, Integer> each(T... values) {
        for (T v : values) {
            Coroutines.yield(v);
        }
        return Coroutines.done(values.length);
    }

    @Async
    static <T extends Number> Generator<T, Object, Void> none() {
        return Coroutines.done();
    }

    @Async
    static <T> Generator<T, T, Void> echo(T first) {
        T got = Coroutines.yield(first);
        while (got != null) {
            got = Coroutines.yield(got);
        }
        return Coroutines.done();
    }

    @Async
    static Generator<Number, Object, Void> numbers() {
        Coroutines.yieldFrom(List.of(1, 2));
        Coroutines.yieldFrom(List.of());
        Coroutines.yieldFrom(none());
        return Coroutines.done();
    }

    @Async
    static Generator<Number, Object, Void> mixed() {
        Coroutines.yieldFrom(each(3, 2.5));
        return Coroutines.done();
    }

    @Async
    static Generator<Integer, Object, Void> ints() {
        Coroutines.yieldFrom(none());
        Coroutines.yieldFrom(Collections.emptyList());
        Coroutines.yieldFrom(each(7));
        return Coroutines.done();
    }

    @Async
    static Generator<Object, Integer, Void> echoing() {
        Coroutines.yieldFrom(echo("s"));
        return Coroutines.done();
    }

    @Async
    static Generator<Character, Object, Void> chars() {
        Coroutines.yieldFrom(Collections.nCopies(2, 'c'));
        return Coroutines.done();
    }

    @Async
    static Generator<Object, Object, Void> boxed() {
        Coroutines.yield((short) 1);
        Coroutines.yield('c');
        return Coroutines.done();
    }

    @Async
    static Generator<Integer, Object, Void> constant() {
        final int four = 4;
        Coroutines.yield(four);
        return Coroutines.done();
    }

    private static String all(Generator<?, ?, ?> g) {
        StringBuilder out = new StringBuilder();
        for (Object v : g) {
            out.append(out.length() == 0 ? "" : " ").append(v).append(':').append(v.getClass().getSimpleName());
        }
        return out.toString();
    }

    private static String sent(Generator<Object, Integer, Void> g) {
        Object first = g.next();
        Object second = g.send(5);
        return first + ":" + first.getClass().getSimpleName() + " " + second + ":" + second.getClass().getSimpleName();
    }

    public static String run() {
        return String.join(" | ", all(numbers()), all(mixed()), all(ints()), sent(echoing()), all(chars()),
                all(boxed()), all(constant()));
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
