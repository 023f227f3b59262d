package dev.weft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.StopIteration;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** This JVM runs under the agent, so this very class was woven as it loaded. */
class AgentSmokeIT {
    @Async
    static Coroutine<Integer> twice(int x) {
        int y = Coroutines.await(Coroutines.done(x));
        return Coroutines.done(2 * y);
    }

    @Test
    void theSuitesRunUnderTheAgent() {
        assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("weft-agent")),
                "the test JVM has no -javaagent:weft-agent");
    }

    @Test
    void anAsyncMethodInATestClassIsWoven() {
        Coroutine<Integer> c = twice(21);
        assertEquals(CoroutineState.CREATED, c.state(), "not woven: calling it ran the body");
        StopIteration end = assertThrows(StopIteration.class, () -> c.send(null));
        assertEquals(42, end.value());
        assertEquals(CoroutineState.CLOSED, c.state());
    }
}
