// expect: 19: yieldFrom a generator whose send type is Integer in a Generator<Integer, String, Void> method: the values sent in (String)
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** What is sent into the outer generator passes through to the inner one. */
class YieldFromWrongSendType {
    @Async
    Generator<Integer, Integer, Void> adder() {
        int total = 0;
        Integer n = Coroutines.yield(total);
        return Coroutines.done();
    }

    @Async
    Generator<Integer, String, Void> outer() {
        Coroutines.yieldFrom(adder());
        return Coroutines.done();
    }
}
