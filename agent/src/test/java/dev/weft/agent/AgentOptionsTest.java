package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void noArgumentsMeansNoOptions() {
        for (String none : new String[] {null, "", "  ", ","}) {
            AgentOptions options = AgentOptions.parse(none);
            assertFalse(options.verbose(), String.valueOf(none));
            assertNull(options.dumpDir(), String.valueOf(none));
        }
    }

    @Test
    void parsesCommaSeparatedOptionsInAnyOrder() {
        AgentOptions options = AgentOptions.parse("dump=target/woven, verbose");
        assertTrue(options.verbose());
        assertEquals(Paths.get("target/woven"), options.dumpDir());
        assertEquals(options, AgentOptions.parse("verbose,dump=target/woven"));
        assertEquals("verbose,dump=target/woven", options.toString());
    }

    @Test
    void parsesTheCacheFolder() {
        AgentOptions options = AgentOptions.parse("cache=.weft-cache,verbose");
        assertEquals(Paths.get(".weft-cache"), options.cacheDir());
        assertNull(options.dumpDir());
        assertEquals("verbose,cache=.weft-cache", options.toString());
        assertEquals(options, AgentOptions.parse(options.toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("cache= "));
        assertTrue(e.getMessage().contains("cache="), e.getMessage());
    }

    @Test
    void rejectsAnUnknownOptionByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose,verbsoe"));
        assertTrue(e.getMessage().contains("'verbsoe'"), e.getMessage());
        assertTrue(e.getMessage().contains("dump=DIR") && e.getMessage().contains("cache=DIR"), e.getMessage());
    }

    @Test
    void rejectsDumpWithoutAFolder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump="));
        assertTrue(e.getMessage().contains("dump="), e.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("dump"));
        assertEquals("weft agent: option 'dump' needs a folder: dump=DIR, as in dump=target/woven", bare.getMessage());
        IllegalArgumentException cache = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose,cache"));
        assertTrue(cache.getMessage().contains("option 'cache' needs a folder: cache=DIR"), cache.getMessage());
    }
}
