// expect: 8: not applicable to this kind of declaration
package bad;

import dev.weft.Async;

/** @Async on a constructor: javac itself refuses the annotation there (@Target(METHOD)). */
class ConstructorAsync {
    @Async
    ConstructorAsync() {
    }
}
