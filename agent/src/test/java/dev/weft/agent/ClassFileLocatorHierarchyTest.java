package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.TypeHierarchy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hierarchy read through Byte Buddy's class file locator answers as the one read through resources does. */
class ClassFileLocatorHierarchyTest {
    private static final List<String> NAMES = List.of(
            "java/lang/Object", "java/lang/String", "java/util/ArrayList", "java/util/List",
            "java/lang/Runnable", "java/lang/annotation/Retention", "java/lang/Thread$State",
            "java/util/concurrent/CompletableFuture", "java/lang/IllegalStateException", "java/sql/Connection",
            "java/sql/SQLException", "java/util/concurrent/ConcurrentHashMap$KeySetView",
            "dev/weft/Coroutine", "dev/weft/Done", "dev/weft/Async", "dev/weft/agent/fixture/Shop",
            "dev/weft/agent/ClassFileLocatorHierarchy", "[Ljava/lang/String;", "[I", "no/such/Type");

    @Test
    void agreesWithTheResourceHierarchy() {
        ClassLoader loader = ClassFileLocatorHierarchyTest.class.getClassLoader();
        TypeHierarchy expected = TypeHierarchy.of(loader);
        TypeHierarchy located = ClassFileLocatorHierarchy.of(loader);
        for (String name : NAMES) {
            assertEquals(expected.superName(name), located.superName(name), "superName " + name);
            assertEquals(expected.isInterface(name), located.isInterface(name), "isInterface " + name);
            assertEquals(expected.isPublic(name), located.isPublic(name), "isPublic " + name);
        }
    }

    @Test
    void thePlatformsClassesAreKnownWhateverTheLoaderSees() throws Exception {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            TypeHierarchy located = ClassFileLocatorHierarchy.of(nothing);
            assertEquals("java/lang/Exception", located.superName("java/sql/SQLException"));
            assertEquals("java/lang/Object", located.superName("java/lang/String"));
            assertTrue(located.isInterface("java/lang/Runnable"));
            assertFalse(located.isPublic("java/util/concurrent/ConcurrentHashMap$Node"));
            assertEquals(null, located.superName("no/such/Type"));
        }
    }

    @Test
    void answersWithoutLoadingTheClass() throws Exception {
        URL classes = ClassFileLocatorHierarchyTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(classes)) {
            TypeHierarchy located = ClassFileLocatorHierarchy.of(loader);
            assertEquals("java/lang/Object", located.superName("dev/weft/agent/fixture/NeverLoaded"));
            assertFalse(located.isInterface("dev/weft/agent/fixture/NeverLoaded"));
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
