// expect result: 3,2,5,4,3,2,1 yielded 7
package good;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** A generator that counts down, takes a new start sent in, and returns how many values it yielded. */
public class Countdown {
    @Async
    public static Generator<Integer, Integer, Integer> from(int n) {
        int yielded = 0;
        while (n > 0) {
            Integer sent = Coroutines.yield(n);
            yielded++;
            n = sent != null ? sent : n - 1;
        }
        return Coroutines.done(yielded);
    }

    public static String run() {
        Generator<Integer, Integer, Integer> g = from(3);
        StringBuilder out = new StringBuilder();
        out.append(g.send(null));
        out.append(',').append(g.send(null));
        out.append(',').append(g.send(5));
        for (Integer i : g) {
            out.append(',').append(i);
        }
        return out.append(" yielded ").append(g.returnValue()).toString();
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
