package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.StopIteration;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Awaits of calls to {@code @Async} coroutine methods of the same class, which run the callee's direct
 * variant (fixture: shapes/Direct): every outcome of the callee, driven by hand, each checked against what
 * the same await gives through the callee's frame.
 */
class ShapeDirectTest {
    private final WovenLoader loader = ShapeSupport.loader();
    private final Class<?> direct = ShapeSupport.load(loader, "Direct");

    /** A run of a coroutine: the tags of the Asks it waited on, in order, and its result. */
    private record Run(List<String> asked, Object result) {}

    /** Drives {@code c} to its end, answering each Ask with {@code answer} of its tag. */
    private static Run drive(Object coroutine, Function<String, Object> answer) {
        @SuppressWarnings("unchecked")
        Coroutine<Object> c = (Coroutine<Object>) coroutine;
        List<String> asked = new ArrayList<>();
        Object in = null;
        try {
            while (true) {
                Object leaf = c.send(in);
                String tag = leaf.toString();
                asked.add(tag);
                in = answer.apply(tag);
            }
        } catch (StopIteration end) {
            assertEquals(CoroutineState.CLOSED, c.state());
            return new Run(asked, end.value());
        }
    }

    /** Answers an Ask with the length of its tag. */
    private static Object length(String tag) {
        return tag.length();
    }

    @Test
    void theAwaitedMethodsHaveDirectVariantsAndTheOthersNone() {
        Set<String> variants = variantNames(direct);
        assertEquals(new TreeSet<>(List.of("count/2", "deep/3", "deepGen/2", "empty/2", "failing/2",
                "fails/2", "givesCoroutine/1", "greet/3", "greetFinal/3", "guarded/3", "guardedGen/2", "ignoresExit/2",
                "keeps/5", "level/3", "maybeAsk/2", "nest/3", "over/2", "stops/1", "tail/2", "value/2", "viaOther/2")),
                variants, "value/2 appears once per overload: over(int) and over(long) both have one");
    }

