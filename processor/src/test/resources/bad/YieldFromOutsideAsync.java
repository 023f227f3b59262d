// expect: 10: yieldFrom outside an @Async method
package bad;

import dev.weft.Coroutines;
import java.util.List;

/** yieldFrom in a plain method. */
class YieldFromOutsideAsync {
    void plain() {
        Coroutines.yieldFrom(List.of(1, 2));
    }
}
