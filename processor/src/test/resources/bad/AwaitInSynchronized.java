// expect: 17: await inside a synchronized block: a suspended coroutine cannot hold a monitor
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** await while holding a monitor. */
class AwaitInSynchronized {
    private final Object lock = new Object();
    private int count;

    @Async
    Coroutine<Integer> bump(CompletableFuture<Integer> delta) {
        synchronized (lock) {
            count += Coroutines.await(delta);
        }
        return Coroutines.done(count);
    }
}
