package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@link Subprocess#sendSignal} and {@link SubprocessTransport#sendSignal}: Python's
 * {@code send_signal}, and {@code terminate()} and {@code kill()}. The JDK signals a process only through
 * {@link ProcessHandle#destroy()} ({@code TERM}) and {@link ProcessHandle#destroyForcibly()}
 * ({@code KILL}); any other signal goes through the system's {@code kill} command, the one way Java has
 * to send it.
 */
final class ProcessSignals {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private ProcessSignals() {
    }

    /**
     * Sends {@code signal} to {@code process}, unless it has ended (then nothing, as Python's
     * {@code Popen.send_signal}).
     */
    static void send(Process process, String signal) {
        String name = SignalHandlers.canonical(signal);
        switch (name) {
            case "TERM":
                terminate(process);
                return;
            case "KILL":
                kill(process);
                return;
            default:
                break;
        }
        if (WINDOWS) {
            throw new UnsupportedOperationException("on Windows a process can be sent TERM or KILL only, not SIG"
                    + name);
        }
        SignalHandlers.checkKnown(name);
        if (!process.isAlive()) {
            return; // its id may belong to another process by now
        }
        runKillCommand(name, process.pid());
    }

    /**
     * Sends {@code process} SIGTERM (on Windows, ends it), leaving its pipes open: {@link Process#destroy()}
     * would also close the streams the loop reads its output from, losing what it writes as it ends.
     */
    static void terminate(Process process) {
        process.toHandle().destroy();
    }

    /** Sends {@code process} SIGKILL (on Windows, ends it), leaving its pipes open, as {@link #terminate}. */
    static void kill(Process process) {
        process.toHandle().destroyForcibly();
    }

    /** Runs {@code kill -s NAME pid} and waits for it (a few milliseconds). */
    private static void runKillCommand(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.getOutputStream().close();
            String error = new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = waitFor(kill);
            if (status != 0) {
                throw new IllegalStateException("kill -s " + name + " " + pid + " failed (status " + status + ")"
                        + (error.isEmpty() ? "" : ": " + error));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to send SIG" + name + " to process " + pid, e);
        }
    }

    private static int waitFor(Process kill) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return kill.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // kill ends in milliseconds: finish, then keep the interrupt
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
