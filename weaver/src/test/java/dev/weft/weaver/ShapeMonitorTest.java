package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Suspension points next to synchronized blocks but not inside them are woven (fixture: shapes/Monitors);
 * the refusal of those inside is in {@link ShapeRefusalTest}.
 */
class ShapeMonitorTest {
    private static final String OUTSIDE = ShapeSupport.PACKAGE + "MonitorsOutside";
    private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapeMonitorTest.class.getClassLoader()));

    private Object monitors() throws Exception {
        return ShapeSupport.load(ShapeSupport.loader(), "Monitors").getConstructor().newInstance();
    }

    private Object outside() throws Exception {
        return ShapeSupport.load(ShapeSupport.loader(), "MonitorsOutside").getConstructor().newInstance();
    }

    @Test
    void noFalseRefusalInHandlersOfATryAroundSynchronized() {
        WeaveResult r = weaver.weave(WovenLoader.bytesOf(OUTSIDE));
        assertFalse(r.hasErrors(), () -> "diagnostics: " + r.diagnostics());
        assertEquals(2, r.wovenMethods().size(), r.wovenMethods()::toString);
    }

    @Test
    void suspensionPointsBeforeAndAfterSynchronizedBlocks() throws Throwable {
        run(call(monitors(), "around", 2), null, null, null, null)
                .is(List.of("before 0", "after 0 false", "before 1", "after 1 false"), "work true,work true");
    }

    @Test
    void awaitInCatchOfTryAroundSynchronized() throws Throwable {
        Awaitable<String> a = new Awaitable<>() {};
        Coroutine<?> c = (Coroutine<?>) call(outside(), "awaitInCatchAroundSynchronized", true, a);
        assertSame(a, c.send(null));
        assertEquals("caught A false", assertThrows(StopIteration.class, () -> c.send("A")).value());
        Coroutine<?> ok = (Coroutine<?>) call(outside(), "awaitInCatchAroundSynchronized", false, a);
        assertEquals("ok", assertThrows(StopIteration.class, () -> ok.send(null)).value());
    }

    @Test
    void yieldInFinallyOfTryAroundSynchronized() throws Throwable {
        run(call(outside(), "yieldInFinallyAroundSynchronized", false), (Object) null)
                .is(List.of("finally false"), "done");
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) call(outside(), "yieldInFinallyAroundSynchronized", true);
        assertEquals("finally false", g.next());
        assertEquals("failed under the lock", assertThrows(IllegalStateException.class, g::next).getMessage());
    }
}
