// expect: 15: await inside a lambda body
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** await inside a lambda inside an @Async method: the lambda is another method. */
class AwaitInLambda {
    @Async
    Coroutine<Integer> sum(List<CompletableFuture<Integer>> parts) {
        int total = parts.stream()
                .mapToInt(p -> Coroutines.await(p))
                .sum();
        return Coroutines.done(total);
    }
}
