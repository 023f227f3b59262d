// expect: 17: await inside a local or anonymous class within @Async method load
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** await in a method of an anonymous class declared inside an @Async method. */
class AwaitInAnonymousClass {
    @Async
    Coroutine<String> load(CompletableFuture<String> f) {
        Supplier<String> s = new Supplier<>() {
            @Override
            public String get() {
                return Coroutines.await(f);
            }
        };
        return Coroutines.done(s.get());
    }
}
