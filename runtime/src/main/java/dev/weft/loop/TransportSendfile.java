package dev.weft.loop;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@link EventLoop#sendfile}: a file region through a transport, as asyncio's {@code loop.sendfile}. A
 * plain socket stream sends it straight from the file ({@link FileSend}: the system's sendfile) once
 * what was written before has gone out ({@link SocketStream#sendfile}). Any other writing transport (TLS,
 * a pipe) gets it as asyncio's fallback does: chunks read in the loop's default executor (so the loop
 * never waits for the disk), each written once the transport is below its high-water mark.
 */
final class TransportSendfile extends LoopCoroutine<Long> {
    /** How much the fallback reads and writes at a time. */
    private static final int CHUNK = 64 * 1024;

    private final WriteTransport transport;
    private final FileSend send;
    private final String name;
    /** The plain stream the file goes straight to, or null for the fallback. */
    private final SocketStream direct;
    /** False: a transport that cannot take the file straight fails the send instead of the fallback. */
    private final boolean fallback;
    /** The fallback's chunk read and not yet written. */
    private ByteBuffer chunk;

    TransportSendfile(Transport transport, FileChannel file, long offset, long count, boolean fallback) {
        if (!(transport instanceof WriteTransport)) {
            throw new IllegalArgumentException("sendfile needs a writing transport of the loop's, not " + transport);
        }
        this.transport = (WriteTransport) transport;
        this.send = new FileSend(file, offset, count);
        this.name = "EventLoop.sendfile(" + transport + ", " + file + ")";
        this.direct = transport instanceof SocketStream && ((SocketStream) transport).canSendfile()
                ? (SocketStream) transport : null;
        this.fallback = fallback;
    }

    @Override
    protected Object start() {
        if (transport.isClosing()) {
            throw new IllegalStateException("Transport is closing");
        }
        if (direct != null) {
            return direct.sendfile(send);
        }
        if (!fallback) {
            throw new SendfileNotAvailableError(
                    "fallback is disabled and native sendfile is not supported for transport " + transport);
        }
        return readNext();
    }

    /** The fallback: reads the next chunk in the default executor, or finishes. */
    private Object readNext() {
        int max = send.nextChunk(CHUNK);
        if (max <= 0) {
            return finish(send.sent());
        }
        return Asyncio.getRunningLoop().runInExecutor(null, () -> send.read(max));
    }

    /** Direct: the file has been sent. The fallback: a chunk has been read; it is written once drained. */
    @Override
    protected Object resume(Object value) {
        if (direct != null) {
            return finish(value);
        }
        chunk = (ByteBuffer) value;
        if (!chunk.hasRemaining()) {
            return finish(send.sent()); // the file ended before the count
        }
        return delegate(transport.drain());
    }

    /** The fallback: the transport can take the chunk read. */
    @Override
    protected Object innerReturned(Object value) {
        int n = chunk.remaining();
        transport.write(chunk);
        chunk = null;
        send.sentElsewhere(n);
        send.positionAfterSent();
        return readNext();
    }

    /** Cancelled, or sending failed: a direct send stops, so that the stream takes writes again. */
    @Override
    protected Object fail(Throwable error) {
        if (direct != null) {
            direct.endSendfile(error);
        }
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return name;
    }
}
