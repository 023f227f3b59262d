package dev.weft.loop;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The TLS layer of a {@link SocketStream}: an {@link SSLEngine} between the socket's raw bytes and the
 * stream's plain ones. It drives the handshake from whatever arrives, holds back what is written until
 * the handshake is done, and reports the peer's close_notify. Loop thread only; the engine's delegated
 * tasks (certificate checks) run inline.
 */
final class TlsCodec {
    /** Where the codec's output goes. */
    interface Sink {
        /** Raw bytes for the socket (records: handshake, data, close_notify). */
        void raw(ByteBuffer records);

        /** Plain bytes for the reader. */
        void plain(ByteBuffer data);

        /** The peer sent close_notify: its side of the stream has ended. */
        void peerClosed();

        /**
         * True while plain bytes must not be delivered (the reader or protocol paused reading): what is
         * received stays undecrypted until {@link #resume()}, as asyncio's SSL protocol keeps it in its
         * incoming buffer.
         */
        boolean plainHeld();
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** How many records one {@link #wrapOnce} may put in one batch for the socket. */
    private static final int WRAP_BATCH = 4;
    /**
     * The loop thread's buffer that wraps fill with records for the socket, reused from wrap to wrap (the
     * sink consumes it all each time); empty while a wrap uses it, so that one reentered from the sink (a
     * protocol's pauseWriting that writes) takes a buffer of its own.
     */
    private static final ThreadLocal<ByteBuffer> WRAP_OUT = new ThreadLocal<>();

    private final SSLEngine engine;
    private final Sink sink;
    /** Completed when the handshake is done, failed if it cannot be. */
    final Future<Void> handshake;
    /**
     * Raw bytes received and not yet unwrapped (read mode: from position to limit), so that unwrapping a
     * read's records one after another moves the position only, and what is left (a partial record) is
     * moved to the front once, when the next read needs the room.
     */
    private ByteBuffer netIn;
    /** Plain bytes out of the last unwrap (write mode, emptied into the sink at once). */
    private ByteBuffer appIn;
    /** Plain bytes written before the handshake was done. */
    private final ArrayDeque<ByteBuffer> early = new ArrayDeque<>();
    private boolean handshaking = true;
    private boolean peerClosed;

    TlsCodec(SSLEngine engine, Sink sink, Future<Void> handshake) {
        this.engine = engine;
        this.sink = sink;
        this.handshake = handshake;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        netIn.limit(0);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Starts the handshake: a client sends its hello now, a server waits for one. */
    void begin() throws SSLException {
        engine.beginHandshake();
        step();
    }

    /** The TLS session: the peer's certificates, the protocol, the cipher suite. */
    javax.net.ssl.SSLSession session() {
        return engine.getSession();
    }

    /** True once the peer has sent close_notify, or the connection has reached its end. */
    boolean peerEnded() {
        return peerClosed;
    }

    /** True once the handshake is done. */
    boolean handshakeDone() {
        return !handshaking;
    }

    /** Raw bytes arrived from the socket (all consumed). */
    void received(ByteBuffer raw) throws SSLException {
        if (netIn.capacity() - netIn.limit() < raw.remaining()) {
            netIn.compact();
            if (netIn.remaining() < raw.remaining()) {
                netIn = grow(netIn, netIn.position() + raw.remaining());
            }
            netIn.flip();
        }
        int start = netIn.position();
        netIn.position(netIn.limit()).limit(netIn.capacity());
        netIn.put(raw);
        netIn.flip().position(start);
        step();
    }

    /** Reading was resumed (or the stream is closing): decrypts and delivers what was held back. */
    void resume() throws SSLException {
        step();
    }

    /** Plain bytes to send (all consumed): wrapped now, or kept until the handshake is done. */
    void send(ByteBuffer plain) throws SSLException {
        if (handshaking) {
            ByteBuffer copy = ByteBuffer.allocate(plain.remaining());
            copy.put(plain).flip();
            early.add(copy);
            return;
        }
        wrap(plain);
    }

    /** Sends close_notify: this side will send nothing more. */
    void closeOutbound() throws SSLException {
        engine.closeOutbound();
        while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            if (!wrapOnce(NOTHING)) {
                break;
            }
        }
    }

    /** The socket reached its end: a peer that has not sent close_notify truncated the stream. */
    void rawEnd() throws SSLException {
        if (handshaking) {
            throw new SSLException("the connection closed during the TLS handshake");
        }
        if (!peerClosed) {
            try {
                engine.closeInbound();
            } catch (SSLException truncated) {
                // no close_notify before the end: taken as the end of the stream, as asyncio's streams do
            }
            peerClosed = true;
            sink.peerClosed();
        }
    }

    /** The connection failed or closed: a handshake under way fails with {@code error}. */
    void ended(Throwable error) {
        if (!handshake.done()) {
            handshake.setException(error != null ? error
                    : new java.io.UncheckedIOException(new SSLException("the connection closed during the TLS handshake")));
        }
    }

    /** Runs the engine until it needs more raw input. */
    private void step() throws SSLException {
        for (;;) {
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    break;
                case NEED_WRAP:
                    if (!wrapOnce(NOTHING)) {
                        return;
                    }
                    break;
                default:
                    if (handshaking && hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                        handshakeFinished();
                    }
                    if (!handshaking && sink.plainHeld()) {
                        return; // paused: the rest waits in netIn until resume()
                    }
                    if (!unwrapOnce()) {
                        return;
                    }
                    break;
            }
        }
    }

