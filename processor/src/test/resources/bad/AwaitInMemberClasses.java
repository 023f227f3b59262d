// expect: 15: await outside an @Async method: plain is not @Async
// expect: 24: await inside a local or anonymous class within @Async method fine
// expect: 35: yield in a Coroutine method
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import java.util.concurrent.CompletableFuture;

/** Problems in member classes, nested two deep, are each reported once, at their own line. */
class AwaitInMemberClasses {
    static class Member {
        String plain(CompletableFuture<String> f) {
            return Coroutines.await(f);
        }

        class Deeper {
            @Async
            Coroutine<String> fine(CompletableFuture<String> f) {
                Runnable r = new Runnable() {
                    @Override
                    public void run() {
                        Coroutines.await(f);
                    }
                };
                r.run();
                return Coroutines.done(Coroutines.await(f));
            }
        }
    }

    @Async
    Coroutine<String> outer(CompletableFuture<String> f) {
        Coroutines.yield(1);
        return Coroutines.done(Coroutines.await(f));
    }
}
