// expect: 10: await in a constructor or initializer
package bad;

import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** A field initializer is constructor code. */
class AwaitInInitializer {
    private static final CompletableFuture<String> F = CompletableFuture.completedFuture("x");
    private final String value = Coroutines.await(F);
}
