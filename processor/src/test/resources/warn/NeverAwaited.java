// expect warning: 37: coroutine fetch(...) is created here and never awaited, scheduled or stored
// expect warning: 38: coroutine made(...) is created here and never awaited
// expect warning: 39: coroutine fetch(...) is created here and never awaited
// expect warning: 41: coroutine made(...) is created here and never awaited
// expect warning: 60: coroutine fetch(...) is created here and never awaited
// expect warning: 89: coroutine getPage(...) is created here and never awaited
package warn;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Coroutines created and dropped never run: asyncio's "coroutine was never awaited", at compile time. */
class NeverAwaited {
    @Async
    static Coroutine<String> fetch(String url) {
        return Coroutines.done(url);
    }

    /** Not @Async, but it makes a coroutine all the same. */
    static Coroutine<Integer> made() {
        return Coroutines.done(1);
    }

    @Async
    static Generator<Integer, Object, Void> numbers() {
        Coroutines.yield(1);
        return Coroutines.done();
    }

    @Async
    static Coroutine<Void> main() {
        fetch("a");
        made();
        Runnable later = () -> fetch("c");
        later.run();
        Runnable again = NeverAwaited::made;
        again.run();

        Coroutine<String> kept = fetch("d");
        String got = Coroutines.await(fetch("e"));
        Map<String, Coroutine<String>> pending = new HashMap<>();
        pending.put(got, kept);
        pending.put("f", fetch("f"));
        Supplier<Coroutine<String>> supplier = () -> fetch("g");
        Coroutines.await(supplier.get());
        Supplier<Coroutine<Integer>> maker = NeverAwaited::made;
        Coroutines.await(maker.get());
        Coroutines.await(kept);
        numbers();
        Coroutines.done(1);
        return Coroutines.done();
    }

    void plain() {
        fetch("h");
    }

    @SuppressWarnings("weft")
    void deliberately() {
        fetch("i");
    }

    void partly() {
        @SuppressWarnings("weft")
        Runnable r = () -> fetch("j");
        r.run();
    }

    private final Coroutine<String> pending = fetch("k");

    /** A getter: it hands out a coroutine made before, and calling it makes none. */
    Coroutine<String> getPending() {
        return pending;
    }

    @Async
    static Coroutine<String> getPage() {
        return Coroutines.done("page");
    }

    void getters(NeverAwaited other, dev.weft.loop.Task<String> task) {
        other.getPending();
        task.getCoro();
        getPage();
    }
}
