package demo;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** A generator and a coroutine that awaits another, woven at build time by weft-maven-plugin. */
public class Countdown {
    @Async
    public static Generator<Integer, Object, String> countdown(int from) {
        for (int i = from; i > 0; i--) {
            Coroutines.yield(i);
        }
        return Coroutines.done("liftoff");
    }

    @Async
    public static Coroutine<Integer> total(int from) {
        int sum = 0;
        Generator<Integer, Object, String> g = countdown(from);
        while (g.hasNext()) {
            sum += g.next();
        }
        return Coroutines.done(sum + Coroutines.await(bonus()));
    }

    @Async
    static Coroutine<Integer> bonus() {
        return Coroutines.done(100);
    }

    public static void main(String[] args) {
        Generator<Integer, Object, String> g = countdown(3);
        StringBuilder out = new StringBuilder();
        for (int i : g) {
            out.append(i).append(' ');
        }
        out.append(g.returnValue());
        System.out.println(out);
        try {
            total(3).send(null);
        } catch (dev.weft.StopIteration done) {
            System.out.println("total " + done.value());
        }
    }
}
