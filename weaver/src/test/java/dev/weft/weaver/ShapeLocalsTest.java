package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Locals of every type live across several suspension points (fixture: shapes/Locals). */
class ShapeLocalsTest {
    private final Class<?> locals = ShapeSupport.load(ShapeSupport.loader(), "Locals");

    @Test
    void everyTypeDeclaredInTheBody() throws Throwable {
        run(call(locals, "everyType"), null, null, null).is(List.of(
                "p1 true-128x-32768-2147483648-9223372036854775808NaN-0.0s23null[]",
                "p2 false127y32767214748364792233720368547758071.251.7976931348623157E308st209null[a]",
                "p3 true-2z-32762-24611686018427387903NaNNaNst21now[a]"),
                // NaN payloads survive the frame's raw-bits slots
                "true|-2|z|-32762|-2|4611686018427387903|7fc00123|7ff8000000000123");
    }

    @Test
    void everyTypeAsParameterWithValuesSentIn() throws Throwable {
        Object instance = locals.getConstructor().newInstance();
        Object g = call(instance, "params", false, (byte) 5, 'q', (short) 7, 11, 13L, 1.5f, 2.5, "obj",
                new String[] {"s"});
        run(g, "x", 3, 'r', 100L, 2.0, "tail", "newobj").is(
                List.of(false, (byte) 5, 'q', (short) 21, 1.5f, 5.0, "obj"),
                List.of(true, (byte) 8, 'r', (short) 21, 124, 113L, 2.0f, 5.0, "newobj", "stail", "Locals"));
    }

    @Test
    void longAndDoubleTakeTwoIntWordsEach() throws Throwable {
        Object g = call(locals, "wordHalves", 5);
        assertEquals("dev.weft.internal.FrameR0P5", g.getClass().getName(), "an int, a long and a double: 5 words");
        run(g, null, null).is(List.of(5, 0x8000_0000_7FFF_FFFBL), "5|800000007ffffffb|80000000fffffff5");
    }

    @Test
    void moreLiveValuesThanTypedFrameSlots() throws Throwable {
        Object g = call(locals, "manyLocals", 3);
        assertEquals("dev.weft.internal.FrameN", g.getClass().getName(), "11 live values need the array frame");
        run(g, null, null, null).is(List.of(0, 1, 2), "a3b33[3]0126,3003,1.5,32,g,3.0");
    }

    @Test
    void localNullOnOnePathAndUnassignedOnAnother() throws Throwable {
        run(call(locals, "maybeNull", true), null, null, null).is(List.of(1, "set!", 2), "set/set!");
        run(call(locals, "maybeNull", false), null, null).is(List.of(1, 2), "null/none");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void deadLocalIsNotKeptBySuspendedFrame() throws Throwable {
        WeakReference<Object>[] probe = new WeakReference[1];
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) call(locals, "deadLocal", (Object) probe);
        assertEquals("holding", g.next());
        gc();
        assertNotNull(probe[0].get(), "live across the first suspension point: must be kept");
        assertEquals(1024, g.next());
        for (int i = 0; i < 20 && probe[0].get() != null; i++) {
            gc();
        }
        assertNull(probe[0].get(), "dead at the second suspension point: the frame must have dropped it");
        StopIteration stop = assertThrows(StopIteration.class, g::next);
        assertEquals("done 1024", stop.value());
    }

    private static void gc() throws InterruptedException {
        System.gc();
        Thread.sleep(10);
    }
}
