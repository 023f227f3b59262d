// expect: 14: yield inside a synchronized block
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** yield while holding a monitor, in a nested block. */
class YieldInSynchronized {
    @Async
    Generator<Integer, Object, Void> guarded(Object lock) {
        synchronized (lock) {
            if (lock != null) {
                Coroutines.yield(1);
            }
        }
        return Coroutines.done();
    }
}
