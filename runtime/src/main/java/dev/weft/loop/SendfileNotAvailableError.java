package dev.weft.loop;

/**
 * Thrown by {@link EventLoop#sendfile(Transport, java.nio.channels.FileChannel, long, long, boolean)} with
 * {@code fallback} false when the transport cannot send the file straight from the disk (TLS, a pipe):
 * asyncio's {@code SendfileNotAvailableError}, a {@code RuntimeError} there as it is an
 * {@link IllegalStateException} here.
 */
public class SendfileNotAvailableError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An error with the given message. */
    public SendfileNotAvailableError(String message) {
        super(message);
    }
}
