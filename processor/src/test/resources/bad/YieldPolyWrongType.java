// expect: 26: yield of int in a Generator<String, Object, Void> method
// expect: 29: yield of int in a Generator<String, Object, Void> method
// expect: 32: yield of java.util.List<Object> in a Generator<String, Object, Void> method
// expect: 38: yield of java.util.ArrayList<Object> in a Generator<java.util.Set<String>, Object, Void> method
// expect: 44: yieldFrom a generator that yields Integer in a Generator<String, Object, Void> method
// expect: 45: yieldFrom a generator that yields Integer in a Generator<String, Object, Void> method
// expect: 47: yieldFrom an Iterable of Integer in a Generator<String, Object, Void> method
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Conditionals and switch expressions are judged branch by branch, and a generic call or a diamond by
 * its class: what does not fit is refused at the branch that does not.
 */
class YieldPolyWrongType {
    @Async
    Generator<String, Object, Void> strings(boolean b, int n) {
        Coroutines.yield(b ? "x" : "y");
        Coroutines.yield(b ? "x"
                : 1);
        Coroutines.yield(switch (n) {
            case 0 -> "zero";
            case 1 -> 1;
            default -> { yield "many"; }
        });
        Coroutines.yield(List.of());
        return Coroutines.done();
    }

    @Async
    Generator<Set<String>, Object, Void> sets() {
        Coroutines.yield(new ArrayList<>());
        return Coroutines.done();
    }

    @Async
    Generator<String, Object, Void> delegating(boolean b) {
        Coroutines.yieldFrom(b ? words() : numbers());
        Coroutines.yieldFrom(switch (b ? 1 : 0) { case 1 -> words(); default -> numbers(); });
        Coroutines.yieldFrom(b ? List.of("a") : new ArrayList<String>());
        Coroutines.yieldFrom(b ? List.of("a") : new ArrayList<Integer>());
        return Coroutines.done();
    }

    @Async
    Generator<String, Object, Void> words() {
        Coroutines.yield("w");
        return Coroutines.done();
    }

    @Async
    Generator<Integer, Object, Void> numbers() {
        Coroutines.yield(1);
        return Coroutines.done();
    }
}
