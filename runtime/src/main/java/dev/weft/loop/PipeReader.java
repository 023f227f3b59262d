package dev.weft.loop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads a blocking {@link InputStream} (a subprocess's output, a pipe) on a daemon thread and hands each
 * chunk, the end, or the failure to a {@link Sink} on the loop thread: a {@link StreamReader} or a pipe's
 * protocol transport. When paused, the thread stops reading after the chunk it is on, so a slow consumer
 * holds the writer back through the pipe, as asyncio's pipe transports do.
 *
 * <p>Java cannot interrupt a blocked read of a stream, and closing the stream under it from another
 * thread could let the read reach a file the descriptor's number is reused for: so a stopped reader drops
 * what it reads from then on and closes the stream itself once its read in progress returns.
 */
final class PipeReader implements ReadTransport, Runnable {
    private static final int CHUNK = 64 * 1024;

    /** What a pipe reader feeds, on the loop thread. */
    interface Sink {
        /** A chunk arrived; the array is the sink's to keep. */
        void data(byte[] chunk);

        /** The pipe reached its end. */
        void end();

        /** Reading the pipe failed. */
        void failed(UncheckedIOException error);
    }

    private final EventLoop loop;
    private final InputStream in;
    private final Sink sink;
    /** Guarded by this: reading is paused. */
    private boolean paused;
    /** Guarded by this: stop at once (the process was abandoned, the transport closed). */
    private boolean stopped;

    private PipeReader(EventLoop loop, InputStream in, Sink sink) {
        this.loop = loop;
        this.in = in;
        this.sink = sink;
    }

    /** Starts feeding {@code reader} from {@code in}, for the loop whose thread calls this. */
    static PipeReader start(EventLoop loop, InputStream in, StreamReader reader, String name) {
        PipeReader p = new PipeReader(loop, in, new Sink() {
            @Override
            public void data(byte[] chunk) {
                reader.feedData(chunk);
            }

            @Override
            public void end() {
                reader.feedEof();
            }

            @Override
            public void failed(UncheckedIOException error) {
                reader.setException(error);
            }
        });
        reader.setTransport(p);
        p.start(name);
        return p;
    }

    /** A reader of {@code in} for {@code sink}, not started yet ({@link #start(String)}). */
    static PipeReader of(EventLoop loop, InputStream in, Sink sink) {
        return new PipeReader(loop, in, sink);
    }

    /** Starts the reading thread, named {@code name}. */
    void start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK];
        try (InputStream input = in) {
            while (waitWhilePaused()) {
                int n = input.read(buffer);
                if (n < 0) {
                    post(sink::end);
                    return;
                }
                byte[] chunk = Arrays.copyOf(buffer, n);
                post(() -> sink.data(chunk));
            }
        } catch (IOException e) {
            post(() -> sink.failed(SocketOps.unchecked(e)));
        } catch (IllegalStateException loopClosed) {
            // nobody is left to read
        }
    }

    /** Waits while paused; false if stopped. */
    private synchronized boolean waitWhilePaused() {
        while (paused && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !stopped;
    }

    /** Hands {@code onLoop} to the loop thread, unless stopped meanwhile (checked there, in order). */
    private void post(Runnable onLoop) {
        loop.callSoonThreadsafe(() -> {
            if (!isStopped()) {
                onLoop.run();
            }
        });
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public synchronized void pauseReading() {
        paused = true;
    }

    @Override
    public synchronized void resumeReading() {
        paused = false;
        notifyAll();
    }

    /** Stops reading: nothing more reaches the sink; the stream is closed once the read under way returns. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
