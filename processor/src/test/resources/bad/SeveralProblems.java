// expect: 17: yield of String
// expect: 18: await in a Generator method
// expect: 25: await inside a synchronized block
// expect: 30: await outside an @Async method
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.concurrent.CompletableFuture;

/** Every problem of a class is reported, each at its own line. */
class SeveralProblems {
    @Async
    Generator<Integer, Object, Void> numbers(CompletableFuture<Integer> f) {
        Coroutines.yield("one");
        Coroutines.yield(Coroutines.await(f));
        return Coroutines.done();
    }

    @Async
    Coroutine<Integer> total(Object lock, CompletableFuture<Integer> f) {
        synchronized (lock) {
            return Coroutines.done(Coroutines.await(f));
        }
    }

    int plain(CompletableFuture<Integer> f) {
        return Coroutines.await(f);
    }
}
