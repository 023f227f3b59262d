// expect: 14: yield inside a lambda body: a lambda cannot suspend the method around it; use a loop
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.List;

/** yield inside a forEach lambda: a common slip, refused with the loop as the fix. */
class YieldInLambda {
    @Async
    Generator<String, Object, Void> each(List<String> names) {
        names.forEach(n -> {
            Coroutines.yield(n);
        });
        return Coroutines.done();
    }
}