    /** One unwrap: true if it made progress and may make more. */
    private boolean unwrapOnce() throws SSLException {
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        deliver();
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW:
                appIn = grow(appIn, appIn.capacity() + engine.getSession().getApplicationBufferSize());
                return true;
            case BUFFER_UNDERFLOW:
                if (netIn.remaining() == netIn.capacity()) {
                    netIn.compact();
                    netIn = grow(netIn, netIn.capacity() + engine.getSession().getPacketBufferSize());
                    netIn.flip();
                }
                return false;
            case CLOSED:
                if (!peerClosed) {
                    peerClosed = true;
                    sink.peerClosed();
                }
                return engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
            default:
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                    handshakeFinished();
                }
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }
    }

    private void deliver() {
        appIn.flip();
        if (appIn.hasRemaining()) {
            sink.plain(appIn);
        }
        appIn.clear();
    }

    /** Wraps all of {@code plain} into records for the socket. */
    private void wrap(ByteBuffer plain) throws SSLException {
        while (plain.hasRemaining()) {
            if (!wrapOnce(plain)) {
                return;
            }
        }
    }

    /**
     * One wrap, or, while {@code plain} has more to send, as many records as fit in one batch (up to
     * {@link #WRAP_BATCH} records), handed to the sink at once: one socket write per batch instead of one
     * per record, into the thread's buffer ({@link #WRAP_OUT}). True unless the engine is closed.
     */
    private boolean wrapOnce(ByteBuffer plain) throws SSLException {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer out = WRAP_OUT.get();
        if (out == null || out.capacity() < packet) {
            out = ByteBuffer.allocate(WRAP_BATCH * packet);
        } else {
            WRAP_OUT.set(null);
        }
        out.clear();
        SSLEngineResult r;
        for (;;) {
            r = engine.wrap(plain, out);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (out.position() > 0) {
                    break; // this batch is full: the rest goes in the next one
                }
                out = ByteBuffer.allocate(out.capacity() * 2);
                continue;
            }
            if (r.getStatus() != SSLEngineResult.Status.OK || !plain.hasRemaining() || r.bytesConsumed() == 0
                    || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    || out.remaining() < packet) {
                break;
            }
        }
        out.flip();
        try {
            if (out.hasRemaining()) {
                sink.raw(out); // consumes it all: sent, or copied into the stream's unsent buffer
            }
        } finally {
            out.clear();
            WRAP_OUT.set(out);
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        return r.getStatus() != SSLEngineResult.Status.CLOSED;
    }

    private void handshakeFinished() throws SSLException {
        if (!handshaking) {
            return;
        }
        handshaking = false;
        ByteBuffer b;
        while ((b = early.poll()) != null) {
            wrap(b);
        }
        if (!handshake.done()) {
            handshake.setResult(null);
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, b.capacity()));
        b.flip();
        bigger.put(b);
        return bigger;
    }
}
