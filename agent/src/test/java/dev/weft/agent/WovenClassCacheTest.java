package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.TypeHierarchy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's class cache ({@code cache=DIR}) through the transformer, with the real weaver: a hit gives
 * the same class without weaving anything; a changed class file, weaver, or fact about another
 * class, and an unreadable entry, are misses that weave again; diagnostics are never cached.
 */
class WovenClassCacheTest {
    private static final String FIXTURE = "dev/weft/agent/fixture/";
    private static final ClassLoader LOADER = WovenClassCacheTest.class.getClassLoader();

    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** How many times a transformer asked for a hierarchy to weave with: once per class it really wove. */
    private final AtomicInteger hierarchies = new AtomicInteger();

    private WeavingTransformer transformer(WovenClassCache cache) {
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        Reporter reporter = new Reporter(AgentOptions.parse("verbose"), stderr);
        return new WeavingTransformer(reporter, loader -> {
            hierarchies.incrementAndGet();
            return ClassFileLocatorHierarchy.of(loader);
        }, cache);
    }

    private WovenClassCache cache(String version, Function<ClassLoader, TypeHierarchy> validators) {
        return new WovenClassCache(dir, version, validators);
    }

    private WovenClassCache cache() {
        return cache("v1", TypeHierarchy::of);
    }

