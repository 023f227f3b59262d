package demo;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.loop.Asyncio;

/** A named module using weft (an automatic module, dev.weft): a generator and a coroutine on the loop. */
public class Main {
    @Async
    static Generator<Integer, Object, Void> count(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(i);
        }
        return Coroutines.done();
    }

    @Async
    static Coroutine<Integer> sum(int n) {
        int total = 0;
        for (int v : count(n)) {
            await(Asyncio.sleep(0));
            total += v;
        }
        return Coroutines.done(total);
    }

    public static void main(String[] args) {
        System.out.println("sum " + Asyncio.run(sum(5)));
    }
}
