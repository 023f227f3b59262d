package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stack traces of exceptions thrown after a resume name the original method and line (fixture: shapes/Traces). */
class ShapeTraceTest {
    private static final String TRACES = ShapeSupport.PACKAGE + "Traces";
    private final Class<?> traces = ShapeSupport.load(ShapeSupport.loader(), "Traces");

    private static List<StackTraceElement> fixtureFrames(Throwable t) {
        List<StackTraceElement> out = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(TRACES)) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void thrownInTheBodyAfterResume() throws Throwable {
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) call(traces, "boom", 3);
        assertEquals(1, g.next());
        assertEquals(6, g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        List<StackTraceElement> frames = fixtureFrames(e);
        assertEquals(1, frames.size(), () -> "one frame of the fixture: " + frames);
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals(TRACES, top.getClassName(), top::toString);
        assertEquals("boom", top.getMethodName(), "the original method name");
        assertEquals("Traces.java", top.getFileName());
        assertEquals(ShapeSupport.lineOfCall(TRACES, "boom", "<init>", 0), top.getLineNumber(), "the original line");
    }

    @Test
    void thrownByACalleeAfterResume() throws Throwable {
        Object t = traces.getConstructor().newInstance();
        Coroutine<?> c = (Coroutine<?>) call(t, "viaHelper", new Awaitable<String>() {});
        c.send(null);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> c.send("x"));
        assertEquals("helper x", e.getMessage());
        List<StackTraceElement> frames = fixtureFrames(e);
        assertEquals(2, frames.size(), frames::toString);
        assertEquals("fail", frames.get(0).getMethodName());
        assertEquals("viaHelper", frames.get(1).getMethodName());
        assertEquals(ShapeSupport.lineOfCall(TRACES, "viaHelper", "fail", 0), frames.get(1).getLineNumber());
    }

    @Test
    void suspendedFrameKnowsItsPosition() throws Throwable {
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) call(traces, "boom", 0);
        g.next();
        g.next();
        int line = ShapeSupport.lineOfCall(TRACES, "boom", "yield", 1);
        assertTrue(g.toString().contains("Traces.java:" + line), g::toString);
        assertTrue(g.toString().contains("boom"), g::toString);
    }
}
