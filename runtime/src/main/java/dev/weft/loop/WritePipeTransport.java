package dev.weft.loop;

import java.io.OutputStream;
import java.util.Objects;

/**
 * The transport of {@link EventLoop#connectWritePipe}, as asyncio's write pipe transport: what is
 * written is queued for a {@link PipeWriter}'s thread, the protocol is told to pause writing while more
 * than the high-water mark is queued, and {@code connectionLost} comes once the pipe is closed: after
 * {@link #close()} has written everything queued, after {@link #abort()}, or when a write fails (a broken
 * pipe), with that failure. {@code connectionMade} comes first. It only writes: its reading methods throw
 * {@link UnsupportedOperationException}. Loop thread only.
 */
final class WritePipeTransport extends PipeWriter implements Transport {
    private final Future<Void> made;
    private Protocol protocol;

    /** Starts a transport writing to {@code pipe} for {@code protocol} on {@code loop}, the current thread's. */
    WritePipeTransport(EventLoop loop, OutputStream pipe, Protocol protocol, String name) {
        super(loop, pipe, name);
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.made = loop.createFuture();
        // as asyncio's, even if closed meanwhile: the end, reported from the writing thread, comes later
        loop.callSoon(() -> ProtocolReceiver.tellMade(() -> protocol.connectionMade(this), made));
    }

    /** Done once the protocol has been told {@code connectionMade}. */
    Future<Void> made() {
        return made;
    }

    @Override
    void closed(Throwable error) {
        protocol.connectionLost(error);
    }

    @Override
    void writingPausedChanged(boolean paused) {
        ProtocolReceiver.tellWritingPaused(loop, this, protocol, paused);
    }

    @Override
    public void write(byte[] data) {
        write(java.nio.ByteBuffer.wrap(data));
    }

    @Override
    public void pauseReading() {
        throw writeOnly();
    }

    @Override
    public void resumeReading() {
        throw writeOnly();
    }

    private static UnsupportedOperationException writeOnly() {
        return new UnsupportedOperationException("the transport of a write pipe cannot read");
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** {@code "pipe"}: the stream written. */
    @Override
    public Object getExtraInfo(String name) {
        return name.equals("pipe") ? out : null;
    }
}
