package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Generator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What cannot be woven is refused (fixtures: shapes/refused): an ERROR diagnostic naming the class,
 * method, line and the fix, and a method body that throws an Error carrying it.
 */
class ShapeRefusalTest {
    private static final String PKG = "dev.weft.weaver.fixtures.shapes.refused.";
    private static final String REFUSALS = PKG + "Refusals";
    private static final String INTERNAL = REFUSALS.replace('.', '/');

    /** Weaves the refused fixtures, keeping the results, and defines them even though they have errors. */
    static final class RefusingLoader extends ClassLoader {
        private final Weaver weaver = new Weaver(TypeHierarchy.of(ShapeRefusalTest.class.getClassLoader()));
        final Map<String, WeaveResult> results = new ConcurrentHashMap<>();

        RefusingLoader() {
            super(ShapeRefusalTest.class.getClassLoader());
        }

        WeaveResult result(String name) {
            WeaveResult r = results.get(name);
            if (r == null) {
                r = weaver.weave(WovenLoader.bytesOf(name));
                results.put(name, r);
            }
            return r;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PKG)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = result(name).bytes();
                    WovenLoader.verify(bytes);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }
    }

    private final RefusingLoader loader = new RefusingLoader();

    private List<Diagnostic> diagnostics(String className, String method) {
        List<Diagnostic> found = new ArrayList<>();
        for (Diagnostic d : loader.result(className).diagnostics()) {
            if (d.methodName().equals(method)) {
                found.add(d);
            }
        }
        return found;
    }

    /** The one ERROR for {@code method}, checked for class, source file and line. */
    private Diagnostic refusal(String className, String method, int line, String... fixWords) {
        List<Diagnostic> found = diagnostics(className, method);
        assertEquals(1, found.size(), () -> "one diagnostic for " + method + ": " + loader.result(className).diagnostics());
        Diagnostic d = found.get(0);
        assertEquals(Diagnostic.Severity.ERROR, d.severity(), d::toString);
        assertEquals(className.replace('.', '/'), d.className(), d::toString);
        String simple = className.substring(className.lastIndexOf('.') + 1);
        String file = (simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple) + ".java";
        assertEquals(file, d.sourceFile(), d::toString);
        assertEquals(line, d.line(), () -> "line of " + d);
        assertTrue(d.toString().contains(line > 0 ? file + ":" + line + ")" : "(" + file + ")"), d::toString);
        assertTrue(d.toString().contains(d.className() + "." + method), d::toString);
        for (String w : fixWords) {
            assertTrue(d.message().contains(w), () -> "the message should say '" + w + "': " + d.message());
        }
        return d;
    }

    /** Calling the stubbed method throws an Error whose message carries the diagnostic. */
    private static void throwsCarrying(Diagnostic d, Executable call) {
        Error e = assertThrows(Error.class, () -> {
            try {
                call.execute();
            } catch (InvocationTargetException ite) {
                throw ite.getCause();
            }
        });
        assertSame(Error.class, e.getClass(), () -> "a plain Error, not " + e);
        assertTrue(e.getMessage().contains(d.toString()), () -> "the error should carry the diagnostic: " + e.getMessage());
    }

    private Class<?> refusals() throws ClassNotFoundException {
        return Class.forName(REFUSALS, true, loader);
    }

    private Object instance() throws Exception {
        return refusals().getConstructor().newInstance();
    }

    private static Awaitable<String> awaitable() {
        return new Awaitable<>() {};
    }

    @Test
    void theRestOfTheClassIsWoven() throws Throwable {
        WeaveResult r = loader.result(REFUSALS);
        assertTrue(r.changed());
        assertTrue(r.hasErrors());
        assertEquals(List.of(INTERNAL + ".yieldInLambda()Ldev/weft/Generator;",
                INTERNAL + ".yieldInAnonymousClass()Ldev/weft/Generator;", INTERNAL + ".fine()Ldev/weft/Generator;"),
                r.wovenMethods());
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) refusals().getMethod("fine").invoke(null);
        assertEquals("fine", g.next());
        for (Diagnostic d : r.diagnostics()) {
            assertEquals(Diagnostic.Severity.ERROR, d.severity(), d::toString);
        }
        assertEquals(8, r.diagnostics().size(), r.diagnostics()::toString);
    }

    /**
     * A hierarchy that reads the class files under {@code dir} whose names {@code readable} accepts, and
     * the runtime's from the test's loader: a class it cannot read is one whose file was not found.
     */
    private TypeHierarchy readingFrom(java.nio.file.Path dir, java.util.function.Predicate<String> readable) {
        TypeHierarchy.ClassFileSource runtime = new TypeHierarchy.LoaderResources(getClass().getClassLoader());
        return TypeHierarchy.reading(name -> {
            java.nio.file.Path f = dir.resolve(name + ".class");
            return readable.test(name) && java.nio.file.Files.exists(f) ? java.nio.file.Files.readAllBytes(f)
                    : runtime.find(name);
        });
    }

    /**
     * A class file the weaver needs but cannot read (the agent under a loader that serves no
     * {@code .class} resources): the error names the class and what helps, and the method alone is refused.
     */
    @Test
    void aClassFileTheWeaverCannotReadIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        String source = "package plug;\nimport dev.weft.*;\npublic class Plugin {\n"
                + "  public abstract static class Animal { public abstract String say(); }\n"
                + "  public static class Dog extends Animal { public String say() { return \"woof\"; } }\n"
                + "  public static class Cat extends Animal { public String say() { return \"meow\"; } }\n"
                + "  @Async public static Coroutine<String> go(int k, Awaitable<Object> later) {\n"
                + "    Animal a = k == 0 ? new Dog() : new Cat();\n"
                + "    Object x = Coroutines.await(later);\n"
                + "    return Coroutines.done(a.say() + x);\n  }\n}\n";
        java.nio.file.Path dir = ShapeSupport.compile(temp, "plug", "Plugin", source);
        TypeHierarchy readable = readingFrom(dir, name -> true);
        WeaveResult r = new Weaver(readingFrom(dir, name -> false))
                .weave(java.nio.file.Files.readAllBytes(dir.resolve("plug/Plugin.class")));
        assertEquals(1, r.diagnostics().size(), r.diagnostics()::toString);
        String message = r.diagnostics().get(0).message();
        assertTrue(message.contains("the class file of plug.Plugin$Animal was not found"), message);
        assertEquals(message.indexOf("was not found"), message.lastIndexOf("was not found"), "said once: " + message);
        assertTrue(message.contains("weave at build time"), message);
        assertFalse(new Weaver(readable).weave(java.nio.file.Files.readAllBytes(dir.resolve("plug/Plugin.class")))
                .hasErrors(), "with the class files readable it weaves");
    }

    /**
     * A missing class met in a merge rather than in the mismatch itself ({@code f ? Missing.make() : new A()}
     * typed as their common superclass, which the weaver cannot know): the error still names it.
     */
    @Test
    void aMissingClassBehindAMergeIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        String source = "package plug;\nimport dev.weft.*;\npublic class Merge {\n"
                + "  public static class Base { public String m() { return \"base\"; } }\n"
                + "  public static class A extends Base { }\n"
                + "  public static class Missing extends Base { static Missing make() { return new Missing(); } }\n"
                + "  @Async public static Coroutine<String> go(boolean f, Awaitable<Object> later) {\n"
                + "    Base x = f ? Missing.make() : new A();\n"
                + "    Object v = Coroutines.await(later);\n"
                + "    return Coroutines.done(x.m() + v);\n  }\n}\n";
        java.nio.file.Path dir = ShapeSupport.compile(temp, "plug", "Merge", source);
        WeaveResult r = new Weaver(readingFrom(dir, name -> !name.endsWith("$Missing")))
                .weave(java.nio.file.Files.readAllBytes(dir.resolve("plug/Merge.class")));
        assertEquals(1, r.diagnostics().size(), r.diagnostics()::toString);
        String message = r.diagnostics().get(0).message();
        assertTrue(message.contains("perhaps only because the class file of plug.Merge$Missing was not found"),
                message);
    }

    /** A value of a class the woven class cannot name, used as that class after the suspension point. */
    @Test
    void hiddenClassUsedAsItselfAfterASuspension() throws Throwable {
        String hiddenUse = PKG + "HiddenUse";
        String[] fix = {"dev.weft.weaver.fixtures.shapes.access.Hidden", "cannot access", "make", "public",
            "compute the value after the yield"};
        Diagnostic local = refusal(hiddenUse, "usedAsItself", ShapeSupport.lineOfCall(hiddenUse, "usedAsItself",
                "yield", 0), fix);
        assertTrue(local.message().contains("(line " + ShapeSupport.lineOfCall(hiddenUse, "usedAsItself", "use", 0)
                + ")"), local::toString);
        refusal(hiddenUse, "onTheStackAsItself", ShapeSupport.lineOfCall(hiddenUse, "onTheStackAsItself",
                "yield", 0), fix);
        refusal(hiddenUse, "subclassUsedAsItsSuperclass", ShapeSupport.lineOfCall(hiddenUse,
                "subclassUsedAsItsSuperclass", "yield", 0), fix);
        assertEquals(List.of(hiddenUse.replace('.', '/') + ".usedAsItsSuperclass()Ldev/weft/Generator;"),
                loader.result(hiddenUse).wovenMethods());
        Class<?> c = Class.forName(hiddenUse, true, loader);
        throwsCarrying(local, () -> c.getMethod("usedAsItself").invoke(null));
        ShapeSupport.run(c.getMethod("usedAsItsSuperclass").invoke(null), "x")
                .is(List.of("suspended"), "base greets x");
    }

    /** Compiled with {@code -g:none}, the same refusal names no line rather than "line -1". */
    @Test
    void withoutLineNumbersTheMessageNamesNoLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/java/dev/weft/weaver/fixtures/shapes/refused/HiddenUse.java"));
        java.nio.file.Path dir = ShapeSupport.compile(temp, "dev/weft/weaver/fixtures/shapes/refused", "HiddenUse",
                source, "-g:none");
        WeaveResult r = new Weaver(TypeHierarchy.of(getClass().getClassLoader())).weave(java.nio.file.Files.readAllBytes(
                dir.resolve("dev/weft/weaver/fixtures/shapes/refused/HiddenUse.class")));
        assertEquals(3, r.diagnostics().size(), r.diagnostics()::toString);
        for (Diagnostic d : r.diagnostics()) {
            assertTrue(d.message().contains("is live across the yield and used as that class after it: "), d::toString);
            assertFalse(d.toString().contains("-1"), d::toString);
        }
    }

    @Test
    void awaitInsideSynchronized() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "awaitInSynchronized",
                ShapeSupport.lineOfCall(REFUSALS, "awaitInSynchronized", "await", 0), "synchronized", "move the await");
        Object o = instance();
        throwsCarrying(d, () -> refusals().getMethod("awaitInSynchronized", Awaitable.class).invoke(o, awaitable()));
    }

    @Test
    void synchronizedAsyncMethod() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "synchronizedMethod", ShapeSupport.firstLine(REFUSALS, "synchronizedMethod"),
                "cannot be synchronized", "remove 'synchronized'");
        Object o = instance();
        throwsCarrying(d, () -> refusals().getMethod("synchronizedMethod", Awaitable.class).invoke(o, awaitable()));
    }

    @Test
    void asyncMethodReturningString() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "returnsString", ShapeSupport.firstLine(REFUSALS, "returnsString"),
                "java.lang.String", "change the return type");
        throwsCarrying(d, () -> refusals().getMethod("returnsString").invoke(null));
    }

    @Test
    void yieldInACoroutineMethod() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "yieldInCoroutine",
                ShapeSupport.lineOfCall(REFUSALS, "yieldInCoroutine", "yield", 0), "only generators yield",
                "return Generator");
        throwsCarrying(d, () -> refusals().getMethod("yieldInCoroutine").invoke(null));
    }

    @Test
    void awaitInAGeneratorMethod() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "awaitInGenerator",
                ShapeSupport.lineOfCall(REFUSALS, "awaitInGenerator", "await", 0), "generator cannot await",
                "return AsyncGenerator");
        throwsCarrying(d, () -> refusals().getMethod("awaitInGenerator", Awaitable.class).invoke(null, awaitable()));
    }

    @Test
    void yieldInsideALambdaBody() throws Throwable {
        String lambda = null;
        for (var m : ShapeSupport.original(REFUSALS).methods) {
            if (m.name.startsWith("lambda$yieldInLambda$")) {
                lambda = m.name;
            }
        }
        assertNotNull(lambda, "javac's lambda body method");
        Diagnostic d = refusal(REFUSALS, lambda, ShapeSupport.lineOfCall(REFUSALS, lambda, "yield", 0), "lambda");
        // the @Async method itself is woven; the lambda fails when it runs
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) refusals().getMethod("yieldInLambda").invoke(null);
        assertEquals("outside the lambda", g.next());
        throwsCarrying(d, g::next);
    }

    @Test
    void yieldInsideAnAnonymousClassMethod() throws Throwable {
        String anonymous = REFUSALS + "$1";
        Diagnostic d = refusal(anonymous, "get", ShapeSupport.lineOfCall(anonymous, "get", "yield", 0),
                "anonymous class", "move the code into an @Async method");
        Generator<?, ?, ?> g = (Generator<?, ?, ?>) refusals().getMethod("yieldInAnonymousClass").invoke(null);
        assertEquals("outside the class", g.next());
        throwsCarrying(d, g::next);
    }

    /**
     * A suspension point in a method that is not @Async: javac with the processor refuses it; the plugin
     * and the agent refuse it here, rather than leave a call that throws when it runs.
     */
    @Test
    void awaitInAPlainMethod() throws Throwable {
        Diagnostic d = refusal(REFUSALS, "awaitInAPlainMethod",
                ShapeSupport.lineOfCall(REFUSALS, "awaitInAPlainMethod", "await", 0),
                "await outside an @Async method: awaitInAPlainMethod is not @Async",
                "annotate awaitInAPlainMethod @Async");
        throwsCarrying(d, () -> refusals().getMethod("awaitInAPlainMethod", Awaitable.class).invoke(null, awaitable()));
    }

    @Test
    void yieldInAConstructor() throws Throwable {
        List<Diagnostic> found = diagnostics(REFUSALS, "<init>");
        assertEquals(1, found.size(), found::toString);
        Diagnostic d = refusal(REFUSALS, "<init>", ShapeSupport.lineOfCall(REFUSALS, "<init>", "yield", 0),
                "constructor", "static factory");
        assertEquals("(Ljava/lang/Object;)V", d.descriptor());
        throwsCarrying(d, () -> refusals().getConstructor(Object.class).newInstance("x"));
        refusals().getConstructor().newInstance(); // the other constructor is untouched
    }

    @Test
    void yieldInAStaticInitializer() throws Throwable {
        String name = PKG + "RefusedInitializer";
        Diagnostic d = refusal(name, "<clinit>", ShapeSupport.lineOfCall(name, "<clinit>", "yield", 0), "initializer");
        // an Error from <clinit> is rethrown as it is (not wrapped in ExceptionInInitializerError)
        throwsCarrying(d, () -> Class.forName(name, true, loader));
        assertThrows(NoClassDefFoundError.class, () -> Class.forName(name, true, loader));
    }

    @Test
    void abstractAsyncMethodStaysAbstractAndIsReported() throws Throwable {
        String name = PKG + "RefusedAbstract";
        // an abstract method has no code, hence no line
        Diagnostic d = refusal(name, "run", -1, "cannot be abstract", "implementing methods");
        Class<?> c = Class.forName(name, true, loader);
        assertTrue(Modifier.isAbstract(c.getMethod("run").getModifiers()), d::toString);
    }

    @Test
    void stubsKeepTheSignatureAndAnnotations() throws Throwable {
        var m = refusals().getMethod("synchronizedMethod", Awaitable.class);
        assertTrue(m.isAnnotationPresent(dev.weft.Async.class));
        assertEquals("dev.weft.Coroutine<java.lang.String>", m.getGenericReturnType().getTypeName());
        assertFalse(m.isSynthetic());
    }

    /**
     * {@code stream.map(Coroutines::await)} inside an @Async method: a lambda that suspends, written as a
     * method reference. Refused at weave time like a lambda body, not left to fail when the stream runs.
     */
    @Test
    void methodReferenceToASuspensionPoint() throws Throwable {
        String name = PKG + "RefusedMethodReference";
        WeaveResult r = loader.result(name);
        assertTrue(r.hasErrors(), () -> "a method reference to Coroutines.await must be refused; diagnostics: "
                + r.diagnostics() + ", woven: " + r.wovenMethods());
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("awaitAll", d.methodName(), d::toString);
        assertEquals(ShapeSupport.firstLine(name, "awaitAll"), d.line(), d::toString);
        assertTrue(d.message().contains("await"), d::toString);
    }

    @Test
    void anAwaitedMethodThatCannotBeWovenIsCalledAsAnyOtherAndTheRestHaveDirectVariants() throws Throwable {
        String name = PKG + "DirectRefused";
        WeaveResult r = loader.result(name);
        String internal = name.replace('.', '/');
        assertEquals(List.of(internal + ".callsBroken(Ldev/weft/Awaitable;)Ldev/weft/Coroutine;",
                internal + ".fine(I)Ldev/weft/Coroutine;", internal + ".callsFine(I)Ldev/weft/Coroutine;"),
                r.wovenMethods());
        Diagnostic d = refusal(name, "broken", ShapeSupport.lineOfCall(name, "broken", "await", 0), "synchronized");
        Class<?> c = Class.forName(name, true, loader);
        List<String> variants = new ArrayList<>();
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (p.length > 0 && p[p.length - 1].getName().equals("dev.weft.internal.InlineDepth")) {
                variants.add(m.getName());
            }
        }
        assertEquals(List.of("fine"), variants);
        Coroutine<?> callsBroken = (Coroutine<?>) c.getMethod("callsBroken", Awaitable.class).invoke(null, awaitable());
        throwsCarrying(d, () -> callsBroken.send(null));
        Coroutine<?> callsFine = (Coroutine<?>) c.getMethod("callsFine", int.class).invoke(null, 4);
        assertEquals(10, assertThrows(dev.weft.StopIteration.class, () -> callsFine.send(null)).value());
    }
}
