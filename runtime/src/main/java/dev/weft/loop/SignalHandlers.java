package dev.weft.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link EventLoop#addSignalHandler} and {@link EventLoop#removeSignalHandler}: the process's signal
 * handlers, each held by at most one loop, on the JDK's {@code sun.misc.Signal} ({@link JdkSignals}); and
 * a runner's hold on {@code SIGINT} while its main task runs ({@link #takeOverFromJvm}).
 *
 * <p>As asyncio's, the callback does not run in the signal's handler: the JVM calls the handler on a
 * thread of its own, which hands the callback to the loop with {@code callSoonThreadsafe}, so that it
 * runs on the loop thread between other callbacks. Removing a handler (or closing its loop) puts back
 * the handler the signal had before, which for {@code INT}, {@code TERM} and {@code HUP} is the JVM's
 * own that runs the shutdown hooks and exits: the Java counterpart of asyncio's restoring the default.
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
            requireJdkSignals();
            r.previous = JdkSignals.swap(name, JdkSignals.handler(r::signalled));
            if (r.previous == JdkSignals.IGNORED && SHUTDOWN_SIGNALS.contains(name)) {
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
        checkKnown(name); // as asyncio's: a name the system lacks is a mistake, not a signal nobody handles
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

    /**
     * Makes {@code onSignal} the handler of signal {@code name} (called with the takeover and the JDK's
     * {@code Signal} on the JDK's signal thread) if the handler the signal has is the JVM's own and no
     * loop holds it, as Python's {@code asyncio.Runner} takes {@code SIGINT} only from its default
     * handler. Returns the takeover, to {@link #restore} and to {@link Takeover#passOn pass signals on}
     * with, or null if the signal is left as it was: the application handles it, the process ignores it,
     * the JVM keeps it ({@code -Xrs}), or the runtime cannot reach {@code sun.misc.Signal}.
     */
    static Takeover takeOverFromJvm(String name, BiConsumer<Takeover, Object> onSignal) {
        synchronized (HELD) {
            if (HELD.containsKey(name)) {
                return null;
            }
            try {
                requireJdkSignals();
            } catch (UnsupportedOperationException unreachable) {
                return null;
            }
            Takeover takeover = new Takeover(name, onSignal);
            takeover.installed = JdkSignals.handler(takeover::signalled);
            try {
                takeover.before = JdkSignals.swap(name, takeover.installed);
            } catch (RuntimeException keptByTheJvm) {
                // -Xrs (IllegalArgumentException), or anything else the JDK refuses with: a run must not
                // fail for want of Ctrl-C handling, which then stays the JVM's (as asyncio's Runner does
                // when signal.signal raises)
                return null;
            }
            if (!JdkSignals.isJvms(takeover.before)) {
                JdkSignals.swap(name, takeover.before);
                return null;
            }
            takeover.armed = true;
            return takeover;
        }
    }

    /**
     * Puts back the JVM's handler that {@code takeover} took over, unless another has replaced its own
     * since: a loop's (which then puts back the JVM's when removed) or the application's (which stays).
     */
    static void restore(Takeover takeover) {
        synchronized (HELD) {
            takeover.armed = false;
            Registration held = HELD.get(takeover.name);
            if (held != null) {
                if (held.previous == takeover.installed) {
                    held.previous = takeover.before;
                }
                return;
            }
            Object now = JdkSignals.swap(takeover.name, takeover.before);
            if (now != takeover.installed) {
                JdkSignals.swap(takeover.name, now);
            }
        }
    }

    /** A handler put over the JVM's own for a while ({@link #takeOverFromJvm}). */
    static final class Takeover {
        private final String name;
        private final BiConsumer<Takeover, Object> onSignal;
        /** The JDK's handler for this one; guarded by {@link #HELD}, as the two below. */
        private Object installed;
        /** The handler the signal had before: the JVM's once armed. */
        private Object before;
        /** Whether signals go to {@link #onSignal}: from the moment it is known to replace the JVM's. */
        private boolean armed;

        private Takeover(String name, BiConsumer<Takeover, Object> onSignal) {
            this.name = name;
            this.onSignal = onSignal;
        }

        /**
         * Runs the handler this one replaced for {@code signal}, on this thread: for {@code INT}, the JVM's
         * shutdown, which runs the shutdown hooks and exits with status 130. Nothing for an ignored one.
         */
        void passOn(Object signal) {
            Object handler;
            synchronized (HELD) {
                handler = before;
            }
            JdkSignals.call(handler, signal);
        }

        /**
         * Called by the JDK on its signal thread. Waits for {@link #takeOverFromJvm} to have decided, so
         * that a signal arriving while it looks at the handler it replaced goes where that decision sends it.
         */
        private void signalled(Object signal) {
            boolean mine;
            synchronized (HELD) {
                mine = armed;
            }
            if (mine) {
                onSignal.accept(this, signal);
            } else {
                passOn(signal);
            }
        }
    }

    /** Puts back the handler {@code r}'s signal had before; called holding {@link #HELD}'s lock. */
    private static void uninstall(Registration r) {
        HELD.remove(r.name);
        JdkSignals.swap(r.name, r.previous);
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
        try {
            requireJdkSignals();
        } catch (UnsupportedOperationException cannotTell) {
            return;
        }
        JdkSignals.signal(name);
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

        /** Called by the JDK (through {@link JdkSignals}) on its signal-dispatch thread. */
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

    /**
     * Checks that the JDK's {@code sun.misc.Signal} is there ({@link JdkSignals} links).
     *
     * @throws UnsupportedOperationException if it is not
     */
    private static void requireJdkSignals() {
        try {
            Objects.requireNonNull(JdkSignals.IGNORED);
        } catch (LinkageError e) {
            throw new UnsupportedOperationException("signals need sun.misc.Signal, of the JDK's module"
                    + " jdk.unsupported, which this runtime cannot reach (a runtime image made without it?)", e);
        }
    }
}
