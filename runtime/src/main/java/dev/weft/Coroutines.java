package dev.weft;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The suspension points of {@code @Async} bodies, and how they return.
 *
 * <p>{@code await}, {@code yield} and {@code yieldFrom} are markers: the weaver replaces each call in an
 * {@code @Async} method with a suspension. A call that was not woven throws {@link IllegalStateException}
 * saying how to weave it. {@code done} is an ordinary method: it makes an already-finished result.
 */
public final class Coroutines {
    /** The three ways to weave, as the errors of unwoven calls name them. */
    private static final String ROUTES = " -javaagent:weft-agent.jar, the weft-maven-plugin, or the weft-processor"
            + " annotation processor";

    private Coroutines() {}

    /**
     * Waits for {@code awaitable} and returns its result: a {@link Coroutine} runs inline; anything else
     * suspends the whole coroutine until its driver resumes it. A failure is rethrown as it is, checked
     * exceptions included, though this method declares none: javac checks an {@code @Async} method's
     * {@code throws} clause where the coroutine is created, so catch a checked exception around an await of
     * an earlier-made task or future as {@code Exception}.
     *
     * <p>Only in the body of an {@code @Async} method returning {@code Coroutine}, {@code AsyncGenerator},
     * {@code CompletableFuture} or {@code CompletionStage} (not {@code Generator}), outside lambdas,
     * {@code synchronized} blocks and constructors.
     */
    public static <T> T await(Awaitable<? extends T> awaitable) {
        throw notWoven("await");
    }

    /** Waits for {@code stage} to complete and returns its value; a failure is rethrown unwrapped. */
    public static <T> T await(CompletionStage<? extends T> stage) {
        throw notWoven("await");
    }

    /**
     * Suspends a generator, hands {@code value} to the caller of {@code send}/{@code next}, and returns
     * the value sent in ({@code null} for {@code next()}). Call it as {@code Coroutines.yield(v)}.
     */
    public static <S> S yield(Object value) {
        throw notWoven("yield");
    }

    /**
     * Delegates to {@code sub} until it returns: its values go out, {@code send}, {@code throwIn} and
     * {@code close} go in. Returns its return value.
     */
    public static <R> R yieldFrom(Generator<?, ?, ? extends R> sub) {
        throw notWoven("yieldFrom");
    }

    /**
     * Yields every value of {@code values.iterator()}, called once, here; a non-null {@code send} into a
     * plain iterator fails here. An iterator that is a {@link Generator} (as {@code values} is, when it is
     * a generator) is delegated to as {@link #yieldFrom(Generator)} would, as PEP 380 does with
     * {@code iter(values)}: {@code send}, {@code throwIn} and {@code close} reach it.
     */
    public static void yieldFrom(Iterable<?> values) {
        throw notWoven("yieldFrom");
    }

    /** Ends an {@code @Async} body with {@code value}: {@code return Coroutines.done(value);}. */
    @SuppressWarnings("unchecked")
    public static <Y, S, R> Done<Y, S, R> done(R value) {
        return value == null ? (Done<Y, S, R>) Done.NONE : new Done<>(value);
    }

    /** Ends an {@code @Async} body with no value: {@code return Coroutines.done();}. */
    @SuppressWarnings("unchecked")
    public static <Y, S, R> Done<Y, S, R> done() {
        return (Done<Y, S, R>) Done.NONE;
    }

    /** {@code File.java:12}, as much of it as the class's debug information tells (none with -g:none). */
    private static String sourcePosition(StackTraceElement e) {
        if (e.getFileName() == null) {
            return "unknown source";
        }
        return e.getLineNumber() > 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
    }

    /**
     * The error of a suspension point called where it was not woven, naming the method that called it and
     * the fix, which depends on why: a method not marked {@code @Async}; an {@code @Async} method of a class
     * loaded with no weaver at work (an agent attached after it loaded, say), or compiled in memory (the
     * source launcher, JShell); a hidden class, which no agent ever sees.
     */
    private static IllegalStateException notWoven(String what) {
        StackWalker.StackFrame caller = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                        StackWalker.Option.SHOW_HIDDEN_FRAMES))
                .walk(frames -> frames.skip(2).findFirst())
                .orElse(null);
        String where = "a method";
        String fix = ": mark the method @Async and weave it, with" + ROUTES;
        if (caller != null) {
            StackTraceElement e = caller.toStackTraceElement();
            where = e.getClassName() + "." + e.getMethodName() + " (" + sourcePosition(e) + ")";
            if (caller.getDeclaringClass().isHidden()) {
                fix = ": it is in a hidden class, which no agent is given to weave; weave its class file before"
                        + " defining it, with the weft-maven-plugin, the weft-processor annotation processor, or"
                        + " dev.weft.weaver.Weaver";
            } else if (isAsync(caller) && compiledInMemoryBy(caller.getDeclaringClass()) != null) {
                fix = ", though it is @Async: " + compiledInMemoryBy(caller.getDeclaringClass());
            } else if (isAsync(caller)) {
                fix = ", though it is @Async: no weaver ran on its class (none is set up, an agent"
                        + " attached after it loaded, -Aweft.weave=false, or javac 23+ given the processor on the"
                        + " class path without -proc:full); weave it with"
                        + ROUTES;
            }
        }
        return new IllegalStateException("Coroutines." + what + " called in " + where + ", which was not woven"
                + fix);
    }

    /**
     * What compiled {@code type} in memory, with no annotation processor, and what weaves it: the
     * {@code java} launcher ({@code java Main.java}) or JShell; null for a class of neither.
     */
    private static String compiledInMemoryBy(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        String name = loader == null ? "" : loader.getClass().getName();
        if (name.startsWith("com.sun.tools.javac.launcher.")) {
            return "the java launcher compiled it from source (java Main.java), which runs no annotation"
                    + " processor; start it with -javaagent:weft-agent.jar, or compile it with javac and the"
                    + " weft-processor";
        }
        if (name.startsWith("jdk.jshell.")) {
            return "JShell compiled it, and runs no annotation processor; start jshell with"
                    + " -R-javaagent:weft-agent.jar";
        }
        return null;
    }

    /** True if the method of {@code frame} is annotated {@code @Async}. */
    private static boolean isAsync(StackWalker.StackFrame frame) {
        try {
            return frame.getDeclaringClass()
                    .getDeclaredMethod(frame.getMethodName(), frame.getMethodType().parameterArray())
                    .isAnnotationPresent(Async.class);
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            return false; // a constructor, an initialiser, a class that cannot be reflected on
        }
    }
}
