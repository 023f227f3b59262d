package demo.mod;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** A generator, a coroutine awaiting a private one, and the module it runs in. */
public final class Main {
    private Main() {
    }

    @Async
    static Generator<Integer, Object, String> squares(int n) {
        for (int i = 1; i <= n; i++) {
            Coroutines.yield(i * i);
        }
        return Coroutines.done("done");
    }

    @Async
    static Coroutine<Integer> sum(int n) {
        int total = 0;
        for (int v : squares(n)) {
            total += v;
        }
        return Coroutines.done(total + Coroutines.await(one()));
    }

    @Async
    private static Coroutine<Integer> one() {
        return Coroutines.done(1);
    }

    public static void main(String[] args) {
        Generator<Integer, Object, String> g = squares(3);
        StringBuilder out = new StringBuilder();
        for (int v : g) {
            out.append(v).append(' ');
        }
        out.append(g.returnValue());
        System.out.println(out);
        try {
            sum(4).send(null);
        } catch (dev.weft.StopIteration done) {
            System.out.println("sum " + done.value() + " in " + Main.class.getModule().getName());
        }
    }
}
