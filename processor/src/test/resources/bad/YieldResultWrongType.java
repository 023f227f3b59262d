// expect: 12: yield returns the value sent in, of the send type String, but it is used here as Integer
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** yield returns what is sent in: a String here, which is no Integer. */
class YieldResultWrongType {
    @Async
    Generator<Integer, String, Void> echo() {
        Integer got = Coroutines.yield(1);
        return Coroutines.done();
    }
}
