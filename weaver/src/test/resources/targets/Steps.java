package targets;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;

/**
 * Compiled at test time by ShapeTargetsTest for several --release levels: javac 9 and 10 call private
 * interface methods with invokespecial, 11 and later with invokeinterface (nestmates).
 */
public interface Steps {
    String seed();

    private String decorate(Object o) {
        return "<" + seed() + o + ">";
    }

    @Async
    default Generator<Object, Object, String> walk() {
        Object a = Coroutines.yield("one");
        String d = decorate(a);
        Object b = Coroutines.yield(d);
        return Coroutines.done(this.decorate(b) + seed());
    }

    /** An implementation. */
    final class Impl implements Steps {
        @Override
        public String seed() {
            return "s";
        }
    }
}
