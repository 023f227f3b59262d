package debuginfo;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * Compiled at test time by ShapeDebugInfoTest with -g, -g:none and -parameters (and --release 8), then
 * woven and run. Plain Java 8 source on purpose.
 */
public class DebugInfo {
    private final String name;

    public DebugInfo(String name) {
        this.name = name;
    }

    @Async
    public static Generator<Object, Object, String> run(int count, String label, double weight) {
        long total = 0;
        for (int index = 0; index < count; index++) {
            String piece = label + index;
            Integer got = Coroutines.yield(piece);
            total += got;
        }
        return Coroutines.done(label + total + "/" + weight);
    }

    @Async
    public Coroutine<String> greet(String who, Awaitable<String> greeting) {
        String salutation = Coroutines.await(greeting);
        if (who.isEmpty()) {
            throw new IllegalArgumentException("nobody to greet");
        }
        return Coroutines.done(salutation + " " + who + " from " + name);
    }

    /** An interface with @Async static and default methods: their resume methods are private interface methods. */
    public interface Steps {
        @Async
        static Generator<Object, Object, String> twice(String what) {
            Object first = Coroutines.yield(what);
            Object second = Coroutines.yield(what);
            return Coroutines.done(what + first + second);
        }

        @Async
        default Generator<Object, Object, String> once(String what) {
            return Coroutines.done(what + Coroutines.yield(what));
        }
    }

    public static final class StepsImpl implements Steps {
    }
}
