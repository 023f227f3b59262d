// expect result: 0,1,7,10,20,0,xy,3
package good;

import dev.weft.Async;
import dev.weft.AsyncGenerator;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** yieldFrom with types that fit (subtypes, wildcards, type variables), and the other kinds of body. */
public class Delegation {
    @Async
    static Generator<Integer, Object, String> inner(int n) {
        for (int i = 0; i < n; i++) {
            Coroutines.yield(i);
        }
        return Coroutines.done("inner " + n);
    }

    @Async
    static Generator<Number, Object, Void> outer() {
        String r = Coroutines.yieldFrom(inner(2));
        Coroutines.yield(r.length());
        Coroutines.yieldFrom(List.of(10L, 20L));
        Generator<? extends Integer, Object, ?> wild = inner(1);
        Coroutines.yieldFrom(wild);
        return Coroutines.done();
    }

    @Async
    static <T> Generator<T, Object, Void> each(List<T> items) {
        for (T t : items) {
            Coroutines.yield(t);
        }
        return Coroutines.done();
    }

    @Async
    static <T> Generator<T, Object, Void> again(List<T> items) {
        Coroutines.yieldFrom(each(items));
        Coroutines.yieldFrom(items);
        return Coroutines.done();
    }

    @Async
    static CompletableFuture<Integer> sum(CompletableFuture<Integer> a, CompletionStage<Integer> b) {
        return CompletableFuture.completedFuture(Coroutines.await(a) + Coroutines.await(b));
    }

    @Async
    static AsyncGenerator<String, Object> ticks(CompletableFuture<String> f) {
        Coroutines.yield(Coroutines.await(f));
        return Coroutines.done();
    }

    public static String run() {
        StringBuilder b = new StringBuilder();
        for (Number n : outer()) {
            b.append(n).append(',');
        }
        for (String s : each(List.of("x", "y"))) {
            b.append(s);
        }
        int count = 0;
        for (String s : again(List.of("z"))) {
            count += s.length();
        }
        b.append(',').append(sum(CompletableFuture.completedFuture(1), CompletableFuture.completedFuture(count))
                .join());
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
