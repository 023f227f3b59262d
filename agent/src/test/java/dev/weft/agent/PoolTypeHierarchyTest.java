package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.weaver.TypeHierarchy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Byte Buddy backed hierarchy answers exactly as the weaver's class-file reading one does. */
class PoolTypeHierarchyTest {
    private static final List<String> NAMES = List.of(
            "java/lang/Object", "java/lang/String", "java/util/ArrayList", "java/util/List",
            "java/lang/Runnable", "java/lang/annotation/Retention", "java/lang/Thread$State",
            "java/util/concurrent/CompletableFuture", "java/lang/IllegalStateException",
            "dev/weft/Coroutine", "dev/weft/Done", "dev/weft/Async", "dev/weft/agent/fixture/Shop",
            "dev/weft/agent/PoolTypeHierarchy", "[Ljava/lang/String;", "[I", "no/such/Type");

    @Test
    void agreesWithTheResourceHierarchy() {
        ClassLoader loader = PoolTypeHierarchyTest.class.getClassLoader();
        TypeHierarchy expected = TypeHierarchy.of(loader);
        TypeHierarchy pool = PoolTypeHierarchy.of(loader);
        for (String name : NAMES) {
            assertEquals(expected.superName(name), pool.superName(name), "superName " + name);
            assertEquals(expected.isInterface(name), pool.isInterface(name), "isInterface " + name);
        }
    }

    @Test
    void answersWithoutLoadingTheClass() throws Exception {
        URL classes = PoolTypeHierarchyTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(classes)) {
            TypeHierarchy pool = PoolTypeHierarchy.of(loader);
            assertEquals("java/lang/Object", pool.superName("dev/weft/agent/fixture/NeverLoaded"));
            assertFalse(pool.isInterface("dev/weft/agent/fixture/NeverLoaded"));
            assertFalse(loader.hasLoaded("dev.weft.agent.fixture.NeverLoaded"));
        }
    }

    /** A loader of the test classes (and nothing else) that tells whether it has loaded a class. */
    private static final class Recording extends URLClassLoader {
        Recording(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }
    }
}
