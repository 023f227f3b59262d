package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A loop's {@link Selector}: where it waits, the channels it watches, and its wake-up. Wake-ups are
 * coalesced: after the first since the loop last prepared to wait, further ones cost one volatile read.
 * Everything but {@link #wakeUp()} runs on the loop's thread.
 */
final class IoSelector {
    /** Longest single wait in the selector, as asyncio's MAXIMUM_SELECT_TIMEOUT: one day. */
    private static final double MAX_SELECT_TIMEOUT = 24 * 3600;

    private final Selector selector;
    /** True once a wake-up was sent since the loop last cleared it. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Guards the selector against a wake-up racing its close. */
    private final Object closeLock = new Object();
    private boolean closed;

    IoSelector() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
    }

    /** Wakes the loop if it waits, or makes its next wait return at once. Thread-safe. */
    void wakeUp() {
        if (!wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
            synchronized (closeLock) {
                if (!closed) {
                    selector.wakeup();
                }
            }
        }
    }

    /**
     * Waits up to {@code timeout} seconds (0: poll; positive infinity: until woken) for ready channels,
     * unless {@code workArrived} says, once wake-ups are re-armed, that there is work already; then queues
     * the callbacks of the ready channels on {@code loop}.
     */
    void select(double timeout, BooleanSupplier workArrived, SelectorEventLoop loop) {
        if (!(timeout > 0) && selector.keys().isEmpty()) {
            // Work is ready and no channel is watched: nothing to poll and no reason to wait, so no
            // system call. Wake-ups stay un-armed: nothing blocks until the next select re-arms them.
            return;
        }
        // Re-arm wake-ups before checking for work: work added after the check wakes the select.
        wakeupPending.set(false);
        if (workArrived.getAsBoolean()) {
            timeout = 0;
        }
        try {
            if (!(timeout > 0)) {
                selector.selectNow();
            } else if (timeout == Double.POSITIVE_INFINITY) {
                selector.select();
            } else {
                selector.select(Math.max(1, (long) Math.ceil(Math.min(timeout, MAX_SELECT_TIMEOUT) * 1000)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed in " + loop, e);
        }
        queueReady(loop);
    }

    /** Queues on {@code loop} the callbacks of the channels the last select found ready. */
    private void queueReady(SelectorEventLoop loop) {
        Set<SelectionKey> keys = selector.selectedKeys();
        if (!keys.isEmpty()) {
            for (SelectionKey key : keys) {
                if (key.isValid()) {
                    ((ChannelWatch) key.attachment()).ready(key, loop);
                }
            }
            keys.clear();
        }
    }

    /**
     * Stops watching {@code channel} now, so that closing it closes its socket now. NIO closes a
     * registered channel's socket only when the selector deregisters it, at its next select: until
     * then a closed server would still accept connections and hold its port. A poll deregisters it at
     * once; the channels it finds ready are queued as the next select would have.
     */
    void release(SelectableChannel channel, SelectorEventLoop loop) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            return;
        }
        key.cancel();
        try {
            // also consumes a pending wake-up: harmless, as the loop checks its inbox before each wait
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException("select failed in " + loop, e);
        }
        queueReady(loop);
    }

    /** The watch of {@code channel}, registering it (non-blocking) if needed. */
    ChannelWatch watch(SelectableChannel channel) {
        ChannelWatch w = existingWatch(channel);
        if (w != null) {
            return w;
        }
        try {
            channel.configureBlocking(false);
            w = new ChannelWatch();
            w.key = channel.register(selector, 0, w);
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + channel, e);
        }
    }

    /** The watch of {@code channel}, or null if it is not registered. */
    ChannelWatch existingWatch(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        return key == null || !key.isValid() ? null : (ChannelWatch) key.attachment();
    }

    /** Closes the selector; later wake-ups do nothing. */
    void close() throws IOException {
        synchronized (closeLock) {
            closed = true;
        }
        selector.close();
    }
}
