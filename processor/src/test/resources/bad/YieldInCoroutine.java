// expect: 12: yield in a Coroutine method: only generators yield; return Generator or AsyncGenerator, or await instead
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;

/** A coroutine has no one to yield to. */
class YieldInCoroutine {
    @Async
    Coroutine<Integer> count() {
        Coroutines.yield(1);
        return Coroutines.done(1);
    }
}
