// expect: 11: an @Async method must return Coroutine<R>, Generator<Y, S, R>, AsyncGenerator<Y, S>, CompletableFuture<R> or CompletionStage<R>, not void
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** An @Async method must hand back something to drive it by. */
class VoidAsync {
    @Async
    void fireAndForget(CompletableFuture<String> f) {
        System.out.println(Coroutines.await(f));
    }
}
