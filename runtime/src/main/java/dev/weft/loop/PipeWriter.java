package dev.weft.loop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes to a blocking {@link OutputStream} (a subprocess's input) for a {@link StreamWriter}: the loop
 * thread queues copies of what is written, a daemon thread writes them and reports back what it sent, so
 * {@code drain()} waits while more than the high-water mark is queued. Closing queues the end: the stream
 * is closed once everything before it was written. A write that fails (the process exited, a broken
 * pipe) ends the writer with that failure; what is queued is dropped.
 */
class PipeWriter extends WriteTransport implements Runnable {
    /** What the queue holds after the last chunk. */
    private static final byte[] END = new byte[0];

    /** The stream written. */
    final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** Written from the loop thread only: the writer thread has been started. */
    private boolean started;
    private final String name;

    PipeWriter(EventLoop loop, OutputStream out, String name) {
        super(loop);
        this.out = out;
        this.name = name;
    }

    @Override
    public void write(ByteBuffer data) {
        if (!data.hasRemaining() || closing) {
            // as asyncio's pipe transports: once closing, writes are dropped; drain() reports a lost pipe
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        enqueue(copy);
        buffered(copy.length);
    }

    private void enqueue(byte[] chunk) {
        if (!started) {
            started = true;
            Thread t = new Thread(this, name);
            t.setDaemon(true);
            t.start();
        }
        queue.add(chunk);
    }

    @Override
    public void run() {
        try (OutputStream output = out) {
            for (;;) {
                byte[] chunk = queue.take();
                if (chunk == END) {
                    break;
                }
                output.write(chunk);
                output.flush();
                loop.callSoonThreadsafe(() -> sent(chunk.length));
            }
        } catch (IOException e) {
            queue.clear();
            loop.callSoonThreadsafe(() -> ended(SocketOps.unchecked(e)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException loopClosed) {
            return;
        }
        try {
            loop.callSoonThreadsafe(() -> ended(null));
        } catch (IllegalStateException loopClosed) {
            // nobody is left to tell
        }
    }

    private void ended(Throwable error) {
        closing = true;
        if (!isLost()) {
            lost(error);
            closed(error);
        }
    }

    /**
     * The process reading the pipe has exited. asyncio sees the reading end close and ends the pipe at
     * once; a blocking stream tells nothing until a write fails, so the exit stands for the close (as
     * the JDK's own output pipes end with the process). Ends now: cleanly if nothing was left to write,
     * else with a broken pipe, the rest dropped. The stream is closed after the chunk being written.
     */
    void readerGone() {
        if (isLost()) {
            return;
        }
        boolean unsent = unsentBytes() > 0;
        abort();
        ended(unsent ? SocketOps.unchecked(new IOException("Broken pipe: the process exited")) : null);
    }

    /** The pipe has been closed, cleanly (null) or because writing failed: for a subclass to tell its user. Once. */
    void closed(Throwable error) {
    }

    /** For a pipe, ending the output is closing it. */
    @Override
    public void writeEof() {
        close();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        enqueue(END);
    }

    /** Drops what is queued and closes the pipe once the chunk being written, if any, is written. */
    @Override
    public void abort() {
        queue.clear();
        discardUnsent();
        if (!closing) {
            closing = true;
            enqueue(END);
        } else {
            queue.add(END);
        }
    }

    @Override
    StreamReader reader() {
        return null;
    }

    @Override
    public String toString() {
        return "PipeWriter[" + name + (closing ? (isLost() ? ", closed" : ", closing") : "")
                + (unsentBytes() > 0 ? ", unsent=" + unsentBytes() : "") + "]";
    }
}
