// expect: 13: yieldFrom in an AsyncGenerator method: async generators cannot delegate
package bad;

import dev.weft.AsyncGenerator;
import dev.weft.Async;
import dev.weft.Coroutines;
import java.util.List;

/** Python has no "yield from" in async generators either. */
class YieldFromInAsyncGenerator {
    @Async
    AsyncGenerator<Integer, Object> numbers() {
        Coroutines.yieldFrom(List.of(1, 2));
        return Coroutines.done();
    }
}
