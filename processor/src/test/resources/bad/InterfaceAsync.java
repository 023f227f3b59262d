// expect: 10: an @Async method cannot be abstract
package bad;

import dev.weft.Async;
import dev.weft.Generator;

/** An interface method is abstract unless it has a body. */
interface InterfaceAsync {
    @Async
    Generator<String, Object, Void> lines();
}
