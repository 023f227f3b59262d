package dev.weft.loop;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The transport of {@link EventLoop#connectReadPipe}, as asyncio's read pipe transport: a
 * {@link PipeReader} hands what arrives to the protocol's {@link Protocol#dataReceived}; at the pipe's
 * end the protocol is told {@link Protocol#eofReceived} (whose answer a pipe ignores) and the transport
 * closes. {@code connectionMade} comes first, reading starts after it, and {@code connectionLost} comes
 * last, once. It only reads: its writing methods throw {@link UnsupportedOperationException}. Loop thread
 * only.
 */
final class ReadPipeTransport implements Transport {
    private final EventLoop loop;
    private final InputStream pipe;
    private final PipeReader reader;
    private final String name;
    private final Future<Void> made;
    private Protocol protocol;
    private boolean paused;
    private boolean closing;

    /** Starts reading {@code pipe} for {@code protocol} on {@code loop}, the current thread's. */
    ReadPipeTransport(EventLoop loop, InputStream pipe, Protocol protocol, String name) {
        this.loop = loop;
        this.pipe = pipe;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.name = name;
        this.made = loop.createFuture();
        this.reader = PipeReader.of(loop, pipe, new PipeReader.Sink() {
            @Override
            public void data(byte[] chunk) {
                ReadPipeTransport.this.protocol.dataReceived(chunk); // a failure is the callback's: reported, reading goes on
            }

            @Override
            public void end() {
                ended();
            }

            @Override
            public void failed(UncheckedIOException error) {
                readFailed(error);
            }
        });
        loop.callSoon(this::madeThenRead);
    }

    private void madeThenRead() {
        try {
            // as asyncio's, even if closed meanwhile: connectionLost, scheduled after this, always follows
            ProtocolReceiver.tellMade(() -> protocol.connectionMade(this), made);
        } finally {
            if (!closing) {
                reader.start(name); // paused already if pauseReading() came first
            } else {
                closeQuietly(pipe); // closed before reading began: no reading thread will close it
            }
        }
    }

    private static void closeQuietly(java.io.Closeable pipe) {
        try {
            pipe.close();
        } catch (java.io.IOException ignored) {
            // nothing to tell: the transport is closed either way
        }
    }

    /** Done once the protocol has been told {@code connectionMade}. */
    Future<Void> made() {
        return made;
    }

    /** asyncio's order at a pipe's end: the transport is closing, eofReceived, then connectionLost. */
    private void ended() {
        closing = true;
        loop.callSoon(() -> protocol.eofReceived());
        loop.callSoon(() -> lost(null));
    }

    private void readFailed(UncheckedIOException error) {
        ProtocolReceiver.report(loop, this, protocol, "Fatal read error on pipe transport", error);
        closing = true;
        loop.callSoon(() -> lost(error));
    }

    private void lost(Throwable error) {
        protocol.connectionLost(error);
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        reader.stop();
        loop.callSoon(() -> lost(null));
    }

    /** For a read pipe, the same as {@link #close()}: nothing is buffered to drop. */
    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void pauseReading() {
        if (closing || paused) {
            return;
        }
        paused = true;
        reader.pauseReading();
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        reader.resumeReading();
    }

    @Override
    public boolean isReading() {
        return !closing && !paused;
    }

    @Override
    public void write(byte[] data) {
        throw readOnly();
    }

    @Override
    public void write(ByteBuffer data) {
        throw readOnly();
    }

    @Override
    public void writeEof() {
        throw readOnly();
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the transport of a read pipe cannot write");
    }

    @Override
    public long getWriteBufferSize() {
        return 0;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw readOnly();
    }

    @Override
    public WriteBufferLimits getWriteBufferLimits() {
        return new WriteBufferLimits(0, 0);
    }

    @Override
    public Protocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** {@code "pipe"}: the stream read. */
    @Override
    public Object getExtraInfo(String name) {
        return name.equals("pipe") ? pipe : null;
    }

    @Override
    public String toString() {
        return "ReadPipeTransport[" + name + (closing ? ", closed" : paused ? ", paused" : "") + "]";
    }
}
