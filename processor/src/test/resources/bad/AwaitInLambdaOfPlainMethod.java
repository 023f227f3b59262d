// expect: 11: await inside a lambda body
package bad;

import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A lambda is no @Async body, wherever it is. */
class AwaitInLambdaOfPlainMethod {
    Supplier<String> later(CompletableFuture<String> f) {
        return () -> Coroutines.await(f);
    }
}
