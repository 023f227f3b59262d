// expect: 11: an @Async method must return
package bad;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Done;

/** Done implements every protocol, but an @Async method must name one. */
class DoneAsync {
    @Async
    Done<Object, Object, Integer> one() {
        return Coroutines.done(1);
    }
}
