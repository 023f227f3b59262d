// expect: 12: await in a constructor or initializer: a constructor cannot suspend
package bad;

import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** A constructor cannot suspend. */
class AwaitInConstructor {
    private final String value;

    AwaitInConstructor(CompletableFuture<String> f) {
        value = Coroutines.await(f);
    }
}
