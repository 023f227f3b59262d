// expect: 12: yieldFrom a generator that yields Object in a Generator<Number, Object, Void> method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** A sub-generator of unknown values may yield anything: not a generator of Number's values. */
class YieldFromWildcardYieldType {
    @Async
    Generator<Number, Object, Void> numbers(Generator<?, Object, ?> any) {
        Coroutines.yieldFrom(any);
        return Coroutines.done();
    }
}
