package dev.weft.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link EventLoop#addSignalHandler} and {@link EventLoop#removeSignalHandler}: the process's signal
 * handlers, each held by at most one loop, on the JDK's {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, kept for exactly this by JEP 260; Java has no other way to catch a signal).
 *
 * <p>As asyncio's, the callback does not run in the signal's handler: the JVM calls the handler on a
 * thread of its own, which hands the callback to the loop with {@code callSoonThreadsafe}, so that it
 * runs on the loop thread between other callbacks. Removing a handler (or closing its loop) puts back
 * the handler the signal had before, which for {@code INT}, {@code TERM} and {@code HUP} is the JVM's
 * own that runs the shutdown hooks and exits: the Java counterpart of asyncio's restoring the default.
 *
 * <p>{@code sun.misc.Signal} is reached through method handles, not named in the source: javac warns
 * of every use of a proprietary API and offers no way to silence it, and the runtime builds without
 * warnings.
 */
final class SignalHandlers {
    /** The signals whose handler before is the JVM's shutdown (the JDK's {@code Terminator}). */
    private static final Set<String> SHUTDOWN_SIGNALS = Set.of("HUP", "INT", "TERM");
    /** The handler of each signal some loop holds, by canonical name ({@code "TERM"}); guarded by itself. */
    private static final Map<String, Registration> HELD = new HashMap<>();

    private SignalHandlers() {
    }

    /** See {@link EventLoop#addSignalHandler}. */
    static void add(EventLoop loop, String signal, Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        String name = canonical(signal);
        if (loop.isClosed()) {
            throw new IllegalStateException("Event loop is closed");
        }
        Runnable bound = Context.bind(callback);
        synchronized (HELD) {
            Registration held = HELD.get(name);
            if (held != null) {
                if (held.loop != loop) {
                    throw new IllegalStateException("SIG" + name + " is handled by another event loop ("
                            + held.loop + "): remove its handler first");
                }
                held.callback = bound; // asyncio: a second handler for a signal replaces the first
                return;
            }
            Registration r = new Registration(loop, name, bound);
            Api api = Api.get();
            r.previous = api.install(name, r);
            if (r.previous == api.ignored && SHUTDOWN_SIGNALS.contains(name)) {
                // the JVM installed nothing: it leaves a shutdown signal the process started ignoring ignored
                throw new IllegalStateException("SIG" + name + " is ignored by this process (started so, as"
                        + " nohup and a shell's background jobs start processes, or set so), and the JVM lets no"
                        + " handler replace that");
            }
            HELD.put(name, r);
        }
    }

    /** See {@link EventLoop#removeSignalHandler}. */
    static boolean remove(EventLoop loop, String signal) {
        String name = canonical(signal);
        synchronized (HELD) {
            Registration held = HELD.get(name);
            if (held == null || held.loop != loop) {
                return false;
            }
            uninstall(held);
            return true;
        }
    }

    /** Removes every handler {@code loop} holds: what closing a loop does, as asyncio's. */
    static void removeAll(EventLoop loop) {
        synchronized (HELD) {
            if (HELD.isEmpty()) {
                return;
            }
            List<Registration> own = new ArrayList<>();
            for (Registration r : HELD.values()) {
                if (r.loop == loop) {
                    own.add(r);
                }
            }
            for (Registration r : own) {
                uninstall(r);
            }
        }
    }

    /** Puts back the handler {@code r}'s signal had before; called holding {@link #HELD}'s lock. */
    private static void uninstall(Registration r) {
        HELD.remove(r.name);
        Api.get().restore(r.name, r.previous);
    }

    /**
     * A signal's name without its {@code SIG} prefix, in capitals, as the JDK names signals.
     *
     * @throws IllegalArgumentException if it is empty
     */
    static String canonical(String signal) {
        String name = Objects.requireNonNull(signal, "signal").strip().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no signal name: '" + signal + "' (give one, as in \"TERM\")");
        }
        return name;
    }

    /**
     * Checks that the JDK knows signal {@code name} on this system (canonical, see {@link #canonical}); a
     * runtime without {@code jdk.unsupported} cannot tell, and lets it pass.
     *
     * @throws IllegalArgumentException if it does not
     */
    static void checkKnown(String name) {
        Api api;
        try {
            api = Api.get();
        } catch (UnsupportedOperationException cannotTell) {
            return;
        }
        api.signal(name);
    }

    /** One loop's handler of one signal: what the JVM calls on its own thread when the signal arrives. */
    private static final class Registration {
        final EventLoop loop;
        final String name;
        /** The callback bound to the context current when it was added; replaced by a second add. */
        volatile Runnable callback;
        /** The JDK's handler the signal had before, put back on removal. */
        Object previous;

        Registration(EventLoop loop, String name, Runnable callback) {
            this.loop = loop;
            this.name = name;
            this.callback = callback;
        }

        /** Called by the JDK (through {@link Api}) on its signal-dispatch thread. */
        void signalled(Object signal) {
            try {
                loop.callSoonThreadsafe(callback);
            } catch (IllegalStateException closed) {
                // closed between the signal and now: closing removes the handler, the signal is dropped
            }
        }

        @Override
        public String toString() {
            return "SIG" + name + " handler of " + loop;
        }
    }

    /** The JDK's {@code sun.misc.Signal}, looked up once, when a handler is first added. */
    private static final class Api {
        private static Api api;

        private final MethodHandle newSignal;
        private final MethodHandle handle;
        private final MethodHandle registrationHandler;
        private final Class<?> handlerType;
        /** The JDK's {@code SignalHandler.SIG_IGN}: the handler of an ignored signal. */
        final Object ignored;

        private Api() throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> signalType = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
            newSignal = lookup.findConstructor(signalType, MethodType.methodType(void.class, String.class));
            handle = lookup.findStatic(signalType, "handle",
                    MethodType.methodType(handlerType, signalType, handlerType));
            ignored = handlerType.getField("SIG_IGN").get(null);
            registrationHandler = MethodHandles.lookup().findVirtual(Registration.class, "signalled",
                    MethodType.methodType(void.class, Object.class));
        }

        static synchronized Api get() {
            if (api == null) {
                try {
                    api = new Api();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new UnsupportedOperationException("signals need sun.misc.Signal, of the JDK's module"
                            + " jdk.unsupported, which this runtime cannot reach (a runtime image made without it?)", e);
                }
            }
            return api;
        }

        /**
         * Makes {@code r} the handler of signal {@code name}; returns the one it replaces.
         *
         * @throws IllegalArgumentException if the JDK knows no such signal, or the JVM or the system
         *     keeps it ({@code QUIT}, {@code KILL}, {@code STOP}, ...)
         */
        Object install(String name, Registration r) {
            Object handler = MethodHandleProxies.asInterfaceInstance(handlerType, registrationHandler.bindTo(r));
            return swap(name, handler);
        }

        /** Makes {@code previous} the handler of signal {@code name} again. */
        void restore(String name, Object previous) {
            swap(name, previous);
        }

        /**
         * The JDK's {@code Signal} named {@code name}.
         *
         * @throws IllegalArgumentException if it knows no such signal on this system
         */
        Object signal(String name) {
            try {
                return newSignal.invoke(name);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e); // the constructor declares no checked exception
            }
        }

        private Object swap(String name, Object handler) {
            try {
                return handle.invoke(signal(name), handler);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot handle signal SIG" + name + ": " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e); // neither method declares a checked exception
            }
        }
    }
}
