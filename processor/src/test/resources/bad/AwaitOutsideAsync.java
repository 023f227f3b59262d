// expect: 10: await outside an @Async method: plain is not @Async
package bad;

import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** await in a plain method: nothing rewrites it, so it would throw at run time. */
class AwaitOutsideAsync {
    String plain(CompletableFuture<String> f) {
        return Coroutines.await(f);
    }
}
