package dev.weft.loop;

/**
 * A child process's transport, as asyncio's {@code SubprocessTransport}: what
 * {@link EventLoop#subprocessExec} gives a {@link SubprocessProtocol}. Its pipes are transports of their
 * own ({@link #getPipeTransport}): write to the process's input through pipe 0. Loop thread only, except
 * {@link #getPid()}, {@link #getReturncode()}, {@link #terminate()}, {@link #kill()} and
 * {@link #sendSignal}.
 */
public interface SubprocessTransport extends BaseTransport {
    /** The process's id. */
    long getPid();

    /**
     * Its exit status once it has exited, else null (asyncio's {@code get_returncode()}). Where a signal ended it, the
     * status is the JDK's, as a shell's {@code $?}: 128 plus the signal's number (137 for SIGKILL), where
     * Python says minus the number; the JDK keeps no other trace of the signal.
     */
    Integer getReturncode();

    /**
     * The transport of the process's input ({@code fd} 0, which only writes), output (1) or error (2, which
     * only read), or null if that stream is not a pipe of its own (redirected elsewhere, or the error merged
     * into the output).
     *
     * @throws IllegalArgumentException for any other {@code fd}
     */
    Transport getPipeTransport(int fd);

    /** Asks it to end (SIGTERM where there are signals; asyncio's {@code terminate()}). */
    void terminate();

    /** Ends it at once (SIGKILL where there are signals; asyncio's {@code kill()}). */
    void kill();

    /**
     * Sends it {@code signal}, named as the JDK names signals, with or without {@code SIG}
     * ({@code "USR1"}, {@code "SIGHUP"}): asyncio's {@code send_signal}. {@code TERM} and {@code KILL} are
     * {@link #terminate()} and {@link #kill()}; any other signal is sent by the system's {@code kill}
     * command, which this waits for (a few milliseconds). A process that has exited gets nothing.
     *
     * @throws IllegalArgumentException if the JDK knows no such signal on this system
     * @throws UnsupportedOperationException for any signal but {@code TERM} and {@code KILL} on Windows
     * @throws IllegalStateException if {@code kill} fails
     */
    void sendSignal(String signal);

    /**
     * Closes the process's pipes and, if it is still running, kills it, as asyncio's does; the protocol's
     * {@link BaseProtocol#connectionLost} follows once it has exited and its pipes are closed.
     */
    @Override
    void close();

    /** {@code "subprocess"}: the {@link Process}; null for any other name. */
    @Override
    Object getExtraInfo(String name);
}