    private static byte[] classFile(String name) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(FIXTURE + name + ".class")) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private byte[] weave(WovenClassCache cache, String name, byte[] bytes) throws Exception {
        return transformer(cache).transform(LOADER, FIXTURE + name, null, null, bytes);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".woven")).toList();
        }
    }

    @Test
    void aSecondRunGetsTheSameClassWithoutAskingByteBuddy() throws Exception {
        byte[] shop = classFile("Shop");
        byte[] first = weave(cache(), "Shop", shop);
        assertNotNull(first, err.toString(StandardCharsets.UTF_8));
        assertEquals(1, hierarchies.get());
        assertEquals(1, entries().size());
        err.reset();

        byte[] second = weave(cache(), "Shop", shop);
        assertArrayEquals(first, second);
        assertEquals(1, hierarchies.get(), "no weaving, no hierarchy asked for");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("weft: wove " + FIXTURE
                + "Shop.checkout(I)Ldev/weft/Coroutine; (from the class cache)"),
                "verbose still lists the woven methods, and says where they came from: " + err);
    }

    @Test
    void aClassThatNeedsNoChangeIsRememberedAsSuch() throws Exception {
        byte[] main = classFile("Main"); // uses coroutines, declares no @Async method
        assertNull(weave(cache(), "Main", main));
        assertNull(weave(cache(), "Main", main));
    }

    @Test
    void aChangedClassFileIsWovenAgain() throws Exception {
        weave(cache(), "Shop", classFile("Shop"));
        byte[] other = classFile("Broken"); // another class file under the same name, as after an edit
        weave(cache(), "Shop", other);
        assertEquals(2, hierarchies.get());
    }

    @Test
    void anotherWeaverIsAMiss() throws Exception {
        byte[] shop = classFile("Shop");
        weave(cache("v1", TypeHierarchy::of), "Shop", shop);
        weave(cache("v2", TypeHierarchy::of), "Shop", shop);
        assertEquals(2, hierarchies.get());
    }

    @Test
    void twoJdksOrWeaversSharingTheFolderKeepTheirOwnEntries() throws Exception {
        byte[] shop = classFile("Shop");
        weave(cache("jdk 17", TypeHierarchy::of), "Shop", shop);
        weave(cache("jdk 25", TypeHierarchy::of), "Shop", shop);
        assertEquals(2, entries().size());
        weave(cache("jdk 17", TypeHierarchy::of), "Shop", shop);
        weave(cache("jdk 25", TypeHierarchy::of), "Shop", shop);
        assertEquals(2, hierarchies.get(), "each a hit the second time");
    }

    @Test
    void anEntryWithAnyByteDamagedIsAMissNotAWrongClass() throws Exception {
        byte[] shop = classFile("Shop");
        byte[] first = weave(cache(), "Shop", shop);
        Path entry = entries().get(0);
        byte[] whole = Files.readAllBytes(entry);
        int weaves = 1;
        // a byte of the version, of the input, of the woven class's constants and of its last bytes
        for (int at : new int[] {10, whole.length / 3, whole.length - first.length / 2, whole.length - 6}) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x20;
            Files.write(entry, damaged);
            assertArrayEquals(first, weave(cache(), "Shop", shop), "damaged at " + at);
            assertEquals(++weaves, hierarchies.get(), "woven again, damaged at " + at);
        }
    }

    @Test
    void anEntryIsAMissOnceAFactItDependsOnNoLongerHolds() throws Exception {
        byte[] facts = classFile("Facts"); // its weaving asks about Facts$Left and Facts$Right
        byte[] first = weave(cache(), "Facts", facts);
        assertArrayEquals(first, weave(cache(), "Facts", facts));
        assertEquals(1, hierarchies.get(), "a hit while the facts hold");
        // the same loader, but every class outside java.* now says it extends some other class
        TypeHierarchy changed = new TypeHierarchy() {
            @Override
            public String superName(String internalName) {
                return "elsewhere/Base";
            }

            @Override
            public boolean isInterface(String internalName) {
                return false;
            }
        };
        byte[] again = weave(cache("v1", loader -> changed), "Facts", facts);
        assertEquals(2, hierarchies.get(), "woven again");
        assertArrayEquals(first, again, "with the real hierarchy, to the same class");
    }

    @Test
    void anUnreadableEntryIsAMissAndIsReplaced() throws Exception {
        byte[] shop = classFile("Shop");
        byte[] first = weave(cache(), "Shop", shop);
        Path entry = entries().get(0);
        Files.write(entry, new byte[] {1, 2, 3});
        assertArrayEquals(first, weave(cache(), "Shop", shop));
        assertEquals(2, hierarchies.get());
        assertArrayEquals(first, weave(cache(), "Shop", shop));
        assertEquals(2, hierarchies.get(), "the entry was written again");
    }

    @Test
    void aTruncatedOrExtendedEntryIsAMiss() throws Exception {
        byte[] shop = classFile("Shop");
        byte[] first = weave(cache(), "Shop", shop);
        Path entry = entries().get(0);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertArrayEquals(first, weave(cache(), "Shop", shop));
        assertEquals(2, hierarchies.get());
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length + 1));
        assertArrayEquals(first, weave(cache(), "Shop", shop));
        assertEquals(3, hierarchies.get());
    }

    @Test
    void aClassWithDiagnosticsIsNotCachedSoTheyAreReportedEveryRun() throws Exception {
        byte[] broken = classFile("Broken");
        weave(cache(), "Broken", broken);
        assertTrue(entries().isEmpty());
        err.reset();
        weave(cache(), "Broken", broken);
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("weft: error: " + FIXTURE + "Broken.locked("), out);
    }

    @Test
    void aFolderThatCannotBeWrittenIsReportedOnceAndWeavingGoesOn() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        WovenClassCache cache = new WovenClassCache(file, "v1", TypeHierarchy::of);
        WeavingTransformer t = transformer(cache);
        assertNotNull(t.transform(LOADER, FIXTURE + "Shop", null, null, classFile("Shop")));
        assertNotNull(t.transform(LOADER, FIXTURE + "Shop", null, null, classFile("Shop")));
        String out = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.split("cannot write to the class cache", -1).length - 1, out);
    }

    @Test
    void factsAboutThePlatformAndWeftsRuntimeAreNotRecorded() {
        for (String fixed : List.of("java/lang/Object", "dev/weft/Coroutine", "dev/weft/internal/FrameR1P0",
                "dev/weft/loop/Task")) {
            assertTrue(RecordingHierarchy.isFixed(fixed), fixed);
        }
        for (String recorded : List.of("com/acme/Shop", "dev/weft/agent/fixture/Facts$Left", "dev/weft/examples/Demo",
                "dev/weft/loop/demo/Echo", "dev/weft/weaver/Weaver",
                "javax/inject/Provider", "dev/weftx/Thing")) {
            assertTrue(!RecordingHierarchy.isFixed(recorded), recorded);
        }
    }

    @Test
    void theCacheNeedsTheWeaverInAJar() {
        // in this test JVM the weaver comes from a class folder, whose changes no file time reveals
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WovenClassCache.in(dir, new ClassFileLocatorHierarchy()));
        assertTrue(e.getMessage().contains("must come from jars"), e.getMessage());
    }
}
