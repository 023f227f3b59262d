// expect: 11: await outside an @Async method: plain is not @Async
package bad;

import static dev.weft.Coroutines.await;

import java.util.concurrent.CompletionStage;

/** await, statically imported, in a plain method: the call is found by what it resolves to. */
class AwaitStaticImportOutsideAsync {
    static <T> T plain(CompletionStage<T> stage) {
        return await(stage);
    }
}
