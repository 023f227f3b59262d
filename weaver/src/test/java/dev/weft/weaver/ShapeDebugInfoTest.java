package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.StopIteration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Class files compiled at test time with {@code -g}, {@code -g:none}, {@code -parameters} and
 * {@code --release 8} (source: src/test/resources/debuginfo/DebugInfo.java), woven, loaded and run.
 */
class ShapeDebugInfoTest {
    private static final String SOURCE = "debuginfo/DebugInfo.java";
    private static final String CLASS = "debuginfo.DebugInfo";

    @TempDir
    Path temp;

    /** Compiles the fixture source with {@code options} into a fresh directory. */
    private Path compile(String... options) throws IOException {
        Path src = temp.resolve("src/DebugInfo.java");
        Files.createDirectories(src.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SOURCE)) {
            assertNotNull(in, SOURCE);
            Files.write(src, in.readAllBytes());
        }
        Path out = Files.createTempDirectory(temp, "classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK");
        List<String> args = new ArrayList<>(Arrays.asList(options));
        args.addAll(List.of("-nowarn", "-Xlint:-options", "-proc:none", "-cp", System.getProperty("java.class.path"),
                "-d", out.toString(), src.toString()));
        StringWriter errors = new StringWriter();
        int rc = javac.run(null, null, new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, args.toArray(new String[0]));
        assertEquals(0, rc, () -> "javac " + args + " failed:\n" + errors);
        return out;
    }

    /** Weaves the classes of a directory as it loads them; checks each with CheckClassAdapter. */
    static final class DirLoader extends ClassLoader {
        private final Path dir;
        private final Weaver weaver;
        /** Loads the original classes for CheckClassAdapter's type questions (this loader cannot: circularity). */
        private final ClassLoader originals;
        final Map<String, byte[]> woven = new HashMap<>();

        DirLoader(Path dir) {
            super(ShapeDebugInfoTest.class.getClassLoader());
            this.dir = dir;
            this.weaver = new Weaver(TypeHierarchy.of(this));
            try {
                this.originals = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getParent());
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        }

        byte[] original(String name) {
            try {
                return Files.readAllBytes(dir.resolve(name.replace('.', '/') + ".class"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!Files.exists(dir.resolve(name.replace('.', '/') + ".class"))) {
                throw new ClassNotFoundException(name);
            }
            WeaveResult r = weaver.weave(original(name));
            assertFalse(r.hasErrors(), () -> name + ": " + r.diagnostics());
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(r.bytes()), originals, false, new PrintWriter(problems));
            assertEquals("", problems.toString(), () -> name + " fails verification");
            woven.put(name, r.bytes());
            return defineClass(name, r.bytes(), 0, r.bytes().length);
        }

        @Override
        protected URL findResource(String name) {
            Path p = dir.resolve(name);
            try {
                return Files.exists(p) ? p.toUri().toURL() : null;
            } catch (MalformedURLException e) {
                return null;
            }
        }

        ClassNode wovenNode(String name) throws ClassNotFoundException {
            Class.forName(name, true, this);
            ClassNode cn = new ClassNode();
            new ClassReader(woven.get(name)).accept(cn, 0);
            return cn;
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Runs every method of the fixture and checks its results. */
    private static void runAll(DirLoader loader) throws Throwable {
        Class<?> c = Class.forName(CLASS, true, loader);
        ShapeSupport.run(invoke(c.getMethod("run", int.class, String.class, double.class), null, 2, "L", 0.5), 3, 4)
                .is(List.of("L0", "L1"), "L7/0.5");

        Object instance = c.getConstructor(String.class).newInstance("N");
        Method greet = c.getMethod("greet", String.class, Awaitable.class);
        Awaitable<String> greeting = new Awaitable<>() {};
        Coroutine<?> co = (Coroutine<?>) invoke(greet, instance, "bob", greeting);
        assertSame(greeting, co.send(null));
        assertEquals("hi bob from N", assertThrows(StopIteration.class, () -> co.send("hi")).value());

        Class<?> steps = Class.forName(CLASS + "$Steps", true, loader);
        ShapeSupport.run(invoke(steps.getMethod("twice", String.class), null, "w"), "1", "2")
                .is(List.of("w", "w"), "w12");
        Object impl = Class.forName(CLASS + "$StepsImpl", true, loader).getConstructor().newInstance();
        ShapeSupport.run(invoke(steps.getMethod("once", String.class), impl, "o"), "!").is(List.of("o"), "o!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-g:none", "-parameters", "--release 8 -g", "--release 8 -g:none"})
    void compiledWithFlagsWeavesAndRuns(String flags) throws Throwable {
        runAll(new DirLoader(compile(flags.split(" "))));
    }

    @Test
    void release8ClassFilesAreWovenAsJava8() throws Throwable {
        DirLoader loader = new DirLoader(compile("--release", "8"));
        assertEquals(Opcodes.V1_8, loader.wovenNode(CLASS + "$Steps").version & 0xFFFF);
    }

    private static MethodNode method(ClassNode cn, String name, boolean synthetic) {
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name) && ((m.access & Opcodes.ACC_SYNTHETIC) != 0) == synthetic) {
                return m;
            }
        }
        throw new AssertionError("no " + (synthetic ? "resume" : "entry") + " method " + name);
    }

    private static Set<String> names(MethodNode m) {
        Set<String> out = new HashSet<>();
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                out.add(lv.name);
            }
        }
        return out;
    }

    /**
     * Each local variable table entry of {@code m} must describe its slot truthfully: some instruction in
     * the entry's range reads or writes that slot, and every such instruction has the entry's type.
     */
    private static void assertEntriesMatchTheCode(MethodNode m) {
        for (LocalVariableNode lv : m.localVariables) {
            Type t = Type.getType(lv.desc);
            int from = m.instructions.indexOf(lv.start);
            int to = m.instructions.indexOf(lv.end);
            int uses = 0;
            for (int i = from; i < to; i++) {
                AbstractInsnNode insn = m.instructions.get(i);
                if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var == lv.index) {
                    int op = insn.getOpcode();
                    boolean load = op >= Opcodes.ILOAD && op <= Opcodes.ALOAD;
                    int expected = t.getOpcode(load ? Opcodes.ILOAD : Opcodes.ISTORE);
                    int index = i;
                    assertEquals(expected, op, () -> m.name + ": slot " + lv.index + " is named " + lv.name + " "
                            + lv.desc + " but instruction " + index + " uses it as another type");
                    uses++;
                } else if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var == lv.index) {
                    assertEquals(Type.INT_TYPE, t, m.name + ": iinc on " + lv.name);
                    uses++;
                }
            }
            assertTrue(uses > 0, () -> m.name + ": no instruction uses slot " + lv.index + " named " + lv.name
                    + " within its range");
        }
    }

    @Test
    void withDashGTheResumeMethodStillNamesTheLocals() throws Throwable {
        DirLoader loader = new DirLoader(compile("-g"));
        ClassNode cn = loader.wovenNode(CLASS);

        MethodNode resume = method(cn, "run", true);
        assertTrue(names(resume).containsAll(Set.of("count", "label", "weight", "total", "index", "piece", "got")),
                () -> "resume locals: " + names(resume));
        assertEntriesMatchTheCode(resume);
        MethodNode greetResume = method(cn, "greet", true);
        // a debugger hides a local named this (the body is static: it has no this of its own)
        assertTrue(names(greetResume).containsAll(Set.of("$this", "who", "greeting", "salutation")),
                () -> "resume locals: " + names(greetResume));
        assertFalse(names(greetResume).contains("this"), () -> "resume locals: " + names(greetResume));
        assertEntriesMatchTheCode(greetResume);

        MethodNode entry = method(cn, "run", false);
        assertEquals(Set.of("count", "label", "weight"), names(entry), "the entry names its parameters");
        assertEntriesMatchTheCode(entry);
        MethodNode greetEntry = method(cn, "greet", false);
        assertEquals(Set.of("this", "who", "greeting"), names(greetEntry));
        assertEntriesMatchTheCode(greetEntry);
    }

    /**
     * A debugger reads a variable wherever the local variable table puts it in scope, and the JVM refuses
     * (or shows a stale value) where its slot holds nothing on some path. A suspension point restores only
     * the values live across it, so a variable in scope but dead there ({@code greeting} after its await,
     * {@code piece} after its yield) has no value after the resume, nor where that path joins the others.
     * Each entry must cover only code where its slot holds a value of its type on every path.
     */
    @Test
    void withDashGEveryLocalIsReadableWhereverItIsInScope() throws Throwable {
        DirLoader loader = new DirLoader(compile("-g"));
        ClassNode cn = loader.wovenNode(CLASS);
        for (String name : List.of("run", "greet")) {
            assertEntriesHoldTheirValues(cn.name, method(cn, name, true));
        }
        ClassNode steps = loader.wovenNode(CLASS + "$Steps");
        assertEntriesHoldTheirValues(steps.name, method(steps, "twice", true));
        MethodNode run = method(cn, "run", true);
        assertTrue(names(run).containsAll(Set.of("count", "label", "weight", "total", "index", "piece", "got")),
                () -> "resume locals: " + names(run));
        assertTrue(names(method(cn, "greet", true)).containsAll(Set.of("who", "greeting", "salutation")));
    }

    /** Checks every entry of {@code m}'s local variable table against the JVM's view of its slot. */
    private static void assertEntriesHoldTheirValues(String owner, MethodNode m) throws AnalyzerException {
        Frame<BasicValue>[] frames = new Analyzer<>(new BasicInterpreter()).analyze(owner, m);
        for (LocalVariableNode lv : m.localVariables) {
            BasicValue expected = new BasicInterpreter().newValue(Type.getType(lv.desc));
            int from = m.instructions.indexOf(lv.start);
            int to = m.instructions.indexOf(lv.end);
            for (int i = from; i < to; i++) {
                if (frames[i] == null) {
                    continue; // unreachable
                }
                BasicValue actual = frames[i].getLocal(lv.index);
                int index = i;
                assertEquals(expected, actual, () -> m.name + ": " + lv.name + " (slot " + lv.index + ") is in scope"
                        + " at instruction " + index + " (line " + lineAt(m, index) + ") but its slot holds " + actual);
            }
        }
    }

    private static int lineAt(MethodNode m, int index) {
        for (AbstractInsnNode p = m.instructions.get(index); p != null; p = p.getPrevious()) {
            if (p instanceof LineNumberNode) {
                return ((LineNumberNode) p).line;
            }
        }
        return -1;
    }

    @Test
    void withDashGTheResumeMethodKeepsTheLineNumbers() throws Throwable {
        Path dir = compile("-g");
        DirLoader loader = new DirLoader(dir);
        ClassNode original = new ClassNode();
        new ClassReader(loader.original(CLASS)).accept(original, 0);
        ClassNode cn = loader.wovenNode(CLASS);
        for (String name : List.of("run", "greet")) {
            assertEquals(lines(method(original, name, false)), lines(method(cn, name, true)), name);
            // the entry runs none of the body: a breakpoint on the body's first line must not stop there
            assertEquals(Set.of(), lines(method(cn, name, false)), name + "'s entry");
        }
    }

    private static Set<Integer> lines(MethodNode m) {
        Set<Integer> out = new HashSet<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode) {
                out.add(((LineNumberNode) insn).line);
            }
        }
        return out;
    }

    @Test
    void withDashParametersTheEntryKeepsParameterNames() throws Throwable {
        DirLoader loader = new DirLoader(compile("-parameters"));
        Class<?> c = Class.forName(CLASS, true, loader);
        assertEquals(List.of("count", "label", "weight"),
                parameterNames(c.getMethod("run", int.class, String.class, double.class)));
        assertEquals(List.of("who", "greeting"), parameterNames(c.getMethod("greet", String.class, Awaitable.class)));
        Class<?> steps = Class.forName(CLASS + "$Steps", true, loader);
        assertEquals(List.of("what"), parameterNames(steps.getMethod("twice", String.class)));
    }

    @Test
    void withoutDashParametersThereAreNoNames() throws Throwable {
        Class<?> c = Class.forName(CLASS, true, new DirLoader(compile("-g")));
        for (Parameter p : c.getMethod("run", int.class, String.class, double.class).getParameters()) {
            assertFalse(p.isNamePresent(), p::toString);
        }
    }

    private static List<String> parameterNames(Method m) {
        List<String> out = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            assertTrue(p.isNamePresent(), () -> m + ": MethodParameters attribute lost");
            out.add(p.getName());
        }
        return out;
    }

    @Test
    void withDashGNoneItHasNoDebugInformationAndStillWorks() throws Throwable {
        DirLoader loader = new DirLoader(compile("-g:none"));
        ClassNode cn = loader.wovenNode(CLASS);
        assertNull(cn.sourceFile);
        for (MethodNode m : cn.methods) {
            assertTrue(m.localVariables == null || m.localVariables.isEmpty(), m.name);
            assertEquals(Set.of(), lines(m), m.name);
        }
        Class<?> c = Class.forName(CLASS, true, loader);
        Object instance = c.getConstructor(String.class).newInstance("N");
        Coroutine<?> co = (Coroutine<?>) invoke(c.getMethod("greet", String.class, Awaitable.class), instance, "",
                new Awaitable<String>() {});
        co.send(null);
        assertTrue(co.toString().contains("greet"), co::toString);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> co.send("hi"));
        assertEquals("greet", e.getStackTrace()[0].getMethodName());
        assertTrue(e.getStackTrace()[0].getLineNumber() < 0, () -> "no line table: " + e.getStackTrace()[0]);
    }
}
