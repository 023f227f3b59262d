package dev.weft.loop;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Feeds a {@link StreamReader} from a blocking {@link InputStream} (a subprocess's output): a daemon
 * thread reads and hands each chunk to the loop thread. When the reader pauses, the thread stops reading
 * after the chunk it is on, so a slow consumer holds the process back through its pipe, as asyncio's
 * pipe transports do.
 */
final class PipeReader implements ReadTransport, Runnable {
    private static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    /** Guarded by this: reading is paused. */
    private boolean paused;
    /** Guarded by this: stop at once (the process was abandoned). */
    private boolean stopped;

    private PipeReader(EventLoop loop, InputStream in, StreamReader reader) {
        this.loop = loop;
        this.in = in;
        this.reader = reader;
    }

    /** Starts feeding {@code reader} from {@code in}, for the loop whose thread calls this. */
    static PipeReader start(EventLoop loop, InputStream in, StreamReader reader, String name) {
        PipeReader p = new PipeReader(loop, in, reader);
        reader.setTransport(p);
        Thread t = new Thread(p, name);
        t.setDaemon(true);
        t.start();
        return p;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK];
        try (InputStream input = in) {
            while (waitWhilePaused()) {
                int n = input.read(buffer);
                if (n < 0) {
                    post(reader::feedEof);
                    return;
                }
                byte[] chunk = Arrays.copyOf(buffer, n);
                post(() -> reader.feedData(chunk));
            }
        } catch (IOException e) {
            post(() -> reader.setException(SocketOps.unchecked(e)));
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

    private void post(Runnable onLoop) {
        loop.callSoonThreadsafe(onLoop);
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

    /** Stops reading after the current chunk. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
