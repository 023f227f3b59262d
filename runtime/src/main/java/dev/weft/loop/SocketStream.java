package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One connected socket driven by the loop's readiness callbacks: asyncio's selector socket transport and
 * stream protocol in one. It feeds what arrives to its {@link StreamReader}, buffers what the
 * {@link StreamWriter} writes until the socket takes it, and applies flow control both ways: reading
 * pauses while the reader holds too much, and {@link StreamWriter#drain()} waits while more than the
 * high-water mark waits to be sent. Loop thread only.
 *
 * <p>The connection is lost (the socket closed, the reader ended, waiters woken) one loop iteration after
 * {@link #close()} once the write buffer has been flushed, at once on {@link #abort()}, or on an I/O
 * failure, which the reader and {@link StreamWriter#waitClosed()} then throw as an
 * {@link UncheckedIOException}.
 */
final class SocketStream extends WriteTransport implements ReadTransport, TlsCodec.Sink {
    /** How many bytes one readiness callback reads at most (asyncio's: 256 KiB). */
    private static final int READ_SIZE = 256 * 1024;
    /** The loop thread's buffer for reads: direct, so NIO needs no temporary copy of its own. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    final SocketChannel channel;
    final StreamReader reader;
    private final Runnable readReady = this::readReady;
    private final Runnable writeReady = this::writeReady;
    /** For a connection a {@link Server} accepted, how it forgets it once lost; null for one opened. */
    private final Consumer<SocketStream> onLost;
    /** True for a connection a server accepted: the TLS server side in {@link #startTls}. */
    final boolean accepted;

    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    /** {@link #writeEof()} was called: the output shuts down once {@link #unsent} is flushed. */
    private boolean eofRequested;
    private boolean readingPaused;
    /** The peer ended its output: nothing more to read. */
    private boolean readEof;
    /** The connection-lost step is scheduled: writes are dropped from now on. */
    private boolean lossScheduled;
    /** The TLS layer between the socket and the stream, or null for plain TCP (until {@link #startTls}). */
    private TlsCodec tls;
    /** With TLS: how long a close may wait for its writes to go out, in seconds, before it aborts. */
    private double shutdownTimeout;
    /** With TLS, while a close waits for its writes to go out: the timer that aborts it; else null. */
    private TimerHandle shutdownDeadline;

    /**
     * Starts driving {@code channel} (connected; switched to non-blocking) on {@code loop}'s thread, which
     * must be the current one, feeding {@code reader}.
     */
    SocketStream(EventLoop loop, SocketChannel channel, StreamReader reader, Consumer<SocketStream> onLost) {
        this(loop, channel, reader, onLost, null, 0, 0);
    }

    /**
     * As the other constructor, with TLS through {@code engine} (null: none): the handshake starts now,
     * and {@link #handshake()} tells when it is done; one not done within {@code handshakeTimeout}
     * seconds closes the stream, as does a close whose writes have not gone out within
     * {@code shutdownTimeout} seconds.
     */
    SocketStream(EventLoop loop, SocketChannel channel, StreamReader reader, Consumer<SocketStream> onLost,
                 SSLEngine engine, double handshakeTimeout, double shutdownTimeout) {
        super(loop);
        this.channel = channel;
        this.reader = reader;
        this.onLost = onLost;
        this.accepted = onLost != null;
        reader.setTransport(this);
        loop.addReader(channel, readReady);
        if (engine != null) {
            beginTls(engine, handshakeTimeout, shutdownTimeout);
        }
    }

    /**
     * Puts TLS through {@code engine} between the socket and the stream, and starts the handshake, which
     * must be done within {@code timeout} seconds; a close must be done within {@code shutdownTimeout}.
     */
    private void beginTls(SSLEngine engine, double timeout, double shutdownTimeout) {
        tls = new TlsCodec(engine, this, loop.createFuture());
        this.shutdownTimeout = shutdownTimeout;
        // a peer that never finishes its handshake must not hold the connection forever
        TimerHandle deadline = loop.callLater(timeout, () -> {
            if (!tls.handshakeDone() && !lossScheduled) {
                fatal(new SSLException("the TLS handshake did not finish within " + timeout + " seconds"));
            }
        });
        tls.handshake.addDoneCallback(h -> deadline.cancel());
        try {
            tls.begin();
        } catch (SSLException e) {
            fatal(e);
        }
    }

    /**
     * Switches to TLS through {@code engine} from now on (asyncio's {@code start_tls}): what was written
     * before still goes out first, in plain; what arrives from now on is TLS. Returns the handshake, which
     * must be done within {@code handshakeTimeout} seconds.
     *
     * @throws IllegalStateException if the stream uses TLS already, or is closing
     */
    Future<Void> startTls(SSLEngine engine, double handshakeTimeout, double shutdownTimeout) {
        if (tls != null) {
            throw new IllegalStateException("the stream uses TLS already");
        }
        if (closing) {
            throw new IllegalStateException("the stream is closing");
        }
        beginTls(engine, handshakeTimeout, shutdownTimeout);
        return tls.handshake;
    }

    /** Done when the TLS handshake is; failed if it cannot be. Only for a stream made with an engine. */
    Future<Void> handshake() {
        return tls.handshake;
    }

    // ------------------------------------------------------------------ reading

    private void readReady() {
        if (lossScheduled) {
            return;
        }
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatal(e);
            return;
        }
        try {
            if (n > 0) {
                buf.flip();
                if (tls != null) {
                    tls.received(buf);
                } else {
                    reader.feedData(buf);
                }
            } else if (n < 0) {
                // the peer shut its output: the stream ends, but this side may still write (half-close)
                readEof = true;
                loop.removeReader(channel);
                if (tls != null) {
                    tls.rawEnd();
                } else {
                    reader.feedEof();
                }
            }
        } catch (SSLException e) {
            fatal(e);
        }
    }

    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (!readEof) {
            loop.addReader(channel, readReady);
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    void write(ByteBuffer data) {
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (!data.hasRemaining() || lossScheduled) {
            // as asyncio's transports: once the connection is lost, writes are dropped; drain() reports it
            return;
        }
        if (tls == null) {
            raw(data);
            return;
        }
        try {
            tls.send(data);
        } catch (SSLException e) {
            fatal(e);
        }
    }

    /** Sends raw bytes to the socket, buffering what it cannot take yet (TLS records, or plain data). */
    @Override
    public void raw(ByteBuffer data) {
        if (lossScheduled) {
            return;
        }
        if (unsent.isEmpty()) {
            try {
                channel.write(data);
            } catch (IOException e) {
                fatal(e);
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, writeReady);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        unsent.add(copy);
        buffered(copy.remaining());
    }

    private void writeReady() {
        if (lossScheduled) {
            return;
        }
        long n;
        try {
            n = channel.write(unsent.toArray(new ByteBuffer[0]));
        } catch (IOException e) {
            loop.removeWriter(channel);
            fatal(e);
            return;
        }
        while (!unsent.isEmpty() && !unsent.peek().hasRemaining()) {
            unsent.poll();
        }
        sent(n);
        if (unsent.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                scheduleLoss(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    @Override
    void writeEof() {
        if (tls != null) {
            throw new UnsupportedOperationException("a TLS stream cannot end its output without closing"
                    + " (canWriteEof() is false)");
        }
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        if (unsent.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatal(e);
        }
    }

    // ------------------------------------------------------------------ closing

    /** Stops reading, and closes the socket once everything written has been sent (after TLS's close_notify). */
    @Override
    void close() {
        if (closing) {
            return;
        }
        if (tls != null && !lossScheduled) {
            try {
                tls.closeOutbound();
            } catch (SSLException e) {
                // closing anyway: the peer may not get a clean end, which it reads as a truncated stream
            }
        }
        closing = true;
        loop.removeReader(channel);
        if (unsent.isEmpty()) {
            scheduleLoss(null);
        } else if (tls != null) {
            // a peer that reads nothing would keep the close waiting forever (asyncio's ssl_shutdown_timeout)
            shutdownDeadline = loop.callLater(shutdownTimeout, () -> {
                if (!lossScheduled) {
                    forceClose(new TimeoutError("SSL shutdown timed out"));
                }
            });
        }
    }

    @Override
    void abort() {
        forceClose(null);
    }

    private void fatal(IOException e) {
        forceClose(SocketOps.unchecked(e));
    }

    private void forceClose(Throwable error) {
        if (lossScheduled) {
            return;
        }
        if (!unsent.isEmpty()) {
            unsent.clear();
            discardUnsent();
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        scheduleLoss(error);
    }

    private void scheduleLoss(Throwable error) {
        lossScheduled = true;
        loop.callSoon(() -> connectionLost(error));
    }

    private void connectionLost(Throwable error) {
        if (shutdownDeadline != null) {
            shutdownDeadline.cancel();
            shutdownDeadline = null;
        }
        if (tls != null) {
            tls.ended(error);
        }
        if (error == null) {
            reader.feedEof();
        } else {
            reader.setException(error);
        }
        lost(error);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to report than the failure itself
        }
        if (onLost != null) {
            onLost.accept(this);
        }
    }

    @Override
    StreamReader reader() {
        return reader;
    }

    @Override
    public void plain(ByteBuffer data) {
        reader.feedData(data);
    }

    @Override
    public void peerClosed() {
        reader.feedEof();
    }

    @Override
    boolean canWriteEof() {
        return tls == null;
    }

    @Override
    SSLSession sslSession() {
        return tls == null ? null : tls.session();
    }

    @Override
    SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SocketStream[");
        try {
            sb.append(channel.getLocalAddress()).append(" -> ").append(channel.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            sb.append("closed");
        }
        if (closing) {
            sb.append(isLost() ? ", closed" : ", closing");
        }
        if (unsentBytes() > 0) {
            sb.append(", unsent=").append(unsentBytes());
        }
        if (readingPaused) {
            sb.append(", reading paused");
        }
        return sb.append(']').toString();
    }
}
