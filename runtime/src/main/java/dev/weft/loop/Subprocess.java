package dev.weft.loop;

import dev.weft.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code Process}: a child process started by {@link Asyncio#createSubprocessExec} or
 * {@link Asyncio#createSubprocessShell}, whose piped standard streams are a {@link StreamWriter} and
 * {@link StreamReader}s, so a task talks to it without blocking the loop.
 *
 * <pre>{@code
 * Subprocess p = await(Asyncio.createSubprocessExec("grep", "-c", "weft"));
 * ProcessOutput out = await(p.communicate("weft\nnot\nweft\n".getBytes(UTF_8)));
 * // out.stdout() is "2\n"; p.returncode() is 0
 * }</pre>
 *
 * <p>Java's processes have blocking streams: a daemon thread per pipe moves the bytes, with the flow
 * control of the streams (a full reader holds the process back; {@code drain()} waits while its input
 * lags). As in asyncio, a process that writes more than a pipe holds must be read while it is waited
 * for: {@link #communicate} does both. {@code Object.wait()} is final, so Python's {@code wait()} is
 * {@link #untilExit()} here. Loop thread only, except {@link #returncode()}, {@link #pid()},
 * {@link #terminate()} and {@link #kill()}.
 */
public final class Subprocess {
    private final Process process;
    private final EventLoop loop;
    private final StreamWriter stdin;
    /** What {@link #stdin} writes to, or null. */
    private final PipeWriter stdinPipe;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final Future<Integer> exited;

    private Subprocess(Process process, EventLoop loop, ProcessBuilder builder, int limit) {
        this.process = process;
        this.loop = loop;
        String name = "weft-subprocess-" + process.pid();
        this.stdinPipe = builder.redirectInput() == ProcessBuilder.Redirect.PIPE
                ? new PipeWriter(loop, process.getOutputStream(), name + "-stdin") : null;
        this.stdin = stdinPipe != null ? new StreamWriter(stdinPipe) : null;
        this.stdout = piped(builder.redirectOutput(), process.getInputStream(), limit, name + "-stdout");
        this.stderr = builder.redirectErrorStream() ? null
                : piped(builder.redirectError(), process.getErrorStream(), limit, name + "-stderr");
        this.exited = loop.createFuture();
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (stdinPipe != null) {
                        stdinPipe.readerGone(); // as asyncio's, once the reader is gone
                    }
                    if (!exited.done()) {
                        exited.setResult(process.exitValue());
                    }
                });
            } catch (IllegalStateException loopClosed) {
                // nobody waits any more
            }
        });
    }

    private StreamReader piped(ProcessBuilder.Redirect redirect, java.io.InputStream in, int limit, String name) {
        if (redirect != ProcessBuilder.Redirect.PIPE) {
            return null;
        }
        StreamReader reader = new StreamReader(limit);
        PipeReader.start(loop, in, reader, name);
        return reader;
    }

    /** Starts {@code builder}'s process on the running loop. */
    static Subprocess start(ProcessBuilder builder, int limit) {
        EventLoop loop = Asyncio.getRunningLoop();
        return new Subprocess(launch(builder), loop, builder, limit);
    }

    /** Starts {@code builder}'s process, or says why it cannot. */
    static Process launch(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command() + ": " + e.getMessage(), e);
        }
    }

    /** The process's id. */
    public long pid() {
        return process.pid();
    }

    /** The Java process, for what this class does not offer. */
    public Process process() {
        return process;
    }

    /** Its standard input, if a pipe (the builder's default), else null. Closing it ends the process's input. */
    public StreamWriter stdin() {
        return stdin;
    }

    /** Its standard output, if a pipe, else null. */
    public StreamReader stdout() {
        return stdout;
    }

    /** Its standard error, if a pipe of its own, else null. */
    public StreamReader stderr() {
        return stderr;
    }

    /**
     * Its exit status once it has exited, else null (Python's {@code returncode}). Where a signal ended it, the
     * status is the JDK's, as a shell's {@code $?}: 128 plus the signal's number (137 for SIGKILL), where
     * Python says minus the number; the JDK keeps no other trace of the signal.
     */
    public Integer returncode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** Asks it to end (SIGTERM where there are signals; Python's {@code terminate()}). */
    public void terminate() {
        ProcessSignals.terminate(process);
    }

    /** Ends it at once (SIGKILL where there are signals; Python's {@code kill()}). */
    public void kill() {
        ProcessSignals.kill(process);
    }

    /**
     * Sends it {@code signal} (Python's {@code send_signal}), as {@link SubprocessTransport#sendSignal}
     * does: {@code "USR1"}, {@code "SIGHUP"}, ...; nothing once it has exited.
     *
     * @throws IllegalArgumentException if the JDK knows no such signal on this system
     * @throws UnsupportedOperationException for any signal but {@code TERM} and {@code KILL} on Windows
     */
    public void sendSignal(String signal) {
        ProcessSignals.send(process, signal);
    }

    /**
     * A coroutine that waits until the process exits and returns its exit status (Python's {@code wait()}).
     * Reading its output is the caller's job meanwhile, or a process that fills a pipe never exits:
     * {@link #communicate} does both.
     */
    public Coroutine<Integer> untilExit() {
        return AwaitOne.of(Asyncio.shield(exited));
    }

    /** {@link #communicate(byte[])} with no input (the process's input is closed, if a pipe). */
    public Coroutine<ProcessOutput> communicate() {
        return communicate(null);
    }

    /**
     * A coroutine that sends {@code input} (unless null) to the process's input and closes it, reads its
     * output and error to their end, all at once, then waits until it exits, and returns what it read. A
     * process that exits without reading all of its input is no error (the rest is dropped).
     */
    public Coroutine<ProcessOutput> communicate(byte[] input) {
        return LoopCoroutine.typed(new LoopCoroutine<ProcessOutput>() {
            private List<?> read;

            @Override
            protected Object start() {
                List<Coroutine<?>> all = new ArrayList<>(3);
                if (stdin != null) {
                    all.add(feed(input));
                }
                all.add(stdout != null ? stdout.read(-1) : Asyncio.sleep(0, null));
                all.add(stderr != null ? stderr.read(-1) : Asyncio.sleep(0, null));
                return Asyncio.gather(all);
            }

            @Override
            protected Object resume(Object value) {
                read = (List<?>) value;
                return delegate(untilExit());
            }

            @Override
            protected Object innerReturned(Object value) {
                int n = read.size();
                return finish(new ProcessOutput((byte[]) read.get(n - 2), (byte[]) read.get(n - 1)));
            }

            @Override
            protected String name() {
                return "Subprocess.communicate()";
            }
        });
    }

    /** Writes {@code input} (unless null), drains, closes: a process that exits early is no failure. */
    private Coroutine<Void> feed(byte[] input) {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            @Override
            protected Object start() {
                if (input != null && input.length > 0) {
                    stdin.write(input);
                    return delegate(stdin.drain());
                }
                stdin.close();
                return finish(null);
            }

            @Override
            protected Object innerReturned(Object value) {
                stdin.close();
                return finish(null);
            }

            @Override
            protected Object innerFailed(Throwable error) {
                if (!(error instanceof UncheckedIOException)) {
                    throw Throwing.sneaky(error);
                }
                stdin.close(); // as asyncio: a broken pipe means the process does not want the rest
                return finish(null);
            }

            @Override
            protected String name() {
                return "Subprocess.communicate(input)";
            }
        });
    }

    @Override
    public String toString() {
        Integer code = returncode();
        return "Subprocess[pid=" + pid() + (code == null ? ", running" : ", returncode=" + code) + "]";
    }

    /** For {@link Asyncio#createSubprocessShell}: the platform's shell running {@code command}. */
    static ProcessBuilder shell(String command) {
        Objects.requireNonNull(command, "command");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return windows ? new ProcessBuilder("cmd.exe", "/c", command) : new ProcessBuilder("/bin/sh", "-c", command);
    }
}
