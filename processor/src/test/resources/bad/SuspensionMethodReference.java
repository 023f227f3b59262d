// expect: 21: method reference Coroutines::await: a suspension point cannot be passed as a function
// expect: 24: method reference Coroutines::await: a suspension point cannot be passed as a function
// expect: 30: method reference Coroutines::await: a suspension point cannot be passed as a function
// expect: 36: method reference Coroutines::yield: a suspension point cannot be passed as a function
package bad;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A method reference to a suspension point runs it as a function, outside any @Async body, wherever it
 * is written: refused at the reference, in a field initializer or a lambda as well as in a method.
 */
class SuspensionMethodReference {
    static final Function<CompletionStage<Integer>, Integer> AWAIT = Coroutines::await;

    static int plain(CompletionStage<Integer> stage) {
        Function<CompletionStage<Integer>, Integer> await = Coroutines::await;
        return await.apply(stage);
    }

    @Async
    Coroutine<Integer> inLambda(CompletionStage<Integer> stage) {
        Supplier<Function<CompletionStage<Integer>, Integer>> s = () -> Coroutines::await;
        return Coroutines.done(s.get().apply(stage));
    }

    @Async
    Generator<String, Object, Void> each(List<String> values) {
        values.forEach(Coroutines::yield);
        return Coroutines.done();
    }
}
