package dev.weft.loop;

import java.util.Objects;

/**
 * The transport of {@link EventLoop#subprocessExec}, as asyncio's subprocess transport: each piped
 * stream of the process is a pipe transport of its own ({@link WritePipeTransport} for its input,
 * {@link ReadPipeTransport} for its output and error) whose protocol forwards to the
 * {@link SubprocessProtocol} with the stream's number; the process's exit comes from
 * {@link Process#onExit()}. asyncio's order: {@code connectionMade} first, {@code connectionLost} last,
 * once the process has exited and every pipe has closed. Loop thread only, but where
 * {@link SubprocessTransport} says otherwise.
 *
 * <p>One difference from asyncio comes from the JDK: when a process exits, the JDK reads what its
 * output and error pipes hold and closes them, so these end with the process; what a child it left
 * behind writes to them afterwards is lost (asyncio reads a pipe until every process holding it has
 * closed it). Its input pipe ends with the process too: asyncio sees that pipe's reading end close
 * when the process exits (unless, again, a child it left behind holds it).
 */
final class ProcessTransport implements SubprocessTransport {
    private final EventLoop loop;
    private final Process process;
    private final SubprocessProtocol protocol;
    /** The pipe transports by stream number; null where the stream is not a pipe of its own. */
    private final Transport[] pipes = new Transport[3];
    /** Which pipes have closed (those that are none count as closed). */
    private final boolean[] pipeClosed = new boolean[3];
    private final Future<Void> made;
    /** The loop has learnt that the process exited. */
    private boolean exited;
    /** connectionLost has been scheduled. */
    private boolean finished;
    private boolean closed;

    private ProcessTransport(EventLoop loop, Process process, ProcessBuilder builder, SubprocessProtocol protocol) {
        this.loop = loop;
        this.process = process;
        this.protocol = protocol;
        this.made = loop.createFuture();
        // scheduled before the pipes start, so connectionMade comes before anything they report
        loop.callSoon(() -> ProtocolReceiver.tellMade(() -> protocol.connectionMade(this), made));
        String name = "weft-subprocess-" + process.pid();
        if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
            pipes[0] = new WritePipeTransport(loop, process.getOutputStream(), new PipeProtocol(0), name + "-stdin");
        }
        if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            pipes[1] = new ReadPipeTransport(loop, process.getInputStream(), new PipeProtocol(1), name + "-stdout");
        }
        if (!builder.redirectErrorStream() && builder.redirectError() == ProcessBuilder.Redirect.PIPE) {
            pipes[2] = new ReadPipeTransport(loop, process.getErrorStream(), new PipeProtocol(2), name + "-stderr");
        }
        for (int fd = 0; fd < 3; fd++) {
            pipeClosed[fd] = pipes[fd] == null;
        }
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(this::exited);
            } catch (IllegalStateException loopClosed) {
                // nobody is left to tell
            }
        });
    }

    /** Starts {@code builder}'s process on {@code loop} (the current thread's) for {@code protocol}. */
    static ProcessTransport start(EventLoop loop, ProcessBuilder builder, SubprocessProtocol protocol) {
        Objects.requireNonNull(protocol, "the protocol factory returned null");
        return new ProcessTransport(loop, Subprocess.launch(builder), builder, protocol);
    }

    /** Done once the protocol has been told {@code connectionMade}. */
    Future<Void> made() {
        return made;
    }

    private void exited() {
        exited = true;
        protocol.processExited();
        if (pipes[0] != null) {
            ((PipeWriter) pipes[0]).readerGone(); // its connectionLost comes from the loop, soon
        }
        finishIfDone();
    }

    private void pipeLost(int fd, Throwable error) {
        pipeClosed[fd] = true;
        protocol.pipeConnectionLost(fd, error);
        finishIfDone();
    }

    /** Once the process has exited and every pipe has closed: {@code connectionLost}, soon. */
    private void finishIfDone() {
        if (!exited || finished) {
            return;
        }
        for (boolean c : pipeClosed) {
            if (!c) {
                return;
            }
        }
        finished = true;
        loop.callSoon(() -> protocol.connectionLost(null));
    }

    @Override
    public long getPid() {
        return process.pid();
    }

    @Override
    public Integer getReturncode() {
        return process.isAlive() ? null : process.exitValue();
    }

    @Override
    public Transport getPipeTransport(int fd) {
        if (fd < 0 || fd > 2) {
            throw new IllegalArgumentException("no pipe " + fd + ": 0 is the input, 1 the output, 2 the error");
        }
        return pipes[fd];
    }

    @Override
    public void terminate() {
        ProcessSignals.terminate(process);
    }

    @Override
    public void kill() {
        ProcessSignals.kill(process);
    }

    @Override
    public void sendSignal(String signal) {
        ProcessSignals.send(process, signal);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Transport pipe : pipes) {
            if (pipe != null) {
                pipe.close();
            }
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    @Override
    public Object getExtraInfo(String name) {
        return name.equals("subprocess") ? process : null;
    }

    @Override
    public String toString() {
        Integer code = getReturncode();
        return "ProcessTransport[pid=" + getPid() + (code == null ? ", running" : ", returncode=" + code)
                + (closed ? ", closed" : "") + "]";
    }

    /** A pipe's protocol: hands what happens on pipe {@code fd} to the process's protocol, as asyncio's. */
    private final class PipeProtocol implements Protocol {
        private final int fd;

        PipeProtocol(int fd) {
            this.fd = fd;
        }

        @Override
        public void dataReceived(byte[] data) {
            protocol.pipeDataReceived(fd, data);
        }

        @Override
        public void connectionLost(Throwable error) {
            pipeLost(fd, error);
        }

        @Override
        public void pauseWriting() {
            protocol.pauseWriting();
        }

        @Override
        public void resumeWriting() {
            protocol.resumeWriting();
        }
    }
}
