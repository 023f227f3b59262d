// expect: 14: yield inside a local or anonymous class within @Async method numbers
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** yield in a method of a local class declared inside an @Async generator. */
class YieldInLocalClass {
    @Async
    Generator<Integer, Object, Void> numbers() {
        class Helper {
            void emit(int n) {
                Coroutines.yield(n);
            }
        }
        new Helper().emit(1);
        return Coroutines.done();
    }
}
