package dev.weft.loop;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A region of a file on its way to a socket through {@link FileChannel#transferTo} (the system's
 * sendfile(2) where it has one, so the bytes never pass through the Java heap): what
 * {@link EventLoop#sockSendfile} and a plain socket transport's {@link EventLoop#sendfile} pump whenever
 * the socket can take more. As asyncio's, the file's position follows what has been sent.
 */
final class FileSend {
    private final FileChannel file;
    private final long offset;
    private final long count;
    private long sent;

    /** The bytes of {@code file} from {@code offset}, at most {@code count} of them (fewer if the file ends first). */
    FileSend(FileChannel file, long offset, long count) {
        this.file = java.util.Objects.requireNonNull(file, "file");
        check(offset, count);
        this.offset = offset;
        this.count = count;
    }

    /** Refuses what asyncio's sendfile refuses, with its messages. */
    private static void check(long offset, long count) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
    }

    /**
     * Sends what {@code socket} (non-blocking) takes now: true once the region has gone (or the file has
     * ended), false if the socket cannot take more yet.
     */
    boolean pump(WritableByteChannel socket) throws IOException {
        try {
            for (;;) {
                long left = Math.min(count - sent, file.size() - offset - sent);
                if (left <= 0) {
                    return true;
                }
                long n = file.transferTo(offset + sent, left, socket);
                if (n == 0) {
                    return false;
                }
                sent += n;
            }
        } finally {
            positionAfterSent();
        }
    }

    /** Moves the file's position to just after what has been sent (asyncio's: even when sending fails). */
    void positionAfterSent() {
        try {
            file.position(offset + sent);
        } catch (IOException e) {
            // the file was closed: sending from it fails, which is what the caller hears of
        }
    }

    /** How many bytes have been sent so far. */
    long sent() {
        return sent;
    }

    /** Counts {@code n} bytes sent some other way (written through a transport, by the fallback). */
    void sentElsewhere(long n) {
        sent += n;
    }

    /** The most the fallback should read next: the rest of the region, up to {@code chunk}. */
    int nextChunk(int chunk) {
        return (int) Math.min(chunk, count - sent);
    }

    /** Reads up to {@code max} bytes at the next unsent offset: a flipped buffer, empty at the file's end. */
    java.nio.ByteBuffer read(int max) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(max);
        while (buf.hasRemaining()) {
            int n = file.read(buf, offset + sent + buf.position());
            if (n < 0) {
                break;
            }
        }
        return buf.flip();
    }
}
