package dev.weft.loop;

/**
 * A child process's protocol, as asyncio's {@code SubprocessProtocol}: the callback style of
 * {@link EventLoop#subprocessExec}, beside the streams of {@link Asyncio#createSubprocessExec}.
 * {@link #connectionMade} comes first; then what the process writes to its piped output ({@code fd} 1) and
 * error ({@code fd} 2) reaches {@link #pipeDataReceived}, each pipe's end (its input's, {@code fd} 0,
 * too, which ends with the process if not closed before) {@link #pipeConnectionLost}, the process's exit
 * {@link #processExited}, these three in no set order, as in asyncio; {@link #connectionLost} comes last,
 * once the process has exited and all its pipes are closed.
 *
 * <pre>{@code
 * final class Collect implements SubprocessProtocol {
 *     final ByteArrayOutputStream out = new ByteArrayOutputStream();
 *     final Future<Integer> exited = loop.createFuture();
 *     SubprocessTransport transport;
 *     public void connectionMade(SubprocessTransport t) { transport = t; }
 *     public void pipeDataReceived(int fd, byte[] data) { if (fd == 1) out.writeBytes(data); }
 *     public void connectionLost(Throwable error) { exited.setResult(transport.getReturncode()); }
 * }
 * Endpoint<SubprocessTransport, Collect> p = await(loop.subprocessExec(Collect::new, "date"));
 * int status = await(p.protocol().exited);
 * }</pre>
 */
public interface SubprocessProtocol extends BaseProtocol<SubprocessTransport> {
    /**
     * The process wrote {@code data} to its output ({@code fd} 1) or error ({@code fd} 2); the array is
     * the protocol's to keep.
     */
    default void pipeDataReceived(int fd, byte[] data) {
    }

    /**
     * One of the process's pipes has closed: its input ({@code fd} 0), output (1) or error (2); {@code error}
     * is null for a clean end, else what ended it (an {@link java.io.UncheckedIOException}).
     */
    default void pipeConnectionLost(int fd, Throwable error) {
    }

    /** The process has exited: {@link SubprocessTransport#getReturncode()} says how. */
    default void processExited() {
    }
}
