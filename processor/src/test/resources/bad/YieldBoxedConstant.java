// expect: 19: yield of int in a Generator<Short, Object, Void> method: the value, boxed as Integer (yield takes an Object), is not assignable to the yield type Short
// expect: 25: yield of int in a Generator<Character, Object, Void> method: the value, boxed as Integer
// expect: 26: yield of int in a Generator<Character, Object, Void> method: the value, boxed as Integer
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * Short s = 1 narrows the constant, but yield takes an Object: the constant is boxed as an Integer, which
 * the caller of a generator of Short or Character could not use.
 */
class YieldBoxedConstant {
    static final int K = 66;

    @Async
    Generator<Short, Object, Void> shorts() {
        Coroutines.yield(1);
        return Coroutines.done();
    }

    @Async
    Generator<Character, Object, Void> chars() {
        Coroutines.yield(65);
        Coroutines.yield(K);
        Coroutines.yield('A');
        return Coroutines.done();
    }
}
