package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import dev.weft.Generator;
import dev.weft.StopIteration;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's build step without Maven: weave a directory of compiled fixtures, write, run with no agent. */
class WeavingTest {
    private static final String COUNTER = Fixtures.PACKAGE + "/Counter.class";
    private static final String LETTERS = Fixtures.PACKAGE + "/sub/Letters.class";
    private static final String PLAIN = Fixtures.PACKAGE + "/Plain.class";
    private static final String BROKEN = Fixtures.PACKAGE + "/broken/Broken.class";

    @TempDir
    Path classes;

    private static Weaving weaving(PathFilter filter) {
        return new Weaving(List.of(runtime()), filter);
    }

    /** Where the runtime's classes are, as a user's class path has them. */
    private static Path runtime() {
        try {
            return Path.of(Coroutine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void wovenClassesRunWithNoAgent() throws Exception {
        Fixtures.copy(classes, "");
        Files.delete(classes.resolve(BROKEN));

        WeaveOutcome outcome = weaving(PathFilter.ALL).run(classes);

        assertEquals("weft: wove 4 methods in 2 classes", Report.summary(outcome));
        ClassLoader loader = new FixtureLoader(classes);
        @SuppressWarnings("unchecked")
        Generator<Integer, Object, String> count = (Generator<Integer, Object, String>) loader
                .loadClass("dev.weft.maven.fixtures.Counter").getMethod("count", int.class).invoke(null, 3);
        List<Integer> values = new ArrayList<>();
        count.forEachRemaining(values::add);
        assertEquals(List.of(0, 1, 2), values);
        assertEquals("counted 3", count.returnValue());

        @SuppressWarnings("unchecked")
        Coroutine<Integer> sum = (Coroutine<Integer>) loader.loadClass("dev.weft.maven.fixtures.Counter")
                .getMethod("sumOfSquares", int.class).invoke(null, 4);
        assertEquals(14, assertThrows(StopIteration.class, () -> sum.send(null)).value());

        @SuppressWarnings("unchecked")
        Generator<Character, Object, Void> letters = (Generator<Character, Object, Void>) loader
                .loadClass("dev.weft.maven.fixtures.sub.Letters").getMethod("letters", String.class)
                .invoke(null, "ab");
        List<Character> chars = new ArrayList<>();
        letters.forEach(chars::add);
        assertEquals(List.of('a', 'b'), chars);
    }

    @Test
    void writesTheWeaversOwnBytesAndLeavesOtherClassesAlone() throws Exception {
        Fixtures.copy(classes, "");
        Files.delete(classes.resolve(BROKEN));
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        weaving(PathFilter.ALL).run(classes);

        Map<String, Fixtures.Snapshot> after = Fixtures.snapshot(classes);
        assertEquals(before.keySet(), after.keySet(), "no file added or left behind");
        byte[] expected = new Weaver(TypeHierarchy.of(getClass().getClassLoader()))
                .weave(Fixtures.original(COUNTER)).bytes();
        assertArrayEquals(expected, Files.readAllBytes(classes.resolve(COUNTER)));
        assertEquals(before.get(PLAIN), after.get(PLAIN));
        assertNotEquals(before.get(LETTERS), after.get(LETTERS));
    }

    @Test
    void anErrorLeavesEveryFileUntouchedAndNamesTheMethodAndLine() throws Exception {
        Fixtures.copy(classes, "");
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        WeavingException e = assertThrows(WeavingException.class, () -> weaving(PathFilter.ALL).run(classes));

        assertEquals(before, Fixtures.snapshot(classes), "nothing written, not even the classes without errors");
        String message = e.getMessage();
        assertTrue(message.startsWith("weft: 1 weaving error in 1 class of " + classes
                + "; no class file was changed:"), message);
        assertTrue(message.contains("dev/weft/maven/fixtures/broken/Broken.locked"
                + "(Ljava/util/concurrent/CompletableFuture;)Ldev/weft/Coroutine; (Broken.java:16): "
                + "await inside a synchronized block"), message);
        assertTrue(message.contains("guard the state with a weft Lock"), "the fix is in the message: " + message);
        assertEquals(2, e.outcome().woven().size(), "the other classes were woven in memory, not written");
    }

    @Test
    void aSecondRunRewritesNothing() throws Exception {
        Fixtures.copy(classes, "");
        Files.delete(classes.resolve(BROKEN));
        weaving(PathFilter.ALL).run(classes);
        try (var files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Files.setLastModifiedTime(f, Fixtures.LONG_AGO);
            }
        }
        Map<String, Fixtures.Snapshot> woven = Fixtures.snapshot(classes);

        WeaveOutcome again = weaving(PathFilter.ALL).run(classes);

        assertEquals(woven, Fixtures.snapshot(classes), "same bytes, same modification times");
        assertTrue(again.woven().isEmpty());
        assertEquals(2, again.alreadyWoven());
        assertEquals("weft: wove 0 methods in 0 classes (2 classes already woven)", Report.summary(again));
    }

    @Test
    void aRecompiledClassIsWovenAgainAndOnlyIt() throws Exception {
        Fixtures.copy(classes, "");
        Files.delete(classes.resolve(BROKEN));
        weaving(PathFilter.ALL).run(classes);
        Files.write(classes.resolve(COUNTER), Fixtures.original(COUNTER)); // as javac would after an edit
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        WeaveOutcome outcome = weaving(PathFilter.ALL).run(classes);

        assertEquals(List.of(classes.resolve(COUNTER)), outcome.woven().stream().map(WovenClass::file).toList());
        assertEquals(before.get(LETTERS), Fixtures.snapshot(classes).get(LETTERS));
        assertEquals(1, outcome.alreadyWoven());
    }

    @Test
    void includesAndExcludesChooseTheClassFiles() throws Exception {
        Fixtures.copy(classes, "");
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        WeaveOutcome outcome = weaving(PathFilter.of(List.of("dev/weft/maven/fixtures/**"),
                List.of("**/broken/", "**/Counter.class"))).run(classes);

        assertEquals(List.of(classes.resolve(LETTERS)), outcome.woven().stream().map(WovenClass::file).toList());
        Map<String, Fixtures.Snapshot> after = Fixtures.snapshot(classes);
        assertEquals(before.get(COUNTER), after.get(COUNTER));
        assertNotEquals(before.get(LETTERS), after.get(LETTERS));
        // what was left out but needed weaving is named, so that it does not ship unwoven in silence
        assertTrue(outcome.excludedUnwoven().contains(COUNTER), outcome.excludedUnwoven()::toString);
        assertTrue(outcome.excludedUnwoven().stream().anyMatch(p -> p.contains("/broken/")),
                outcome.excludedUnwoven()::toString);
        assertTrue(outcome.excludedUnwoven().stream().noneMatch(p -> p.endsWith("/Plain.class")),
                outcome.excludedUnwoven()::toString);
        assertEquals(1, Report.warnings(outcome).size(), Report.warnings(outcome)::toString);
        String warning = Report.warnings(outcome).get(0);
        assertTrue(warning.startsWith("weft: " + outcome.excludedUnwoven().size() + " class files have suspension"
                + " points but are left out by <includes>/<excludes> ("), warning);
        assertTrue(warning.contains(COUNTER) && warning.endsWith("they ship unwoven, and their await and yield calls"
                + " will throw"), warning);
    }

    @Test
    void aClassFileTheWeaverCannotReadFailsTheBuild() throws Exception {
        Fixtures.copy(classes, "sub");
        byte[] letters = Fixtures.original(LETTERS);
        Path junk = classes.resolve("Junk.class"); // a class file cut short: its constant pool names @Async
        Files.write(junk, java.util.Arrays.copyOf(letters, letters.length - 40));
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        WeavingException e = assertThrows(WeavingException.class, () -> weaving(PathFilter.ALL).run(classes));

        assertEquals(before, Fixtures.snapshot(classes));
        assertTrue(e.getMessage().contains("Junk.class: not a class file the weaver can read"), e.getMessage());
    }

    /**
     * A class file woven by another weft version, as a build that changes only weft's version leaves behind
     * (javac has no reason to compile it again), fails the build: it would fail when first called.
     */
    @Test
    void aClassWovenForAnotherRuntimeFailsTheBuild() throws Exception {
        Fixtures.copy(classes, "sub");
        weaving(PathFilter.ALL).run(classes);
        Path letters = classes.resolve(LETTERS);
        Files.write(letters, wovenForAbi(Files.readAllBytes(letters), Weaver.RUNTIME_ABI - 1));
        Map<String, Fixtures.Snapshot> before = Fixtures.snapshot(classes);

        WeavingException e = assertThrows(WeavingException.class, () -> weaving(PathFilter.ALL).run(classes));

        assertEquals(before, Fixtures.snapshot(classes));
        assertTrue(e.getMessage().contains(LETTERS + ": woven by another version of weft (for runtime ABI "
                + (Weaver.RUNTIME_ABI - 1) + "; this weaver's is " + Weaver.RUNTIME_ABI + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("compile it again (mvn clean verify)"), e.getMessage());
    }

    /** {@code woven} as a weaver of runtime ABI {@code abi} would have written it: its link-time check asks for it. */
    private static byte[] wovenForAbi(byte[] woven, int abi) {
        ClassReader reader = new ClassReader(woven);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        Object[] changed = arguments.clone();
                        if (bootstrap.getOwner().equals("dev/weft/internal/Linkage")) {
                            changed[changed.length - 1] = abi;
                        }
                        super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, changed);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    @Test
    void temporaryFilesOfAKilledBuildAreRemoved() throws Exception {
        Fixtures.copy(classes, "sub");
        Path leftover = classes.resolve(Fixtures.PACKAGE + "/sub/Letters.class123" + ClassFileWriter.TEMP_SUFFIX);
        Files.write(leftover, new byte[] {1, 2});

        weaving(PathFilter.ALL).run(classes);

        assertFalse(Files.exists(leftover));
    }

    @Test
    void aMissingDirectoryHasNothingToWeave() throws IOException, WeavingException {
        WeaveOutcome outcome = weaving(PathFilter.ALL).run(classes.resolve("absent"));

        assertEquals("weft: wove 0 methods in 0 classes", Report.summary(outcome));
        assertFalse(outcome.hasErrors());
    }
}
