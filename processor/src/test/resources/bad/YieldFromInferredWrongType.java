// expect: 29: yieldFrom an Iterable of String in a Generator<Integer, Object, Void> method
// expect: 30: yieldFrom a generator that yields String in a Generator<Integer, Object, Void> method
// expect: 31: yieldFrom an Iterable of String in a Generator<Integer, Object, Void> method
// expect: 37: yieldFrom a generator that yields String in a Generator<Integer, Integer, Void> method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * A generic call or diamond whose yielded type its arguments alone decide is judged as it is: javac
 * would have inferred the same for the generator's yield type, and its values would not fit.
 */
class YieldFromInferredWrongType {
    @SafeVarargs
    @Async
    static <T> Generator<T, Object, Void> each(T... values) {
        for (T v : values) {
            Coroutines.yield(v);
        }
        return Coroutines.done();
    }

    @Async
    Generator<Integer, Object, Void> ints(List<String> words) {
        Coroutines.yieldFrom(List.of("a"));
        Coroutines.yieldFrom(each("b", "c"));
        Coroutines.yieldFrom(new ArrayList<>(words));
        return Coroutines.done();
    }

    @Async
    Generator<Integer, Integer, Void> sending() {
        Coroutines.yieldFrom(each("s"));
        return Coroutines.done();
    }
}
