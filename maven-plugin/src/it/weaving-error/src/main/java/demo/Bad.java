package demo;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** Awaits inside a synchronized block, which weft refuses. */
public class Bad {
    private final Object lock = new Object();

    @Async
    public Coroutine<String> locked(CompletableFuture<String> reply) {
        synchronized (lock) {
            String got = Coroutines.await(reply); // line 15: verify.groovy expects it
            return Coroutines.done(got);
        }
    }
}
