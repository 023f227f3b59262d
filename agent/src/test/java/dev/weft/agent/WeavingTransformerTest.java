package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transformer in one JVM, with the real weaver and Byte Buddy's class file locator (unshaded), on the fixtures' class files. */
class WeavingTransformerTest {
    private static final String FIXTURE = "dev/weft/agent/fixture/";
    private static final ClassLoader LOADER = WeavingTransformerTest.class.getClassLoader();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger hierarchies = new AtomicInteger();

    private WeavingTransformer transformer(String options) {
        Reporter reporter = new Reporter(AgentOptions.parse(options), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new WeavingTransformer(reporter, loader -> {
            hierarchies.incrementAndGet();
            return ClassFileLocatorHierarchy.of(loader);
        }, null);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = LOADER.getResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName);
            return in.readAllBytes();
        }
    }

    private static byte[] transform(ClassFileTransformer t, String internalName, byte[] bytes) throws Exception {
        return t.transform(LOADER.getUnnamedModule(), LOADER, internalName, null, null, bytes);
    }

    @Test
    void leavesAClassWithoutAsyncUntouchedAndNeverAsksByteBuddy() throws Exception {
        WeavingTransformer t = transformer("verbose");
        assertNull(transform(t, FIXTURE + "Plain", classFile(FIXTURE + "Plain")));
        assertNull(t.transform(LOADER, "java/lang/String", null, null, classFile("java/lang/String")));
        assertEquals(0, hierarchies.get(), stderr());
        assertEquals("", stderr());
    }

    @Test
    void theStartUpWarmUpPassesThePreFilterAndIsLeftAloneAsTheAgentsOwn() throws Exception {
        byte[] warmUp = WeftAgent.warmUpClassFile();
        assertTrue(dev.weft.weaver.Weaver.mightNeedWeaving(warmUp));
        WeavingTransformer t = transformer("verbose");
        assertNull(t.transform(LOADER, "dev/weft/agent/WarmUp", null, WeftAgent.class.getProtectionDomain(), warmUp));
        assertEquals(0, hierarchies.get(), stderr());
        assertEquals("", stderr());
    }

    @Test
    void neverReadsWeftsRuntimeOrWeaverClassesWhereverTheyComeFrom() throws Exception {
        // classes on the program's class path (not the agent jar's) that pass the pre-filter: reading the
        // runtime's costs start-up for nothing; weaving a weaver class would load it a second time while
        // the JVM defines it
        WeavingTransformer t = transformer("verbose");
        for (String own : List.of("dev/weft/weaver/Calls", "dev/weft/Coroutines", "dev/weft/internal/Suspend",
                "dev/weft/loop/LoopCoroutine")) {
            byte[] bytes = classFile(own);
            assertTrue(dev.weft.weaver.Weaver.mightNeedWeaving(bytes), own);
            assertNull(transform(t, own, bytes));
        }
        assertEquals(0, hierarchies.get(), stderr());
        assertEquals("", stderr());
    }

    @Test
    void weftsOwnPackagesAreThoseThemselvesNotTheirSubpackages() {
        for (String own : List.of("dev/weft/Coroutines", "dev/weft/internal/Frame", "dev/weft/loop/Task",
                "dev/weft/weaver/Weaver")) {
            assertTrue(WeavingTransformer.isWeftsOwn(own), own);
        }
        for (String other : List.of("dev/weft/tests/Shop", "dev/weft/loop/demo/Echo", "dev/weft/weaver/fixtures/A",
                "dev/weftx/Thing", "dev/Weft", "Main", "dev/weft/agent/fixture/Shop")) {
            assertTrue(!WeavingTransformer.isWeftsOwn(other), other);
        }
    }

    @Test
    void leavesAClassThatOnlyUsesCoroutinesUntouched() throws Exception {
        WeavingTransformer t = transformer("verbose");
        assertNull(transform(t, FIXTURE + "Main", classFile(FIXTURE + "Main")));
        assertNull(t.transform(LOADER, FIXTURE + "Main", null, null, classFile(FIXTURE + "Main")));
        assertEquals("", stderr());
    }

    @Test
    void weavesAsyncMethodsAndSaysSoWhenVerbose(@TempDir Path dump) throws Exception {
        WeavingTransformer t = transformer("verbose,dump=" + dump);
        byte[] original = classFile(FIXTURE + "Shop");
        byte[] woven = transform(t, FIXTURE + "Shop", original);
        assertNotNull(woven, stderr());
        assertTrue(!Arrays.equals(original, woven));
        assertTrue(stderr().contains("weft: wove " + FIXTURE + "Shop.checkout(I)Ldev/weft/Coroutine;"), stderr());
        assertArrayEquals(woven, Files.readAllBytes(dump.resolve(FIXTURE + "Shop.class")));
        assertEquals(1, hierarchies.get());
    }

    @Test
    void leavesAnAlreadyWovenClassAsItIs(@TempDir Path dump) throws Exception {
        byte[] woven = transform(transformer(""), FIXTURE + "Shop", classFile(FIXTURE + "Shop"));
        assertNotNull(woven, stderr());
        err.reset();
        WeavingTransformer again = transformer("verbose,dump=" + dump);
        assertNull(transform(again, FIXTURE + "Shop", woven));
        assertEquals("", stderr());
        assertTrue(!Files.exists(dump.resolve(FIXTURE + "Shop.class")));
    }

    @Test
    void reportsAnErrorInUserCodeAndKeepsTheThrowingStub() throws Exception {
        WeavingTransformer t = transformer("");
        byte[] woven = transform(t, FIXTURE + "Broken", classFile(FIXTURE + "Broken"));
        assertNotNull(woven, stderr());
        assertTrue(stderr().startsWith("weft: error: " + FIXTURE + "Broken.locked("), stderr());
        assertTrue(stderr().contains("(Broken.java:"), stderr());
    }

    @Test
    void aFailureOfTheWeaverNeverEscapes() throws Exception {
        WeavingTransformer t = transformer("verbose");
        byte[] shop = classFile(FIXTURE + "Shop");
        byte[] truncated = Arrays.copyOf(shop, shop.length - 40);
        assertNull(transform(t, FIXTURE + "Shop", truncated));
        assertTrue(stderr().startsWith("weft: internal error: cannot weave "), stderr());
    }

    @Test
    void aFailureOfTypeResolutionNeverEscapes() throws Exception {
        Reporter reporter = new Reporter(AgentOptions.parse(""), new PrintStream(err, true, StandardCharsets.UTF_8));
        WeavingTransformer t = new WeavingTransformer(reporter, loader -> {
            throw new IllegalStateException("no Byte Buddy today");
        }, null);
        assertNull(transform(t, FIXTURE + "Shop", classFile(FIXTURE + "Shop")));
        assertTrue(stderr().startsWith("weft: internal error: cannot weave " + FIXTURE + "Shop"), stderr());
        assertTrue(stderr().contains("no Byte Buddy today"), stderr());
    }

    /** A redefinition or retransformation of {@code internalName} (the class object itself does not matter here). */
    private static byte[] redefine(ClassFileTransformer t, String internalName, byte[] bytes) throws Exception {
        return t.transform(LOADER.getUnnamedModule(), LOADER, internalName, Object.class, null, bytes);
    }

    private long warnings() {
        return stderr().lines().filter(l -> l.startsWith("weft: warning: ")).count();
    }

    @Test
    void aRetransformedWovenClassIsWovenAgainIntoTheSameClass() throws Exception {
        WeavingTransformer t = transformer("");
        byte[] shop = classFile(FIXTURE + "Shop");
        byte[] woven = transform(t, FIXTURE + "Shop", shop);
        assertArrayEquals(woven, redefine(t, FIXTURE + "Shop", shop));
        assertArrayEquals(woven, redefine(t, FIXTURE + "Shop", shop));
        assertEquals("", stderr());
    }

    @Test
    void aClassLoadedBeforeTheAgentIsLeftAloneWhenRetransformedAndReportedOnce() throws Exception {
        // weaving it would add methods, and the JVM would refuse the whole retransformation, the other
        // tool's classes with it
        WeavingTransformer t = transformer("");
        byte[] shop = classFile(FIXTURE + "Shop");
        assertNull(redefine(t, FIXTURE + "Shop", shop));
        assertTrue(stderr().startsWith("weft: warning: " + FIXTURE + "Shop is redefined but cannot be woven: it was"
                + " loaded before weft's agent started"), stderr());
        assertNull(redefine(t, FIXTURE + "Shop", shop));
        assertEquals(1, warnings(), stderr());
    }

    @Test
    void aRedefinitionThatChangesTheWovenMethodsIsReportedAsOneTheJvmRefuses() throws Exception {
        WeavingTransformer t = transformer("");
        transform(t, FIXTURE + "Shop", classFile(FIXTURE + "Shop"));
        // another class file under the same name, as after an edit
        byte[] edited = redefine(t, FIXTURE + "Shop", classFile(FIXTURE + "Broken"));
        assertNotNull(edited, "woven all the same: the JVM refuses it and says so to whoever redefines");
        assertTrue(stderr().contains("weft: warning: the redefinition of " + FIXTURE + "Shop changes the methods it"
                + " has once woven (added ["), stderr());
        assertTrue(stderr().contains("], removed [checkout(I)Ldev/weft/Coroutine;"), stderr());
        assertTrue(stderr().contains("Restart the program to run the change"), stderr());
    }

    /**
     * A hot swap that adds a suspension point keeps the methods weaving gives the class, so the JVM takes
     * it; a coroutine suspended in the old code would resume at the point of the same number in the new,
     * which is now another one: said in a warning, not left to corrupt its values in silence.
     */
    @Test
    void aRedefinitionThatMovesSuspensionPointsIsReported() throws Exception {
        WeavingTransformer t = transformer("");
        transform(t, FIXTURE + "Moved", classFile(FIXTURE + "Moved"));
        assertNotNull(redefine(t, FIXTURE + "Moved", classFile(FIXTURE + "MovedPoint")));
        assertEquals(1, warnings(), stderr());
        assertTrue(stderr().startsWith("weft: warning: the redefinition of " + FIXTURE + "Moved changes the"
                + " suspension points of total(I)Ldev/weft/Coroutine; (at lines 19 before, 15, 16 now): a coroutine"
                + " suspended in it before the change resumes at the suspension point of the same number"), stderr());
    }

    @Test
    void aHotSwapOfClassesWovenAtBuildTimeThatMovesSuspensionPointsIsReported() throws Exception {
        WeavingTransformer t = transformer("");
        assertNull(transform(t, FIXTURE + "Moved", transform(transformer(""), FIXTURE + "Moved",
                classFile(FIXTURE + "Moved"))));
        byte[] edited = transform(transformer(""), FIXTURE + "Moved", classFile(FIXTURE + "MovedPoint"));
        assertNull(redefine(t, FIXTURE + "Moved", edited), "woven already");
        assertEquals(1, warnings(), stderr());
        assertTrue(stderr().contains("changes the suspension points of total(I)Ldev/weft/Coroutine;"), stderr());
    }

    @Test
    void aRedefinitionThatKeepsTheSuspensionPointsIsQuiet() throws Exception {
        WeavingTransformer t = transformer("");
        transform(t, FIXTURE + "Moved", classFile(FIXTURE + "Moved"));
        assertNotNull(redefine(t, FIXTURE + "Moved", classFile(FIXTURE + "MovedBody")));
        assertEquals("", stderr());
    }

    @Test
    void aClassWovenAtBuildTimeMayBeRedefinedWithItsUnwovenClassFile() throws Exception {
        // a debugger's hot swap from an IDE that compiles without weaving: the same shape once woven
        byte[] shop = classFile(FIXTURE + "Shop");
        byte[] woven = transform(transformer(""), FIXTURE + "Shop", shop);
        WeavingTransformer t = transformer("");
        assertNull(transform(t, FIXTURE + "Shop", woven), "defined as it was woven");
        assertArrayEquals(woven, redefine(t, FIXTURE + "Shop", shop));
        assertEquals("", stderr());
    }
}
