// expect: 10: an @Async method cannot be native
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;

/** A native @Async method. */
class NativeAsync {
    @Async
    native Coroutine<Integer> fetch();
}
