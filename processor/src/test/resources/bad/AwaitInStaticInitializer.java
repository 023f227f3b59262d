// expect: 12: await in a constructor or initializer
package bad;

import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** A static initializer cannot suspend either. */
class AwaitInStaticInitializer {
    static final String VALUE;

    static {
        VALUE = Coroutines.await(CompletableFuture.completedFuture("x"));
    }
}
