package dev.weft.loop;

import dev.weft.Coroutine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;

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
final class SocketStream {
    /** Above this many unsent bytes, {@code drain()} waits (asyncio's default high-water mark). */
    static final int HIGH_WATER = 64 * 1024;
    /** A waiting {@code drain()} resumes once unsent bytes fall to this (a quarter of the high mark). */
    static final int LOW_WATER = HIGH_WATER / 4;
    /** How many bytes one readiness callback reads at most (asyncio's: 256 KiB). */
    private static final int READ_SIZE = 256 * 1024;
    /** The loop thread's buffer for reads: direct, so NIO needs no temporary copy of its own. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_SIZE));

    final EventLoop loop;
    final SocketChannel channel;
    final StreamReader reader;
    private final Runnable readReady = this::readReady;
    private final Runnable writeReady = this::writeReady;
    /** Called once the connection is lost (a server forgets the connection), or null. */
    private final Consumer<SocketStream> onLost;

    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private long unsentBytes;
    /** Closing: no more reading; the socket closes once {@link #unsent} is flushed. */
    private boolean closing;
    /** {@link #writeEof()} was called: the output shuts down once {@link #unsent} is flushed. */
    private boolean eofRequested;
    private boolean readingPaused;
    /** The peer ended its output: nothing more to read. */
    private boolean readEof;
    /** The connection-lost step is scheduled: writes are dropped from now on. */
    private boolean lossScheduled;
    /** The connection is lost: the socket is closed, the reader ended. */
    private boolean lost;
    /** What the connection was lost with (null: closed cleanly). */
    private Throwable lostWith;
    private boolean writingPaused;
    private final Waiters drainWaiters = new Waiters();
    private final Waiters closeWaiters = new Waiters();

    /**
     * Starts driving {@code channel} (connected; switched to non-blocking) on {@code loop}'s thread, which
     * must be the current one, feeding {@code reader}.
     */
    SocketStream(EventLoop loop, SocketChannel channel, StreamReader reader, Consumer<SocketStream> onLost) {
        this.loop = loop;
        this.channel = channel;
        this.reader = reader;
        this.onLost = onLost;
        reader.setTransport(this);
        loop.addReader(channel, readReady);
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
        if (n > 0) {
            buf.flip();
            reader.feedData(buf);
        } else if (n < 0) {
            // the peer shut its output: the stream ends, but this side may still write (half-close)
            readEof = true;
            loop.removeReader(channel);
            reader.feedEof();
        }
    }

    /** The reader holds too much: stop reading until {@link #resumeReading()}. */
    void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        loop.removeReader(channel);
    }

    /** Reads again after {@link #pauseReading()}. */
    void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (!readEof) {
            loop.addReader(channel, readReady);
        }
    }

    // ------------------------------------------------------------------ writing

    /** Sends the remaining bytes of {@code data} (consuming them), buffering what the socket cannot take yet. */
    void write(ByteBuffer data) {
        if (eofRequested) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (!data.hasRemaining() || lossScheduled) {
            // as asyncio's transports: once the connection is lost, writes are dropped; drain() reports it
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
        unsentBytes += copy.remaining();
        if (!writingPaused && unsentBytes > HIGH_WATER) {
            writingPaused = true;
        }
    }

    private void writeReady() {
        if (lossScheduled) {
            return;
        }
        try {
            long n = channel.write(unsent.toArray(new ByteBuffer[0]));
            unsentBytes -= n;
        } catch (IOException e) {
            loop.removeWriter(channel);
            fatal(e);
            return;
        }
        while (!unsent.isEmpty() && !unsent.peek().hasRemaining()) {
            unsent.poll();
        }
        if (writingPaused && unsentBytes <= LOW_WATER) {
            writingPaused = false;
            drainWaiters.wake(null);
        }
        if (unsent.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                scheduleLoss(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

    /** Shuts the output down once everything written has been sent. */
    void writeEof() {
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

    /** How many written bytes the socket has not taken yet. */
    long unsentBytes() {
        return unsentBytes;
    }

    /** A coroutine that waits while the write buffer is above the high-water mark. */
    Coroutine<Void> drain() {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            private Future<Void> waiter;
            private boolean yielded;

            @Override
            protected Object start() {
                Throwable failed = reader.exception();
                if (failed != null) {
                    throw Throwing.sneaky(failed);
                }
                if (closing) {
                    // let the loop run once: the connection may be lost meanwhile, which is then reported
                    yielded = true;
                    return null;
                }
                return waitIfPaused();
            }

            private Object waitIfPaused() {
                if (lost) {
                    throw new UncheckedIOException(new SocketException("Connection lost"));
                }
                if (!writingPaused) {
                    return finish(null);
                }
                waiter = drainWaiters.add(loop);
                return waiter;
            }

            @Override
            protected Object resume(Object value) {
                if (yielded) {
                    yielded = false;
                    return waitIfPaused();
                }
                drainWaiters.remove(waiter);
                return finish(null);
            }

            @Override
            protected Object fail(Throwable error) {
                if (waiter != null) {
                    drainWaiters.remove(waiter);
                }
                throw Throwing.sneaky(error);
            }

            @Override
            protected String name() {
                return "StreamWriter.drain()";
            }
        });
    }

    // ------------------------------------------------------------------ closing

    /** True once {@link #close()} or {@link #abort()} was called, or the connection was lost. */
    boolean isClosing() {
        return closing;
    }

    /** Stops reading, and closes the socket once everything written has been sent. */
    void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (unsent.isEmpty()) {
            scheduleLoss(null);
        }
    }

    /** Closes the socket at once, dropping unsent bytes. */
    void abort() {
        forceClose(null);
    }

    private void fatal(IOException e) {
        forceClose(new UncheckedIOException(e.getMessage(), e));
    }

    private void forceClose(Throwable error) {
        if (lossScheduled) {
            return;
        }
        if (!unsent.isEmpty()) {
            unsent.clear();
            unsentBytes = 0;
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
        lost = true;
        lostWith = error;
        if (error == null) {
            reader.feedEof();
        } else {
            reader.setException(error);
        }
        writingPaused = false;
        drainWaiters.wake(error);
        closeWaiters.wake(error);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to report than the failure itself
        }
        if (onLost != null) {
            onLost.accept(this);
        }
    }

    /** A coroutine that waits until the connection is lost, throwing what it was lost with, if anything. */
    Coroutine<Void> waitClosed() {
        return closeWaiters.until(loop, "StreamWriter.waitClosed()", () -> {
            if (lost && lostWith != null) {
                throw Throwing.sneaky(lostWith);
            }
            return lost;
        });
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
            sb.append(lost ? ", closed" : ", closing");
        }
        if (unsentBytes > 0) {
            sb.append(", unsent=").append(unsentBytes);
        }
        if (readingPaused) {
            sb.append(", reading paused");
        }
        return sb.append(']').toString();
    }
}
