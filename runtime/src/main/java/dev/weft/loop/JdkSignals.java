package dev.weft.loop;

import java.util.function.Consumer;

/**
 * The JDK's {@code sun.misc.Signal}, the one way Java has to catch a signal (module
 * {@code jdk.unsupported}, kept for exactly this by JEP 260), behind plain {@code Object}s so that no other
 * class names it. Handlers and signals are the JDK's; a runtime image without {@code jdk.unsupported}
 * fails to link this class ({@link SignalHandlers} says so).
 *
 * <p>Named in the source, and javac warns of each mention ("internal proprietary API", ten here) with no
 * way to silence it. Reaching it through method handles and a proxy class instead, as this once did, kept
 * the build quiet but cost a cold JVM some 20 to 40 ms at the first use, which, since a runner takes
 * Ctrl-C for every {@code Asyncio.run} from {@code main}, would be every such program's start-up; named,
 * it costs under 1 ms. Keep the mentions few.
 */
final class JdkSignals {
    /** The handler of an ignored signal. */
    static final Object IGNORED = sun.misc.SignalHandler.SIG_IGN;
    /** The system's default action (the handler of a shutdown signal under {@code -Xrs}, say). */
    static final Object SYSTEM_DEFAULT = sun.misc.SignalHandler.SIG_DFL;

    private JdkSignals() {
    }

    /** A JDK signal handler that passes the JDK's {@code Signal} to {@code onSignal}. */
    static Object handler(Consumer<Object> onSignal) {
        return new Relay(onSignal);
    }

    /**
     * Makes {@code handler} (one of the JDK's) the handler of signal {@code name}; returns the one it
     * replaces.
     *
     * @throws IllegalArgumentException if the JDK knows no such signal, or the JVM or the system keeps it
     *     ({@code QUIT}, {@code KILL}, {@code STOP}, ...)
     */
    static Object swap(String name, Object handler) {
        try {
            return sun.misc.Signal.handle(new sun.misc.Signal(name), (sun.misc.SignalHandler) handler);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot handle signal SIG" + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's signal named {@code name} (canonical: {@code "TERM"}).
     *
     * @throws IllegalArgumentException if it knows no such signal on this system
     */
    static Object signal(String name) {
        return new sun.misc.Signal(name);
    }

    /**
     * True if {@code handler} is one the JDK installed itself: for {@code INT}, {@code TERM} and
     * {@code HUP}, the JVM's shutdown. The JDK hands out its own handlers wrapped in a class of its module;
     * an application's come back as they were given, the system's as the two constants.
     */
    static boolean isJvms(Object handler) {
        return !isSystems(handler) && handler.getClass().getModule() == IGNORED.getClass().getModule();
    }

    /**
     * Runs {@code handler}, one the JDK gave back, for {@code signal} on this thread; nothing for the
     * system's two ({@link #IGNORED}, {@link #SYSTEM_DEFAULT}), which Java cannot run.
     */
    static void call(Object handler, Object signal) {
        if (!isSystems(handler)) {
            ((sun.misc.SignalHandler) handler).handle((sun.misc.Signal) signal);
        }
    }

    /** True for the system's actions the JDK stands for with constants: ignore, and the default. */
    private static boolean isSystems(Object handler) {
        return handler == IGNORED || handler == SYSTEM_DEFAULT;
    }

    /** The JDK's handler type over a consumer of signals. */
    private static final class Relay implements sun.misc.SignalHandler {
        private final Consumer<Object> onSignal;

        Relay(Consumer<Object> onSignal) {
            this.onSignal = onSignal;
        }

        @Override
        public void handle(sun.misc.Signal signal) {
            onSignal.accept(signal);
        }
    }
}
