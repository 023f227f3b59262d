// expect: 18: yieldFrom a generator that yields String in a Generator<Integer, Object, Void> method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** A sub-generator of String delegated to from a generator of Integer. */
class YieldFromWrongYieldType {
    @Async
    Generator<String, Object, Void> words() {
        Coroutines.yield("a");
        return Coroutines.done();
    }

    @Async
    Generator<Integer, Object, Void> numbers() {
        Coroutines.yieldFrom(words());
        return Coroutines.done();
    }
}
