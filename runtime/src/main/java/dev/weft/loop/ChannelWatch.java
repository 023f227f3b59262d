package dev.weft.loop;

import java.nio.channels.SelectionKey;

/**
 * The reader and writer callbacks of one channel registered with a loop's selector (the key's
 * attachment). A channel left with neither is released by the loop (its key cancelled and deregistered:
 * see {@link SelectorEventLoop#removeReader}), so that closing it closes its socket at once.
 */
final class ChannelWatch {
    SelectionKey key;
    private Handle reader;
    private Handle writer;

    /** Replaces the reader (null removes it); returns true if there was one. */
    boolean setReader(Handle handle) {
        Handle old = reader;
        if (old != null) {
            old.cancel();
        }
        reader = handle;
        update();
        return old != null;
    }

    /** Replaces the writer (null removes it); returns true if there was one. */
    boolean setWriter(Handle handle) {
        Handle old = writer;
        if (old != null) {
            old.cancel();
        }
        writer = handle;
        update();
        return old != null;
    }

    /** True if the channel has neither reader nor writer. */
    boolean idle() {
        return reader == null && writer == null;
    }

    private void update() {
        int valid = key.channel().validOps();
        int ops = 0;
        if (reader != null) {
            ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if (writer != null) {
            ops |= valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        }
        key.interestOps(ops);
    }

    /** The selector reported {@code key} ready: queue the callbacks of the ready directions. */
    void ready(SelectionKey key, SelectorEventLoop loop) {
        int ops = key.readyOps();
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && reader != null) {
            loop.readyCallback(reader);
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && writer != null) {
            loop.readyCallback(writer);
        }
    }
}
