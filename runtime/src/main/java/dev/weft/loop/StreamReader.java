package dev.weft.loop;

import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Coroutine;
import dev.weft.internal.FetchingIterator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * asyncio's {@code StreamReader}: the receiving side of a connection opened by
 * {@link Asyncio#openConnection} or accepted by a {@link Server}, read with coroutines that wait for
 * data without blocking the loop.
 *
 * <pre>{@code
 * Connection c = await(Asyncio.openConnection("example.com", 80));
 * c.writer().write("HEAD / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
 * byte[] statusLine = await(c.reader().readline());
 * }</pre>
 *
 * <p>Received bytes wait in the reader until read. When more than twice its {@link #limit()} are waiting,
 * it stops reading from the socket (so a slow consumer holds back a fast peer through TCP) and reads
 * again once at most {@code limit} are left. The limit also bounds the line {@link #readline} and
 * {@link #readuntil} look for a separator in.
 *
 * <p>One coroutine at a time may wait for data: a second read while one waits fails with
 * {@link IllegalStateException}. Failures of the connection are thrown by reads as
 * {@link java.io.UncheckedIOException}s. Loop thread only. A reader can also be made and fed by hand
 * ({@link #feedData}, {@link #feedEof}), for example to parse bytes in a test.
 *
 * <p>It is an {@link AsyncIterable} of its lines, as asyncio's reader is for {@code async for}:
 *
 * <pre>{@code
 * AsyncIterator<byte[]> lines = c.reader().aiter();
 * while (await(lines.hasNext())) {
 *     handle(lines.next());
 * }
 * }</pre>
 */
public final class StreamReader implements AsyncIterable<byte[]> {
    /** The default {@link #limit()}, as asyncio's: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final int limit;
    private final ByteQueue buffer = new ByteQueue();
    private boolean eof;
    private Throwable exception;
    /** The future a read waits on for data, if one waits. */
    private Future<Void> waiter;
    /** The connection that feeds this reader, or null for one fed by hand. */
    private ReadTransport transport;
    /** True while reading from {@link #transport} is paused because the buffer is full. */
    private boolean paused;

    /** A reader with the {@link #DEFAULT_LIMIT}. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader with the given limit.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
    }

    /** The limit: how many bytes a line may have, and half of how many the reader buffers. */
    public int limit() {
        return limit;
    }

    /** Connects this reader to the stream that feeds it, for flow control. */
    void setTransport(ReadTransport transport) {
        this.transport = transport;
    }

    // ------------------------------------------------------------------ feeding

    /**
     * Adds {@code data} to what can be read, waking a waiting read.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        feedData(ByteBuffer.wrap(data));
    }

    /**
     * Adds the remaining bytes of {@code data} to what can be read (consuming them), waking a waiting read.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(ByteBuffer data) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (!data.hasRemaining()) {
            return;
        }
        buffer.append(data);
        wakeUpWaiter();
        if (transport != null && !paused && buffer.size() > 2L * limit) {
            paused = true;
            transport.pauseReading();
        }
    }

    /** Marks the end of the stream: reads return what is left, then end. */
    public void feedEof() {
        eof = true;
        wakeUpWaiter();
    }

    /** True if the end of the stream was fed and every byte has been read. */
    public boolean atEof() {
        return eof && buffer.size() == 0;
    }

    /** The failure set by {@link #setException}, or null. */
    public Throwable exception() {
        return exception;
    }

    /** Makes every later read, and the one waiting if any, fail with {@code error}. */
    public void setException(Throwable error) {
        exception = Objects.requireNonNull(error, "error");
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setException(error);
            }
        }
    }

    private void wakeUpWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    private void maybeResumeTransport() {
        if (paused && buffer.size() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * A coroutine reading up to {@code n} bytes: those waiting, or else the next to arrive; an empty
     * array once the stream has ended. With {@code n < 0}, reads until the end of the stream and returns
     * everything; with {@code n == 0}, returns an empty array at once.
     */
    public Coroutine<byte[]> read(int n) {
        return LoopCoroutine.typed(new ReadOp<byte[]>("read") {
            private ByteQueue all;

            @Override
            Object attempt() {
                if (n == 0) {
                    return finish(EMPTY);
                }
                if (n < 0) {
                    // move what arrived aside, so the transport keeps reading until the end
                    if (all == null) {
                        all = new ByteQueue();
                    }
                    if (buffer.size() > 0) {
                        byte[] chunk = buffer.takeAll();
                        all.append(chunk, 0, chunk.length);
                        maybeResumeTransport();
                    }
                    return eof ? finish(all.takeAll()) : waitForData();
                }
                if (buffer.size() == 0 && !eof) {
                    return waitForData();
                }
                byte[] data = buffer.take(Math.min(n, buffer.size()));
                maybeResumeTransport();
                return finish(data);
            }
        });
    }

    /**
     * A coroutine reading exactly {@code n} bytes.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @see IncompleteReadError thrown by the coroutine if the stream ends first (the bytes read are
     *      then dropped from the reader and held by the error)
     */
    public Coroutine<byte[]> readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        return LoopCoroutine.typed(new ReadOp<byte[]>("readexactly") {
            @Override
            Object attempt() {
                if (n == 0) {
                    return finish(EMPTY);
                }
                if (buffer.size() < n) {
                    if (eof) {
                        throw new IncompleteReadError(buffer.takeAll(), n);
                    }
                    return waitForData();
                }
                byte[] data = buffer.take(n);
                maybeResumeTransport();
                return finish(data);
            }
        });
    }

    /**
     * A coroutine reading one line, up to and including {@code '\n'}; at the end of the stream, what is
     * left (perhaps without the newline, or empty once nothing is).
     *
     * @see LimitOverrunError thrown by the coroutine if no newline comes within {@link #limit()} bytes;
     *      the over-long line is then dropped (through its newline if it arrived)
     */
    public Coroutine<byte[]> readline() {
        return LoopCoroutine.typed(new ReadUntil(new byte[][] {NEWLINE}, true));
    }

    /**
     * An iterator over the lines still to come, each read by {@link #readline()} (so each ends with
     * {@code '\n'} but perhaps the last), until the stream ends: asyncio's {@code async for line in
     * reader}. A read error comes out of the awaited {@code hasNext()}.
     */
    @Override
    public AsyncIterator<byte[]> aiter() {
        return new FetchingIterator<>(this::readline, line -> line.length == 0);
    }

    /** A coroutine reading up to and including {@code '\n'}: {@link #readuntil(byte[])} of a newline. */
    public Coroutine<byte[]> readuntil() {
        return readuntil(NEWLINE);
    }

    /** {@link #readuntil(byte[])} of {@code separator}'s UTF-8 bytes. */
    public Coroutine<byte[]> readuntil(String separator) {
        return readuntil(separator.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A coroutine reading up to and including the first {@code separator}.
     *
     * @throws IllegalArgumentException if {@code separator} is empty
     * @see IncompleteReadError thrown by the coroutine if the stream ends first (the bytes read are
     *      then dropped from the reader and held by the error)
     * @see LimitOverrunError thrown by the coroutine if the separator is not found within
     *      {@link #limit()} bytes; the bytes stay in the reader
     */
    public Coroutine<byte[]> readuntil(byte[] separator) {
        return readuntil(List.of(separator));
    }

    /**
     * A coroutine reading up to and including whichever of {@code separators} ends first (asyncio's
     * {@code readuntil} with a tuple, Python 3.13): the shortest chunk that ends with one of them. As
     * {@link #readuntil(byte[])} otherwise; for {@link LimitOverrunError}, the separator that matched
     * counts.
     *
     * @throws IllegalArgumentException if {@code separators} or one of them is empty
     */
    public Coroutine<byte[]> readuntil(List<byte[]> separators) {
        if (separators.isEmpty()) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        byte[][] sorted = new byte[separators.size()][];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = separators.get(i).clone();
            if (sorted[i].length == 0) {
                throw new IllegalArgumentException("Separator should be at least one-byte string");
            }
        }
        Arrays.sort(sorted, Comparator.comparingInt(sep -> sep.length)); // the shortest match wins a tie
        return LoopCoroutine.typed(new ReadUntil(sorted, false));
    }

    /** {@link #readuntil(List)}, and {@link #readline()} which differs in how it ends. */
    private final class ReadUntil extends ReadOp<byte[]> {
        /** Shortest first. */
        private final byte[][] separators;
        /** readline(): an incomplete last line is returned, an over-long one dropped. */
        private final boolean line;
        /** Where the search resumes: no separator can start before. */
        private int offset;

        ReadUntil(byte[][] separators, boolean line) {
            super(line ? "readline" : "readuntil");
            this.separators = separators;
            this.line = line;
        }

        @Override
        Object attempt() {
            try {
                Object scanned = scan();
                return scanned == WAIT ? waitForData() : finish(scanned);
            } catch (IncompleteReadError e) {
                if (line) {
                    return finish(e.partial());
                }
                throw e;
            } catch (LimitOverrunError e) {
                if (line) {
                    // drop the over-long line, so that the next readline starts on a fresh one
                    if (buffer.startsWith(NEWLINE, e.consumed())) {
                        buffer.drop(e.consumed() + NEWLINE.length);
                    } else {
                        buffer.clear();
                    }
                    maybeResumeTransport();
                }
                throw e;
            }
        }

        /** The chunk through the separator, or {@link #WAIT} to wait for more data. */
        private Object scan() {
            int found = -1;
            int end = -1;
            for (;;) {
                int size = buffer.size();
                if (size - offset >= separators[0].length) {
                    for (byte[] separator : separators) {
                        int at = buffer.indexOf(separator, offset);
                        if (at >= 0 && (end < 0 || at + separator.length < end)) {
                            found = at;
                            end = at + separator.length;
                        }
                    }
                    if (found >= 0) {
                        break;
                    }
                    // the longest separator may have begun in the last bytes: search again from there
                    offset = Math.max(0, size + 1 - separators[separators.length - 1].length);
                    if (offset > limit) {
                        throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                    }
                }
                if (eof) {
                    throw new IncompleteReadError(buffer.takeAll(), -1);
                }
                return WAIT;
            }
            if (found > limit) {
                throw new LimitOverrunError("Separator is found, but chunk is longer than limit", found);
            }
            byte[] chunk = buffer.take(end);
            maybeResumeTransport();
            return chunk;
        }
    }

    /** What {@link ReadUntil#scan} returns to wait for data. */
    private static final Object WAIT = new Object();

    /**
     * A read: tries {@link #attempt} when started and each time data arrives, until it finishes.
     * Waiting goes through {@link #waitForData}, which enforces one waiting read at a time.
     */
    private abstract class ReadOp<T> extends LoopCoroutine<T> {
        final String name;
        private Future<Void> myWaiter;

        ReadOp(String name) {
            this.name = name;
        }

        /** Finishes the read, or returns {@link #waitForData()}; throws to fail it. */
        abstract Object attempt();

        @Override
        protected final Object start() {
            if (exception != null) {
                throw Throwing.sneaky(exception);
            }
            return attempt();
        }

        final Object waitForData() {
            if (waiter != null) {
                throw new IllegalStateException(name
                        + "() called while another coroutine is already waiting for incoming data");
            }
            // waiting while paused would wait forever (a read of more than the buffer holds)
            if (paused) {
                paused = false;
                transport.resumeReading();
            }
            myWaiter = Asyncio.getRunningLoop().createFuture();
            waiter = myWaiter;
            return myWaiter;
        }

        @Override
        protected final Object resume(Object value) {
            forgetWaiter();
            return attempt();
        }

        @Override
        protected final Object fail(Throwable error) {
            forgetWaiter();
            throw Throwing.sneaky(error);
        }

        private void forgetWaiter() {
            if (waiter == myWaiter) {
                waiter = null;
            }
            myWaiter = null;
        }

        @Override
        protected final String name() {
            return "StreamReader." + name + "()";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StreamReader[");
        sb.append(buffer.size()).append(" bytes");
        if (eof) {
            sb.append(", eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(", limit=").append(limit);
        }
        if (exception != null) {
            sb.append(", exception=").append(exception);
        }
        if (waiter != null) {
            sb.append(", waiting");
        }
        if (paused) {
            sb.append(", paused");
        }
        return sb.append(']').toString();
    }
}
