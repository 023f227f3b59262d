// expect: 10: not java.util.List<String>; change the return type
package bad;

import dev.weft.Async;
import java.util.List;

/** A return type weft does not allow. */
class ListAsync {
    @Async
    List<String> names() {
        return List.of();
    }
}
