package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Helpers shared by the weaver's shape tests: loading woven fixtures, calling them, driving generators. */
final class ShapeSupport {
    static final String PACKAGE = "dev.weft.weaver.fixtures.shapes.";

    private ShapeSupport() {}

    /** A fresh loader weaving (and checking) the shape fixtures. */
    static WovenLoader loader() {
        return new WovenLoader(PACKAGE);
    }

    /**
     * Loads and initializes a woven fixture class: initialization links it, so the JVM's own verifier has
     * checked every method of it (verification is on for classes of non-boot loaders).
     */
    static Class<?> load(WovenLoader loader, String simpleName) {
        try {
            return Class.forName(PACKAGE + simpleName, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** Calls the method {@code name} of {@code target} (a Class for static methods) whose parameters fit {@code args}. */
    static Object call(Object target, String name, Object... args) throws Throwable {
        Class<?> c = target instanceof Class<?> ? (Class<?>) target : target.getClass();
        Method found = null;
        for (Class<?> k = c; k != null && found == null; k = k.getSuperclass()) {
            found = find(k.getDeclaredMethods(), name, args);
        }
        if (found == null) {
            for (Class<?> i : c.getInterfaces()) {
                found = find(i.getDeclaredMethods(), name, args);
                if (found != null) {
                    break;
                }
            }
        }
        if (found == null) {
            throw new AssertionError("no method " + name + Arrays.toString(args) + " in " + c);
        }
        found.setAccessible(true);
        try {
            return found.invoke(Modifier.isStatic(found.getModifiers()) ? null : target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Method find(Method[] methods, String name, Object[] args) {
        for (Method m : methods) {
            if (!m.getName().equals(name) || m.isSynthetic() || m.getParameterCount() != args.length) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean fits = true;
            for (int i = 0; i < types.length && fits; i++) {
                fits = args[i] == null ? !types[i].isPrimitive() : box(types[i]).isInstance(args[i]);
            }
            if (fits) {
                return m;
            }
        }
        return null;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        switch (c.getName()) {
            case "int": return Integer.class;
            case "long": return Long.class;
            case "double": return Double.class;
            case "float": return Float.class;
            case "boolean": return Boolean.class;
            case "byte": return Byte.class;
            case "char": return Character.class;
            case "short": return Short.class;
            default: return Void.class;
        }
    }

    /** The yields of a generator driven by {@code send(null)} then each of {@code sends}, and how it ended. */
    record Run(List<Object> yields, Object result, boolean finished) {
        /** Asserts the yields and the return value. */
        void is(List<?> expectedYields, Object expectedResult) {
            assertEquals(expectedYields, yields, "yields");
            if (!finished) {
                fail("the generator did not finish; yields " + yields);
            }
            assertEquals(expectedResult, result, "return value");
        }
    }

    /** Starts {@code g} and sends each of {@code sends} in turn; every send must be consumed. */
    @SuppressWarnings("unchecked")
    static Run run(Object generator, Object... sends) {
        Generator<Object, Object, Object> g = (Generator<Object, Object, Object>) generator;
        List<Object> yields = new ArrayList<>();
        try {
            yields.add(g.send(null));
            for (int i = 0; i < sends.length; i++) {
                try {
                    yields.add(g.send(sends[i]));
                } catch (StopIteration end) {
                    if (i != sends.length - 1) {
                        fail("finished after " + (i + 1) + " of " + sends.length + " sends; yields " + yields);
                    }
                    return new Run(yields, end.value(), true);
                }
            }
        } catch (StopIteration end) {
            if (sends.length != 0) {
                fail("finished before any send; yields " + yields);
            }
            return new Run(yields, end.value(), true);
        }
        return new Run(yields, null, false);
    }

    /**
     * Compiles {@code source}, class {@code className} of package {@code pkg}, against the test class path
     * into {@code temp}/classes, with javac's further {@code options}, and returns that folder.
     */
    static Path compile(Path temp, String pkg, String className, String source, String... options)
            throws IOException {
        Path src = temp.resolve("src/" + pkg + "/" + className + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = Files.createDirectories(temp.resolve("classes"));
        StringWriter errors = new StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, Stream.concat(Stream.of(options), Stream.of("-nowarn", "-proc:none", "-cp", System.getProperty(
                "java.class.path"), "-d", out.toString(), src.toString())).toArray(String[]::new));
        assertEquals(0, rc, errors::toString);
        return out;
    }

    /** The class node of a class's original (unwoven) bytes. */
    static ClassNode original(String className) {
        ClassNode cn = new ClassNode();
        new ClassReader(WovenLoader.bytesOf(className)).accept(cn, 0);
        return cn;
    }

    /** The source line of the {@code n}-th (from 0) call of {@code owner.callee} in {@code className.method}, unwoven. */
    static int lineOfCall(String className, String method, String callee, int n) {
        for (MethodNode m : original(className).methods) {
            if (!m.name.equals(method)) {
                continue;
            }
            int line = -1;
            int seen = 0;
            for (AbstractInsnNode insn : m.instructions) {
                if (insn instanceof LineNumberNode) {
                    line = ((LineNumberNode) insn).line;
                } else if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals(callee)
                        && seen++ == n) {
                    return line;
                }
            }
        }
        throw new AssertionError("no call " + n + " of " + callee + " in " + className + "." + method);
    }

    /** The first source line of {@code className.method}, unwoven. */
    static int firstLine(String className, String method) {
        for (MethodNode m : original(className).methods) {
            if (m.name.equals(method)) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof LineNumberNode) {
                        return ((LineNumberNode) insn).line;
                    }
                }
            }
        }
        throw new AssertionError("no line for " + className + "." + method);
    }
}
