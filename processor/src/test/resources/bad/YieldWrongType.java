// expect: 13: yield of String in a Generator<Integer, Object, Void> method: the value is not assignable to the yield type Integer
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** yield takes an Object, so javac cannot see that a String does not fit a generator of Integer. */
class YieldWrongType {
    @Async
    Generator<Integer, Object, Void> numbers() {
        Coroutines.yield(1);
        Coroutines.yield("two");
        return Coroutines.done();
    }
}
