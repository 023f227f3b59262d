// expect result: []:ListN []:ArrayList []:ArrayList | []:ListN [a]:List12 []:ArrayList | Optional.empty:Optional | x:String y:String 3:Integer | y:String x:String two:String | 2.5:Double 1:Integer | 1.0:Double 3:Long | a:String b:String c:String d:String e:String f:String | x:String y:String z:String z:String | 7:Long 9:Long | 8:Long 10:Long
package good;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Yields of poly expressions, which javac types against yield's Object parameter rather than the
 * generator's yield type: generic calls and diamonds (List.of(), new ArrayList<>()), conditionals and
 * switch expressions, each branch held to the yield type on its own; the same as the argument of yieldFrom.
 */
public class PolyYields {
    @Async
    static Generator<List<String>, Object, Void> lists(boolean b) {
        Coroutines.yield(List.of());
        Coroutines.yield(b ? List.of("a") : new ArrayList<>());
        Coroutines.yield(new ArrayList<>());
        return Coroutines.done();
    }

    @Async
    static Generator<Optional<String>, Object, Void> optionals() {
        Coroutines.yield(Optional.empty());
        return Coroutines.done();
    }

    @Async
    static Generator<Object, Object, Void> strings(boolean b, int n) {
        Coroutines.yield(b ? "x" : "y");
        Coroutines.yield(!b ? "x" : "y");
        Coroutines.yield(switch (n) {
            case 1 -> 3;
            case 2 -> { yield "two"; }
            default -> "many";
        });
        return Coroutines.done();
    }

    @Async
    static Generator<Number, Object, Void> numbers(int n) {
        Coroutines.yield(n > 0 ? 1 : 2.5);
        Coroutines.yield(switch (n) {
            case 0 -> 1;
            default -> {
                if (n > 5) {
                    yield 3L;
                }
                yield 2.5;
            }
        });
        return Coroutines.done();
    }

    @Async
    static Generator<String, Object, Integer> pair(String a, String b) {
        Coroutines.yield(a);
        Coroutines.yield(b);
        return Coroutines.done(a.length());
    }

    @Async
    static Generator<CharSequence, Object, Integer> delegating(boolean b, int n) {
        int r = Coroutines.yieldFrom(b ? pair("a", "b") : pair("x", "y"));
        r += Coroutines.yieldFrom(switch (n) {
            case 0 -> pair("c", "d");
            default -> pair("z", "z");
        });
        Coroutines.yieldFrom(n == 0 ? List.of("e", "f") : new ArrayList<String>());
        return Coroutines.done(r);
    }

    @Async
    static Generator<Long, Object, Void> longs(boolean b) {
        Coroutines.yield(b ? 7 : 8L);
        Coroutines.yield(switch (b ? 1 : 0) {
            case 1 -> 9L;
            default -> 10L;
        });
        return Coroutines.done();
    }

    private static String all(Generator<?, Object, ?> g) {
        StringBuilder out = new StringBuilder();
        for (Object v : g) {
            out.append(out.length() == 0 ? "" : " ").append(v).append(':').append(v.getClass().getSimpleName());
        }
        return out.toString();
    }

    public static String run() {
        return String.join(" | ", all(lists(false)), all(lists(true)), all(optionals()), all(strings(true, 1)),
                all(strings(false, 2)), all(numbers(0)), all(numbers(6)), all(delegating(true, 0)),
                all(delegating(false, 1)), all(longs(true)), all(longs(false)));
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
