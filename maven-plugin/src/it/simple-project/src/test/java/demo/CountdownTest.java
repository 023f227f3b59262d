package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Async;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs with no agent: the main classes were woven by the weave goal, this class by weave-tests. */
class CountdownTest {
    @Async
    static Generator<String, String, Integer> echo() {
        int count = 0;
        String got = Coroutines.yield("ready");
        while (got != null) {
            count++;
            got = Coroutines.yield("echo " + got);
        }
        return Coroutines.done(count);
    }

    @Test
    void countdownYieldsThenReturns() {
        Generator<Integer, Object, String> g = Countdown.countdown(3);
        assertEquals(CoroutineState.CREATED, g.state());
        List<Integer> values = new ArrayList<>();
        g.forEachRemaining(values::add);
        assertEquals(List.of(3, 2, 1), values);
        assertEquals("liftoff", g.returnValue());
        assertEquals(CoroutineState.CLOSED, g.state());
    }

    @Test
    void aTestClassIsWovenToo() {
        Generator<String, String, Integer> g = echo();
        assertEquals("ready", g.send(null));
        assertEquals("echo a", g.send("a"));
        assertEquals("echo b", g.send("b"));
        dev.weft.StopIteration end = org.junit.jupiter.api.Assertions.assertThrows(
                dev.weft.StopIteration.class, () -> g.send(null));
        assertEquals(2, end.value());
    }
}
