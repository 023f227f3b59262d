// expect: 13: yield in a CompletionStage method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Nor a CompletionStage method. */
class YieldInCompletionStage {
    @Async
    CompletionStage<Integer> one() {
        Integer sent = Coroutines.yield(1);
        return CompletableFuture.completedFuture(sent);
    }
}
