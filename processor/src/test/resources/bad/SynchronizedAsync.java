// expect: 11: an @Async method cannot be synchronized
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;

/** A synchronized @Async method. */
class SynchronizedAsync {
    @Async
    synchronized Coroutine<Integer> next() {
        return Coroutines.done(1);
    }
}
