package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BasicsTest {
    private final WovenLoader loader = new WovenLoader("dev.weft.weaver.fixtures.");

    @SuppressWarnings("unchecked")
    private Generator<Object, Object, Object> call(String method, Class<?>[] types, Object... args) throws Exception {
        Class<?> c = loader.loadClass("dev.weft.weaver.fixtures.Basics");
        return (Generator<Object, Object, Object>) c.getMethod(method, types).invoke(null, args);
    }

    @Test
    void countsAndReturns() throws Exception {
        Generator<Object, Object, Object> g = call("count", new Class<?>[] {int.class}, 3);
        List<Object> out = new ArrayList<>();
        g.forEach(out::add);
        assertEquals(List.of(0, 1, 2), out);
        assertEquals("counted 3", g.returnValue());
    }

    @Test
    void keepsEveryLocalType() throws Exception {
        Generator<Object, Object, Object> g = call("allTypes",
                new Class<?>[] {boolean.class, byte.class, char.class, short.class, int.class, long.class,
                    float.class, double.class, String.class, int[].class},
                false, (byte) 1, 'a', (short) 2, 3, 4L, 5.5f, 6.5, "s", new int[] {7});
        assertEquals("start", g.next());
        assertEquals("middle", g.next());
        StopIteration stop = assertThrows(StopIteration.class, g::next);
        assertEquals("true,2,b,3,4,5,7.0,9.0,s,8,null", stop.value());
    }

    @Test
    void instanceMethodSend() throws Exception {
        Class<?> c = loader.loadClass("dev.weft.weaver.fixtures.Basics");
        Object basics = c.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) c.getMethod("echo").invoke(basics);
        assertEquals("ready", g.send(null));
        assertEquals("echo hi from Basics", g.send("hi"));
        assertThrows(StopIteration.class, () -> g.send(null));
    }
}
