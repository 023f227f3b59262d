package demo;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/** Would be woven, but must not be written: another class of the project has an error. */
public class Good {
    @Async
    public static Generator<Integer, Object, Void> one() {
        Coroutines.yield(1);
        return Coroutines.done();
    }
}
