package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suspension point called in a method that was not woven says where, and how to weave it. */
class NotWovenTest {
    private static Object yieldUnwoven() {
        return Coroutines.yield("x");
    }

    @Test
    void theMessageNamesTheMethodItsSourceLineAndTheRoutes() {
        IllegalStateException e = assertThrows(IllegalStateException.class, NotWovenTest::yieldUnwoven);
        assertTrue(e.getMessage().startsWith("Coroutines.yield called in dev.weft.NotWovenTest.yieldUnwoven"
                + " (NotWovenTest.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("mark the method @Async"), e.getMessage());
        assertTrue(e.getMessage().contains("-javaagent:weft-agent.jar"), e.getMessage());
    }

    @Async
    static Generator<Object, Object, Void> asyncButUnwoven() {
        Coroutines.yield("x");
        return Coroutines.done();
    }

    @Test
    void anAsyncMethodWhoseClassWasNotWovenIsToldSo() {
        // as a class loaded before an agent attached to the running JVM
        IllegalStateException e = assertThrows(IllegalStateException.class, NotWovenTest::asyncButUnwoven);
        assertTrue(e.getMessage().startsWith("Coroutines.yield called in dev.weft.NotWovenTest.asyncButUnwoven"
                + " (NotWovenTest.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("which was not woven, though it is @Async: no weaver ran on its class (none"
                + " is set up, an agent attached after it loaded, -Aweft.weave=false, or javac 23+ given the"
                + " processor on the class path without -proc:full)"), e.getMessage());
    }

    /** A hidden class never reaches an agent: the message names its method (hidden frames are hidden from traces). */
    @Test
    void aHiddenClassIsNamedAndToldToBeWovenBeforeItIsDefined(@TempDir Path temp) throws Throwable {
        Path src = temp.resolve("dev/weft/HiddenPlain.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package dev.weft;\npublic class HiddenPlain {\n  public static Object call() {\n"
                + "    return Coroutines.yield(1);\n  }\n}\n");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none", "-cp",
                System.getProperty("java.class.path"), "-d", temp.toString(), src.toString()));
        byte[] bytes = Files.readAllBytes(temp.resolve("dev/weft/HiddenPlain.class"));
        MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
        MethodHandle call = hidden.findStatic(hidden.lookupClass(), "call", MethodType.methodType(Object.class));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.invoke());
        assertTrue(e.getMessage().startsWith("Coroutines.yield called in dev.weft.HiddenPlain/0x"), e.getMessage());
        assertTrue(e.getMessage().contains(".call (HiddenPlain.java:4), which was not woven: it is in a hidden class,"
                + " which no agent is given to weave; weave its class file before defining it"), e.getMessage());
    }

    /** Compiled with {@code -g:none}, the class has no source file or line: the message says so, no "null:-1". */
    @Test
    void withoutDebugInformationTheSourceIsUnknown(@TempDir Path temp) throws Exception {
        Path src = temp.resolve("Plain.java");
        Files.writeString(src, "public class Plain {\n  public static Object call() {\n"
                + "    return dev.weft.Coroutines.yield(1);\n  }\n}\n");
        StringWriter errors = new StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new java.io.PrintStream(
                new java.io.ByteArrayOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) {
                errors.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }
        }, "-g:none", "-proc:none", "-cp",
                System.getProperty("java.class.path"), "-d", temp.toString(), src.toString());
        assertEquals(0, rc, errors::toString);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()},
                NotWovenTest.class.getClassLoader())) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> loader.loadClass("Plain").getMethod("call").invoke(null));
            assertEquals("Coroutines.yield called in Plain.call (unknown source), which was not woven: mark the"
                    + " method @Async and weave it, with -javaagent:weft-agent.jar, the weft-maven-plugin, or the"
                    + " weft-processor annotation processor", e.getCause().getMessage());
        }
    }
}
