package dev.weft.loop;

import dev.weft.Coroutine;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;

/**
 * What a {@link StreamWriter} writes through, a socket or a pipe: the part they share is here, the
 * bookkeeping of flow control and of the end. A subclass counts what it buffers ({@link #buffered}) and
 * what it sends ({@link #sent}), and reports the end once ({@link #lost}); {@link #drain()} and
 * {@link #waitClosed()} follow from those. Loop thread only.
 */
abstract class WriteTransport {
    final EventLoop loop;
    /** True once {@link #close()} or {@link #abort()} was called, or the transport failed. */
    boolean closing;
    /** The transport has ended: its channel is closed, its waiters woken. */
    private boolean lost;
    /** What it ended with (null: closed cleanly). */
    private Throwable lostWith;
    private long unsentBytes;
    /** Above this many unsent bytes, {@code drain()} waits and a protocol is told to pause writing. */
    private int highWater = Transport.DEFAULT_HIGH_WATER;
    /** Waiting {@code drain()}s resume, and a protocol is told to, once unsent bytes fall to this. */
    private int lowWater = Transport.DEFAULT_HIGH_WATER / 4;
    private boolean writingPaused;
    private final Waiters drainWaiters = new Waiters();
    private final Waiters closeWaiters = new Waiters();

    WriteTransport(EventLoop loop) {
        this.loop = loop;
    }

    /** Sends the remaining bytes of {@code data} (consuming them), buffering what cannot go yet; never waits. */
    public abstract void write(ByteBuffer data);

    /** Ends the sending direction once everything written has been sent. */
    public abstract void writeEof();

    /** Closes once everything written has been sent. */
    public abstract void close();

    /** Closes at once, dropping what is unsent. */
    public abstract void abort();

    /** The reader of the same connection, or null (a pipe only written to). */
    abstract StreamReader reader();

    /** True if {@link #writeEof()} can end the output alone (not over TLS). */
    public boolean canWriteEof() {
        return true;
    }

    /** The TLS session, or null if the transport has no TLS. */
    javax.net.ssl.SSLSession sslSession() {
        return null;
    }

    /** The peer's address, or null (a pipe, or once closed). */
    SocketAddress remoteAddress() {
        return null;
    }

    /** This end's address, or null (a pipe, or once closed). */
    SocketAddress localAddress() {
        return null;
    }

    /** True once {@link #close()} or {@link #abort()} was called, or the transport failed. */
    public final boolean isClosing() {
        return closing;
    }

    /** True once the transport has ended. */
    final boolean isLost() {
        return lost;
    }

    /** How many written bytes have not been sent yet. */
    final long unsentBytes() {
        return unsentBytes;
    }

    /** {@code n} more bytes wait to be sent: above the high-water mark, {@code drain()} waits. */
    final void buffered(long n) {
        unsentBytes += n;
        pauseIfAboveHighWater();
    }

    /** {@code n} bytes were sent: down to the low-water mark, waiting drains resume. */
    final void sent(long n) {
        unsentBytes = Math.max(0, unsentBytes - n); // what an abort dropped may still be reported sent
        resumeIfAtLowWater();
    }

    private void pauseIfAboveHighWater() {
        if (!writingPaused && unsentBytes > highWater) {
            writingPaused = true;
            writingPausedChanged(true);
        }
    }

    private void resumeIfAtLowWater() {
        if (writingPaused && unsentBytes <= lowWater) {
            writingPaused = false;
            drainWaiters.wake(null);
            writingPausedChanged(false);
        }
    }

    /**
     * The unsent bytes rose above the high-water mark ({@code paused}) or fell to the low one: tells a
     * protocol ({@link BaseProtocol#pauseWriting}); a stream's {@code drain()} needs nothing more.
     */
    void writingPausedChanged(boolean paused) {
    }

    /** How many written bytes wait to be sent ({@link Transport#getWriteBufferSize()}). */
    public final long getWriteBufferSize() {
        return unsentBytes;
    }

    /**
     * Sets the water marks, as asyncio's {@code set_write_buffer_limits} (negative: its defaults), for a
     * transport ({@link Transport#setWriteBufferLimits}).
     */
    public final void setWriteBufferLimits(int high, int low) {
        if (high < 0) {
            high = low < 0 ? Transport.DEFAULT_HIGH_WATER : 4 * low;
        }
        if (low < 0) {
            low = high / 4;
        }
        if (high < low) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        highWater = high;
        lowWater = low;
        // as asyncio's: may pause, never resumes; resuming waits until sending brings the buffer down
        pauseIfAboveHighWater();
    }

    /** The water marks, as {@link #setWriteBufferLimits} set them ({@link Transport#getWriteBufferLimits()}). */
    public final Transport.WriteBufferLimits getWriteBufferLimits() {
        return new Transport.WriteBufferLimits(lowWater, highWater);
    }

    /** What was unsent is dropped (an abort). */
    final void discardUnsent() {
        unsentBytes = 0;
    }

    /** The transport has ended, cleanly or with {@code error}: wakes every waiter. Once. */
    final void lost(Throwable error) {
        lost = true;
        lostWith = error;
        writingPaused = false;
        drainWaiters.wake(error);
        closeWaiters.wake(error);
    }

    /** A coroutine that waits while more than the high-water mark is unsent. */
    final Coroutine<Void> drain() {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            private Future<Void> waiter;
            private boolean yielded;

            @Override
            protected Object start() {
                StreamReader reader = reader();
                Throwable failed = reader == null ? null : reader.exception();
                if (failed != null) {
                    throw Throwing.sneaky(failed);
                }
                if (closing) {
                    // let the loop run once: the transport may end meanwhile, which is then reported
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

    /** A coroutine that waits until the transport has ended, throwing what it ended with, if anything. */
    final Coroutine<Void> waitClosed() {
        return closeWaiters.until(loop, "StreamWriter.waitClosed()", () -> {
            if (lost && lostWith != null) {
                throw Throwing.sneaky(lostWith);
            }
            return lost;
        });
    }
}
