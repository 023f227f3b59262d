// expect: 10: yield outside an @Async method: plain is not @Async
package bad;

import dev.weft.Coroutines;

/** yield in a plain static method. */
class YieldOutsideAsync {
    static void plain() {
        for (int i = 0; i < 3; i++) {
            Coroutines.yield(i);
        }
    }
}