    @Test
    void aCalleeThatReturnsAtOnce() throws Throwable {
        assertEquals(new Run(List.of(), 34), drive(call(direct, "plain", 3), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), "int1long2"), drive(call(direct, "overloads"), ShapeDirectTest::length));
    }

    @Test
    void aChainOfCalleesThatSuspendsAtTheBottomAndResumes() throws Throwable {
        assertEquals(new Run(List.of("leaf"), 4 + 5), drive(call(direct, "level", 5, "leaf"), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), 5), drive(call(direct, "level", 5, null), ShapeDirectTest::length));
    }

    @Test
    void liveValuesOfEveryWidthSurviveASuspensionInACalleeRunDirectly() throws Throwable {
        assertEquals(new Run(List.of("k2", "k1", "k0"), "2:2:10:0.5|1:2:11:1.0|0:2:12:2.0|"),
                drive(call(direct, "keeps", 2, "k", 10L, 0.5), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), "2:0:10:0.5|1:0:11:1.0|0:0:12:2.0|"),
                drive(call(direct, "keeps", 2, null, 10L, 0.5), ShapeDirectTest::length));
    }

    @Test
    void anExceptionOfTheCalleeBeforeOrAfterItSuspendsIsRaisedAtTheAwait() throws Throwable {
        assertEquals(new Run(List.of(), "caught before"), drive(call(direct, "catches", "before"), t -> 0));
        assertEquals(new Run(List.of("x"), "caught after"), drive(call(direct, "catches", "after"), t -> 0));
    }

    @Test
    void aStopIterationEscapingTheCalleeIsARuntimeError() throws Throwable {
        assertEquals(new Run(List.of(), "RuntimeException/StopIteration"), drive(call(direct, "catchesStop"), t -> 0));
    }

    @Test
    void aCalleeThatReturnsACoroutineDelegatesToIt() throws Throwable {
        assertEquals(new Run(List.of(), 8), drive(call(direct, "callsTail", (Object) null), ShapeDirectTest::length));
        assertEquals(new Run(List.of("four"), 5), drive(call(direct, "callsTail", "four"), ShapeDirectTest::length));
    }

    @Test
    void aCoroutineReturnedAsAValueIsNotAwaited() throws Throwable {
        assertEquals(new Run(List.of(), "coroutine CREATED"), drive(call(direct, "callsGivesCoroutine"), t -> 0));
    }

    @Test
    void valuesOnTheStackBelowTheCall() throws Throwable {
        assertEquals(new Run(List.of("ab", "ab"), "12/s1/2.5"),
                drive(call(direct, "stackBelow", 10L, 0.5, "ab"), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), "10/s1/0.5"),
                drive(call(direct, "stackBelow", 10L, 0.5, null), ShapeDirectTest::length));
    }

    @Test
    void chainsDeeperThanTheInlineLimitFallBackToDelegation() throws Throwable {
        assertEquals(new Run(List.of(), 300), drive(call(direct, "deep", 300, null), t -> 0));
        assertEquals(new Run(List.of("bottom"), 306), drive(call(direct, "deep", 300, "bottom"), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), 1000), drive(call(direct, "deep", 1000, null), t -> 0));
    }

    @Test
    void mergedAwaitablesAndAwaitsInEachArm() throws Throwable {
        assertEquals(new Run(List.of("i1", "i3"), 0 + 2 + 2 + 4 + 2), drive(call(direct, "merged", 5), ShapeDirectTest::length));
        assertEquals(new Run(List.of("i1", "i3"), 0 + 2 + 2 + 4 + 2), drive(call(direct, "arms", 5), ShapeDirectTest::length));
    }

    @Test
    void privateInstanceMethods() throws Throwable {
        Object me = direct.getConstructor(String.class).newInstance("me");
        assertEquals(new Run(List.of("a"), "me greets a1, me greets null0"),
                drive(call(me, "greetTwice"), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), "NullPointerException"), drive(call(direct, "greetNull", (Object) null), t -> 0));
        assertEquals(new Run(List.of("x"), "me greets x1"), drive(call(direct, "greetNull", me), ShapeDirectTest::length));
    }

    @Test
    void finalMethodsAndTheMethodsOfAFinalClassAreCalledDirectlyOverridableOnesAreNot() throws Throwable {
        Object me = direct.getConstructor(String.class).newInstance("me");
        assertEquals(new Run(List.of("b"), "me finally greets b1, me finally greets null0"),
                drive(call(me, "greetFinalTwice"), ShapeDirectTest::length));
        // the override runs, not the base body: an overridable method has no direct variant
        assertEquals(new Run(List.of(), "base!"), drive(call(me, "callsOverridable"), t -> 0));
        Object sub = ShapeSupport.load(loader, "Direct$Sub").getConstructor().newInstance();
        assertEquals(new Run(List.of("o"), "sub 1!"), drive(call(sub, "callsOverridable"), ShapeDirectTest::length));

        Class<?> sealed = ShapeSupport.load(loader, "Direct$Sealed");
        assertTrue(variantNames(sealed).contains("plus/3"), variantNames(sealed).toString());
        Object ten = sealed.getConstructor(int.class).newInstance(10);
        assertEquals(new Run(List.of("abc"), 23), drive(call(ten, "twicePlus", "abc"), ShapeDirectTest::length));
        assertEquals(new Run(List.of("t"), "got 2"),
                drive(call(sealed, "viaOther", sealed.getConstructor(int.class).newInstance(1)), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), "NullPointerException"), drive(call(sealed, "viaOther", (Object) null), t -> 0));
    }

    @Test
    void anInstanceMethodAndAStaticOverloadTakingTheReceiverShareNoVariant() throws Throwable {
        // both would have the variant g(Clash, String, InlineDepth): neither gets one, and the class loads
        Class<?> clash = ShapeSupport.load(loader, "Direct$Clash");
        assertEquals(Set.of(), variantNames(clash));
        Object me = clash.getConstructor(String.class).newInstance("me");
        assertEquals(new Run(List.of("ab", "c"), "me instance 2, me static 1"),
                drive(call(me, "both"), ShapeDirectTest::length));
        ShapeSupport.run(call(me, "bothGen"), 1, 2).is(List.of("me", "me"), "instance, static");
    }

    /** The direct variants {@code c} declares, as name/parameter count. */
    private static Set<String> variantNames(Class<?> c) {
        Set<String> variants = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.isSynthetic() && p.length > 0 && p[p.length - 1].getName().equals("dev.weft.internal.InlineDepth")) {
                variants.add(m.getName() + "/" + p.length);
            }
        }
        return variants;
    }

    @Test
    void aCalleeOfAnotherClassRunsInlineFromADirectVariant() throws Throwable {
        assertEquals(new Run(List.of("abc"), 70), drive(call(direct, "callsViaOther", "abc"), ShapeDirectTest::length));
        assertEquals(new Run(List.of(), 10), drive(call(direct, "callsViaOther", (Object) null), t -> 0));
    }

    @SuppressWarnings("unchecked")
    private List<String> log() throws ReflectiveOperationException {
        Field f = direct.getField("LOG");
        return (List<String>) f.get(null);
    }

    @Test
    void closingWhileSuspendedInADirectCalleeRunsEveryFinally() throws Throwable {
        Coroutine<?> c = (Coroutine<?>) call(direct, "outerGuarded", false);
        assertEquals("g", c.send(null).toString());
        c.close();
        assertEquals(CoroutineState.CLOSED, c.state());
        assertEquals(List.of("finally g", "outer finally"), log());
    }

    @Test
    void anErrorThrownInReachesTheDirectCalleesHandler() throws Throwable {
        Coroutine<?> caught = (Coroutine<?>) call(direct, "outerGuarded", true);
        caught.send(null);
        StopIteration end = assertThrows(StopIteration.class, () -> caught.throwIn(new IllegalArgumentException("in")));
        assertEquals(0, end.value());
        Coroutine<?> uncaught = (Coroutine<?>) call(direct, "outerGuarded", false);
        uncaught.send(null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> uncaught.throwIn(new IllegalArgumentException("in")));
        assertEquals("in", e.getMessage());
        assertEquals(List.of("finally g", "outer finally", "finally g", "outer finally"), log());
    }

    @Test
    void aSuspendedDirectCalleeIsAFrameOfTheChainWithItsLine() throws Throwable {
        Coroutine<?> c = (Coroutine<?>) call(direct, "level", 3, "t");
        c.send(null);
        String text = c.toString();
        assertTrue(text.contains("level"), text);
        assertFalse(text.isEmpty());
        assertInstanceOf(dev.weft.internal.Frame.class, c);
        List<StackTraceElement> stack = ((dev.weft.internal.Frame) c).stack();
        List<String> methods = new ArrayList<>();
        for (StackTraceElement e : stack) {
            methods.add(e.getMethodName() + ":" + (e.getLineNumber() > 0));
        }
        assertEquals(List.of("maybeAsk:true", "level:true", "level:true", "level:true"), methods);
    }

    /** The frames of the chain {@code top} is the root of, from the innermost out. */
    private static List<Object> chain(Object top) throws ReflectiveOperationException {
        Field leaf = dev.weft.internal.Frame.class.getDeclaredField("leaf");
        Field parent = dev.weft.internal.Frame.class.getDeclaredField("parent");
        leaf.setAccessible(true);
        parent.setAccessible(true);
        List<Object> frames = new ArrayList<>();
        for (Object f = leaf.get(top); f != null; f = parent.get(f)) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void aFrameADirectVariantMakesHoldsOnlyWhatItsPointsNeedAndTheEntrysAlsoTheArguments() throws Throwable {
        // level(int, String): nothing is live at its await; its arguments take a reference and a word
        Coroutine<?> top = (Coroutine<?>) call(direct, "level", 3, "t");
        assertEquals("FrameR1P1", top.getClass().getSimpleName());
        top.send(null);
        List<String> classes = new ArrayList<>();
        for (Object f : chain(top)) {
            classes.add(f.getClass().getSimpleName());
        }
        // maybeAsk(String) keeps nothing at its await either; the root is the entry's frame
        assertEquals(List.of("FrameR0P0", "FrameR0P0", "FrameR0P0", "FrameR1P1"), classes);
    }

    @Test
    void anArgumentOnlyTheStartNeedsIsNotKeptOnceTheBodyRuns() throws Throwable {
        Object big = new byte[1 << 20];
        java.lang.ref.WeakReference<Object> weak = new java.lang.ref.WeakReference<>(big);
        Coroutine<?> c = (Coroutine<?>) call(direct, "consumes", "t", big);
        big = null;
        assertEquals("t", c.send(null).toString());
        for (int i = 0; i < 50 && weak.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(weak.get() == null, "the suspended frame still holds the argument");
        assertEquals(CoroutineState.SUSPENDED, c.state());
    }

    // ------------------------------------------------------------------ generators

    @Test
    void aGeneratorDelegatedToByADirectCallYieldsReceivesAndReturns() throws Throwable {
        // two levels of nest over count(3): values pass out, sent values pass in, returns add up
        ShapeSupport.run(call(direct, "nest", 2, 3), 10, 20, 30).is(List.of(0, 1, 2), 60 + 0 + 3);
        ShapeSupport.run(call(direct, "nest", 0, 0)).is(List.of(), 1);
    }

    @Test
    void aFailureOfADirectGeneratorBeforeOrAfterItsFirstYieldIsRaisedAtTheYieldFrom() throws Throwable {
        ShapeSupport.run(call(direct, "catchesFailing", true)).is(List.of(), "caught early");
        ShapeSupport.run(call(direct, "catchesFailing", false), (Object) null).is(List.of(1), "caught late");
    }

    @Test
    void closeAndThrowInReachTheDirectlyStartedDelegate() throws Throwable {
        @SuppressWarnings("unchecked")
        dev.weft.Generator<Object, Object, Object> g = (dev.weft.Generator<Object, Object, Object>) call(direct, "outerGen");
        assertEquals(1, g.send(null));
        g.close();
        assertEquals(List.of("finally inner", "outer finally"), log());
        @SuppressWarnings("unchecked")
        dev.weft.Generator<Object, Object, Object> h = (dev.weft.Generator<Object, Object, Object>) call(direct, "outerGen");
        assertEquals(1, h.send(null));
        assertEquals(2, h.send(null));
        StopIteration end = assertThrows(StopIteration.class, () -> h.throwIn(new IllegalArgumentException()));
        assertEquals(5 - 1, end.value());
    }

    /**
     * PEP 380: closing a chain whose delegate ignores the close (it catches GeneratorExit and yields, here
     * by delegating to a generator already run to its first yield, by a direct call or by hasNext()) raises
     * RuntimeException in the delegator, at its yieldFrom: the delegator ends with it (its finally runs),
     * the delegate stays suspended. A regression: the chain used to hand out the new delegate's value as if
     * nothing were being closed, leaving the delegator suspended.
     */
    @ParameterizedTest(name = "peeked {0}")
    @ValueSource(booleans = {false, true})
    void closingAChainWhoseDelegateIgnoresTheCloseEndsTheDelegatorWithRuntimeError(boolean peeked) throws Throwable {
        @SuppressWarnings("unchecked")
        dev.weft.Generator<Object, Object, Object> g =
                (dev.weft.Generator<Object, Object, Object>) call(direct, "closesAnIgnorer", peeked);
        assertEquals(0, g.send(null));
        RuntimeException e = assertThrows(RuntimeException.class, g::close);
        assertTrue(e.getMessage().startsWith("generator ignored GeneratorExit"), e.getMessage());
        assertEquals(CoroutineState.CLOSED, g.state());
        assertEquals(List.of("ignoring", "closer finally"), log());
        assertThrows(StopIteration.class, () -> g.send(null));
        g.close(); // closing a closed generator does nothing
    }

    @Test
    void generatorChainsDeeperThanTheInlineLimit() throws Throwable {
        ShapeSupport.run(call(direct, "deepGen", 300), (Object) null).is(List.of(0), 300);
        ShapeSupport.run(call(direct, "deepGen", 1000), (Object) null).is(List.of(0), 1000);
    }

    @Test
    void aGeneratorFrameADirectVariantMakesHoldsNoArguments() throws Throwable {
        Object top = call(direct, "nest", 3, 2);
        ((dev.weft.Generator<?, ?, ?>) top).next();
        List<String> classes = new ArrayList<>();
        for (Object f : chain(top)) {
            classes.add(f.getClass().getSimpleName());
        }
        // count(int) keeps its counters (three words) at its yield; nest only d (one word) at its first
        // yieldFrom; the root was made by the entry and holds nest's two int arguments
        assertEquals(List.of("FrameR0P3", "FrameR0P1", "FrameR0P1", "FrameR0P1", "FrameR0P2"), classes);
    }

    /**
     * The same class gives the same bytes in every JVM: direct variants are written in the order the
     * body first calls them (they once came out in the order of a Set.copyOf, which changes with each JVM).
     */
    @Test
    void directVariantsAreWrittenInTheOrderTheBodyCallsThem(@TempDir Path temp) throws Exception {
        String[] order = {"f5", "f3", "f0", "f4", "f1", "f2"};
        StringBuilder s = new StringBuilder("package order;\nimport dev.weft.*;\npublic class Order {\n");
        for (int i = 0; i < order.length; i++) {
            s.append("  @Async static Coroutine<Integer> f").append(i).append("() {\n")
                    .append("    return Coroutines.done(").append(i).append(");\n  }\n");
        }
        s.append("  @Async static Coroutine<Integer> sum() {\n    int s = 0;\n");
        for (String f : order) {
            s.append("    s += Coroutines.await(").append(f).append("());\n");
        }
        s.append("    return Coroutines.done(s);\n  }\n}\n");
        Path dir = ShapeSupport.compile(temp, "order", "Order", s.toString());
        WeaveResult r = new Weaver(TypeHierarchy.of(getClass().getClassLoader()))
                .weave(Files.readAllBytes(dir.resolve("order/Order.class")));
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        ClassNode cn = new ClassNode();
        new ClassReader(r.bytes()).accept(cn, 0);
        List<String> written = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (m.desc.contains("Ldev/weft/internal/InlineDepth;)")) {
                written.add(m.name);
            }
        }
        assertEquals(List.of(order), written);
    }
}
