// expect: 10: an @Async method cannot be abstract: it has no body to rewrite
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;

/** An abstract @Async method: nothing to rewrite. */
abstract class AbstractAsync {
    @Async
    abstract Coroutine<Integer> fetch();
}
