// expect: 13: yield of int in an AsyncGenerator<Long, Object> method
package bad;

import dev.weft.AsyncGenerator;
import dev.weft.Async;
import dev.weft.Coroutines;

/** The same rule in an async generator, with a primitive that does not box to the yield type. */
class YieldWrongTypeAsyncGenerator {
    @Async
    AsyncGenerator<Long, Object> numbers() {
        int i = 1;
        Coroutines.yield(i);
        return Coroutines.done();
    }
}
