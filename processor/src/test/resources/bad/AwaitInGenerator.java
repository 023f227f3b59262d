// expect: 13: await in a Generator method: a generator cannot await; return AsyncGenerator
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.concurrent.CompletableFuture;

/** A synchronous generator cannot wait. */
class AwaitInGenerator {
    @Async
    Generator<String, Object, Void> pages(CompletableFuture<String> first) {
        Coroutines.yield(Coroutines.await(first));
        return Coroutines.done();
    }
}
