// expect: 13: yieldFrom in a CompletableFuture method: only generators yield
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A CompletableFuture method cannot yield either. */
class YieldFromInCompletableFuture {
    @Async
    CompletableFuture<Integer> all() {
        Coroutines.yieldFrom(List.of(1, 2, 3));
        return CompletableFuture.completedFuture(3);
    }
}
