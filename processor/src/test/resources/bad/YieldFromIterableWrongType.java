// expect: 13: yieldFrom an Iterable of String in a Generator<Integer, Object, Void> method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.List;

/** The elements of an Iterable become the generator's values. */
class YieldFromIterableWrongType {
    @Async
    Generator<Integer, Object, Void> numbers(List<String> words) {
        Coroutines.yieldFrom(words);
        return Coroutines.done();
    }
}
