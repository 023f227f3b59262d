package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One connected socket driven by the loop's readiness callbacks: asyncio's selector socket transport. It
 * hands what arrives to its {@link Receiver} (a {@link StreamReader}, or a user's {@link Protocol}),
 * buffers what is written until the socket takes it, and applies flow control both ways: reading pauses
 * while the reader holds too much (or while the protocol asks), and {@link StreamWriter#drain()} waits (a
 * protocol is told to pause writing) while more than the high-water mark waits to be sent. Loop thread
 * only.
 *
 * <p>The connection is lost (the socket closed, the receiver told, waiters woken) one loop iteration
 * after {@link #close()} once the write buffer has been flushed, at once on {@link #abort()}, or on an I/O
 * failure, which the reader and {@link StreamWriter#waitClosed()} then throw as an
 * {@link UncheckedIOException}.
 */
final class SocketStream extends WriteTransport implements Transport, ReadTransport, TlsCodec.Sink {
    /** How many bytes one readiness callback reads at most (asyncio's: 256 KiB). */
    private static final int READ_SIZE = 256 * 1024;
    /** The loop thread's buffer for reads: direct, so NIO needs no temporary copy of its own. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    /** The current thread's read buffer ({@value #READ_SIZE} bytes), cleared: sockets' and datagrams'. */
    static ByteBuffer readBuffer() {
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        return buf;
    }

    final SocketChannel channel;
    /** What the stream hands what arrives to: a stream's reader, or a protocol. */
    private Receiver receiver;
    /** For a protocol without TLS: done once it has been told {@code connectionMade}; else null. */
    private final Future<Void> made;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private final Runnable readReady = this::readReady;
    private final Runnable writeReady = this::writeReady;
    /** For a connection a {@link Server} accepted, how it forgets it once lost; null for one opened. */
    private final Consumer<SocketStream> onLost;
    /**
     * True for a connection accepted (by a {@link Server}, or before it was handed over): the TLS server
     * side in {@link #startTls}.
     */
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
    /**
     * With TLS: how long a close may wait for its writes to go out and for the peer's close_notify, in
     * seconds, before it aborts.
     */
    private double shutdownTimeout;
    /** With TLS, while a close waits (see {@link #shutdownTimeout}): the timer that aborts it; else null. */
    private TimerHandle shutdownDeadline;
    /**
     * With TLS, closing: the peer has not yet answered this side's close_notify with its own (nor ended
     * the connection), so the socket stays open and read, and what it brings is dropped.
     */
    private boolean awaitingCloseNotify;
    /** The file region {@link #sendfile} is sending straight to the socket, or null. */
    private FileSend fileSend;
    /** Completed with the count sent when {@link #fileSend} is done; failed if it cannot be. */
    private Future<Long> fileSent;
    /** Whether reading was on when {@link #fileSend} began, and is to be resumed once it ends. */
    private boolean readingBeforeSendfile;

    /**
     * Starts driving {@code channel} (connected; switched to non-blocking) on {@code loop}'s thread, which
     * must be the current one, handing what happens to {@code receiver}; {@code onLost} is told when the
     * connection has ended (a server's, which accepted it; null for one opened); {@code accepted}: the
     * connection is the server's side (for {@link #startTls}). With TLS through
     * {@code engine} (null: none), the handshake starts now, and {@link #ready()} tells when it is done;
     * one not done within {@code handshakeTimeout} seconds closes the stream, as does a close whose writes
     * have not gone out within {@code shutdownTimeout} seconds.
     */
    SocketStream(EventLoop loop, SocketChannel channel, Receiver receiver, Consumer<SocketStream> onLost,
                 boolean accepted, SSLEngine engine, double handshakeTimeout, double shutdownTimeout) {
        super(loop);
        this.channel = channel;
        this.receiver = receiver;
        this.onLost = onLost;
        this.accepted = accepted;
        this.peername = address(true);
        this.sockname = address(false);
        receiver.attach(this);
        if (engine == null && !receiver.readsBeforeMade()) {
            // as asyncio's: the protocol is told connectionMade first, and reading starts after it
            made = loop.createFuture();
            loop.callSoon(this::madeThenRead);
            return;
        }
        made = null;
        loop.addReader(channel, readReady);
        if (engine != null) {
            beginTls(engine, handshakeTimeout, shutdownTimeout);
        }
    }

    private void madeThenRead() {
        try {
            ProtocolReceiver.tellMade(() -> {
                if (!lossScheduled) {
                    receiver.made();
                }
            }, made);
        } finally {
            if (!closing && !readingPaused && !readEof) {
                loop.addReader(channel, readReady);
            }
        }
    }

    /** True unless a TLS handshake is under way. */
    boolean handshakeDone() {
        return tls == null || tls.handshakeDone();
    }

    /**
     * Done once the connection may be handed to its user: the TLS handshake done (failed if it cannot
     * be), and a protocol told {@code connectionMade}; null if it may be handed out now.
     */
    Future<Void> ready() {
        return tls != null ? tls.handshake : made;
    }

    /**
     * Puts TLS through {@code engine} between the socket and the stream, and starts the handshake, which
     * must be done within {@code timeout} seconds; a close must be done within {@code shutdownTimeout}.
     */
    private void beginTls(SSLEngine engine, double timeout, double shutdownTimeout) {
        tls = new TlsCodec(engine, this, loop.createFuture());
        this.shutdownTimeout = shutdownTimeout;
        tls.handshake.addDoneCallback(h -> {
            if (!h.cancelled() && h.exception() == null && !lossScheduled) {
                receiver.made();
            }
        });
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

    // ------------------------------------------------------------------ reading

    private void readReady() {
        if (lossScheduled) {
            return;
        }
        ByteBuffer buf = readBuffer();
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
                    receiver.received(buf);
                }
            } else if (n < 0) {
                // the peer shut its output: the stream ends, but this side may still write (half-close)
                readEof = true;
                loop.removeReader(channel);
                if (tls != null) {
                    tls.rawEnd();
                } else if (!receiver.ended(false)) {
                    close();
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
        SelectorEventLoop.of(loop).pauseReader(channel); // resumed soon, or released as the stream closes
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (!readEof && (made == null || made.done())) {
            loop.addReader(channel, readReady);
        }
        if (tls != null) {
            // records received while paused wait undecrypted; delivered from a callback, as asyncio's
            loop.callSoon(this::resumeTls);
        }
    }

    /** Decrypts and delivers what TLS held back while reading was paused (see {@link #plainHeld()}). */
    private void resumeTls() {
        if (lossScheduled || tls == null) {
            return;
        }
        try {
            tls.resume();
        } catch (SSLException e) {
            fatal(e);
        }
    }

    @Override
    public boolean plainHeld() {
        return readingPaused && !closing;
    }

    @Override
    public boolean isReading() {
        return !closing && !readingPaused;
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        refuseDuringSendfile();
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

    private void refuseDuringSendfile() {
        if (fileSend != null) {
            throw new IllegalStateException("unable to write; sendfile is in progress"); // asyncio's words
        }
    }

    // ------------------------------------------------------------------ sendfile

    /** True if {@link #sendfile} can send straight to the socket: no TLS between them. */
    boolean canSendfile() {
        return tls == null;
    }

    /**
     * Sends {@code send}'s file region straight from the file to the socket (asyncio's native sendfile),
     * once what was written before has gone out; without TLS, not closing. Writes are refused from now
     * until it is done, as asyncio's (from its wait for the buffer to empty), and reading pauses until
     * then, as asyncio's native sendfile pauses it. Returns what completes with
     * the count sent, or fails if the connection is lost first or sending fails.
     *
     * @throws IllegalStateException if the stream is closing, uses TLS, or sends a file already
     */
    Future<Long> sendfile(FileSend send) {
        if (closing) {
            throw new IllegalStateException("Transport is closing");
        }
        if (!canSendfile()) {
            throw new IllegalStateException("sendfile straight to the socket needs a stream without TLS: " + this);
        }
        refuseDuringSendfile();
        // as asyncio's native sendfile: no data comes in while the socket sends the file
        readingBeforeSendfile = isReading();
        pauseReading();
        fileSend = send;
        fileSent = loop.createFuture();
        Future<Long> done = fileSent;
        if (unsent.isEmpty()) {
            pumpFile();
        } // else writeReady, registered for the unsent bytes, pumps it once they have gone out
        return done;
    }

    /** Sends what the socket takes of the file now; waits for writability for the rest. */
    private void pumpFile() {
        try {
            if (!fileSend.pump(channel)) {
                loop.addWriter(channel, writeReady);
                return;
            }
            endSendfile(null);
        } catch (IOException e) {
            endSendfile(SocketOps.unchecked(e));
        }
    }

    /**
     * Ends the file's sending: done ({@code error} null), failed, or stopped by the coroutine that waits
     * for it (cancelled): the stream takes writes again.
     */
    void endSendfile(Throwable error) {
        if (fileSend == null) {
            return;
        }
        FileSend send = fileSend;
        Future<Long> done = fileSent;
        fileSend = null;
        fileSent = null;
        if (unsent.isEmpty()) {
            loop.removeWriter(channel);
        } // else stopped before what was written first had gone out: the writer still sends that
        if (readingBeforeSendfile) {
            readingBeforeSendfile = false;
            resumeReading();
        }
        if (!done.done()) {
            if (error == null) {
                done.setResult(send.sent());
            } else {
                done.setException(error);
            }
        }
    }

    private void writeReady() {
        if (fileSend != null && unsent.isEmpty()) {
            pumpFile();
            return;
        }
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
            if (fileSend != null) {
                pumpFile(); // what was written before the file has gone out: now the file
                return;
            }
            loop.removeWriter(channel);
            if (closing) {
                if (!awaitingCloseNotify) {
                    scheduleLoss(null);
                }
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    @Override
    public void writeEof() {
        refuseDuringSendfile();
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

    /**
     * Stops delivering what arrives, and closes the socket once everything written has been sent. With TLS,
     * as asyncio's SSL transport, this side sends close_notify after what was written, and the socket
     * closes once the peer has answered with its own (or ended the connection); both within the shutdown
     * timeout.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        boolean tlsOpen = tls != null && !lossScheduled;
        if (tlsOpen) {
            try {
                tls.closeOutbound();
            } catch (SSLException e) {
                // closing anyway: the peer may not get a clean end, which it reads as a truncated stream
                tlsOpen = false;
            }
        }
        closing = true;
        // the peer's close_notify ends a TLS close; none comes during a handshake or after the peer's end
        awaitingCloseNotify = tlsOpen && tls.handshakeDone() && !tls.peerEnded() && !readEof;
        if (awaitingCloseNotify) {
            if (readingPaused && (made == null || made.done())) {
                loop.addReader(channel, readReady);
            }
            loop.callSoon(this::resumeTls); // the peer's close_notify may be among records held while paused
        } else {
            loop.removeReader(channel);
        }
        if (unsent.isEmpty() && !awaitingCloseNotify) {
            scheduleLoss(null);
        } else if (tls != null) {
            // a peer that reads nothing, or never answers, would keep the close waiting forever
            // (asyncio's ssl_shutdown_timeout)
            shutdownDeadline = loop.callLater(shutdownTimeout, () -> {
                if (!lossScheduled) {
                    forceClose(new TimeoutError("SSL shutdown timed out"));
                }
            });
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /** Closes at once because of {@code error}, which the receiver is told when the connection is lost. */
    void abortWith(Throwable error) {
        forceClose(error);
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
        } else if (awaitingCloseNotify) {
            awaitingCloseNotify = false;
            loop.removeReader(channel);
        }
        scheduleLoss(error);
    }

    private void scheduleLoss(Throwable error) {
        endSendfile(error != null ? error : new UncheckedIOException(new SocketException("Connection lost")));
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
            if (tls.handshakeDone()) {
                // as asyncio's SSL protocol, which tells its app protocol from a callback of its own: the
                // socket is closed now, the reader or protocol told (and drain/waitClosed woken) one loop
                // iteration later. So a stream closed by the peer's close_notify still drains once.
                Streams.closeNow(loop, channel);
                if (onLost != null) {
                    onLost.accept(this);
                }
                loop.callSoon(() -> {
                    try {
                        receiver.lost(error);
                    } finally {
                        lost(error);
                    }
                });
                return;
            }
        }
        try {
            receiver.lost(error); // a protocol's connectionLost may throw: the loop reports it
        } finally {
            lost(error);
            Streams.closeNow(loop, channel); // a failed socket has nothing more to report than its failure
            if (onLost != null) {
                onLost.accept(this);
            }
        }
    }

    /** The reader this stream feeds, or null if it calls a protocol. */
    @Override
    StreamReader reader() {
        return receiver.reader();
    }

    @Override
    public void plain(ByteBuffer data) {
        if (!closing) {
            receiver.received(data); // once closed, what the peer still sends before its close_notify is dropped
        }
    }

    @Override
    public void peerClosed() {
        if (closing) {
            closeNotifyArrived();
        } else if (!receiver.ended(true)) {
            close();
        }
    }

    /** A TLS close has the peer's answer: the socket closes once what was written has gone out. */
    private void closeNotifyArrived() {
        if (!awaitingCloseNotify) {
            return;
        }
        awaitingCloseNotify = false;
        loop.removeReader(channel);
        if (unsent.isEmpty() && !lossScheduled) {
            scheduleLoss(null);
        }
    }

    @Override
    void writingPausedChanged(boolean paused) {
        receiver.writingPaused(paused);
    }

    @Override
    public boolean canWriteEof() {
        return tls == null;
    }

    @Override
    public Protocol getProtocol() {
        return receiver instanceof ProtocolReceiver ? ((ProtocolReceiver) receiver).protocol() : null;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        if (!(receiver instanceof ProtocolReceiver)) {
            throw new IllegalStateException("the transport of a stream feeds its StreamReader");
        }
        ((ProtocolReceiver) receiver).switchTo(protocol);
    }

    @Override
    public Object getExtraInfo(String name) {
        SSLSession session = sslSession();
        switch (name) {
            case "peername":
                return peername;
            case "sockname":
                return sockname;
            case "socket":
                return channel;
            case "ssl_object":
                return session;
            case "cipher":
                return session == null ? null : session.getCipherSuite();
            case "peercert":
                return session == null ? null : peerCertificate(session);
            default:
                return null;
        }
    }

    private static java.security.cert.Certificate peerCertificate(SSLSession session) {
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // a client that sent no certificate
        }
    }

    @Override
    SSLSession sslSession() {
        return tls == null ? null : tls.session();
    }

    @Override
    SocketAddress remoteAddress() {
        return peername;
    }

    @Override
    SocketAddress localAddress() {
        return sockname;
    }

    /** The peer's address ({@code remote}) or this end's, as the connection began; null if unknown. */
    private SocketAddress address(boolean remote) {
        try {
            return remote ? channel.getRemoteAddress() : channel.getLocalAddress();
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
