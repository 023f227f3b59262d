package dev.weft.loop;

import java.nio.ByteBuffer;

/**
 * A connection's transport, as asyncio's {@code Transport}: what {@link EventLoop#createConnection} and
 * {@link EventLoop#createServer} give a {@link Protocol}. It sends what it is given without ever waiting,
 * buffering what the socket cannot take yet, and tells the protocol when that buffer grows past its
 * high-water mark ({@link BaseProtocol#pauseWriting}) and when it has fallen to its low-water mark again
 * ({@link BaseProtocol#resumeWriting}); it hands what arrives to {@link Protocol#dataReceived} unless
 * reading is paused. Loop thread only.
 */
public interface Transport extends BaseTransport {
    /** asyncio's default high-water mark of the write buffer, 64 KiB; the low one is a quarter of it. */
    int DEFAULT_HIGH_WATER = 64 * 1024;

    /**
     * Sends {@code data}, or buffers what the socket cannot take yet; never waits. The array may be reused
     * as soon as this returns. Once the connection is lost, writes are dropped, as asyncio's are.
     *
     * @throws IllegalStateException after {@link #writeEof()}
     */
    void write(byte[] data);

    /** {@link #write(byte[])} of the remaining bytes of {@code data}, consuming them. */
    void write(ByteBuffer data);

    /** {@link #write(byte[])} of each array in turn. */
    default void writelines(Iterable<byte[]> data) {
        for (byte[] chunk : data) {
            write(chunk);
        }
    }

    /**
     * Ends the sending direction once everything written has been sent (a TCP half-close); the peer may
     * still send, and this end still receives.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false (over TLS)
     */
    void writeEof();

    /** True if {@link #writeEof()} can end the output alone: not over TLS. */
    boolean canWriteEof();

    /**
     * Closes at once: what is unsent is dropped, and the protocol's {@link BaseProtocol#connectionLost}
     * is called with null soon.
     */
    void abort();

    /** Stops handing what arrives to the protocol until {@link #resumeReading()}; does nothing if closing. */
    void pauseReading();

    /** Hands what arrives to the protocol again after {@link #pauseReading()}. */
    void resumeReading();

    /** True while what arrives is handed to the protocol: not paused, not closing. */
    boolean isReading();

    /** How many written bytes wait to be sent. */
    long getWriteBufferSize();

    /**
     * Sets when the protocol is told to pause writing ({@code high}: when more than that is buffered) and
     * to resume ({@code low}: when no more than that is). As asyncio's: a negative {@code high} means
     * "four times {@code low}" (64 KiB if both are negative), a negative {@code low} a quarter of
     * {@code high}. New limits may pause the protocol at once; a paused one resumes only once sending
     * brings the buffer down to {@code low}, as in asyncio.
     *
     * @throws IllegalArgumentException unless {@code high >= low >= 0} once defaults are applied
     */
    void setWriteBufferLimits(int high, int low);

    /** The write buffer's limits, as {@link #setWriteBufferLimits} set them. */
    WriteBufferLimits getWriteBufferLimits();

    /** The protocol the transport hands what happens to; null for a stream's ({@link StreamWriter#transport()}). */
    Protocol getProtocol();

    /**
     * Hands what happens from now on to {@code protocol} instead (asyncio's {@code set_protocol}), which
     * is not told {@link BaseProtocol#connectionMade}: it takes the connection over as it is.
     *
     * @throws IllegalStateException for the transport of a stream ({@link StreamWriter}), whose
     *         {@link StreamReader} is fed by it
     */
    void setProtocol(Protocol protocol);

    /**
     * The limits of a transport's write buffer, as asyncio's {@code get_write_buffer_limits()}.
     *
     * @param low the protocol resumes writing once no more than this many bytes are buffered
     * @param high the protocol pauses writing once more than this many bytes are buffered
     */
    record WriteBufferLimits(int low, int high) {}
}
