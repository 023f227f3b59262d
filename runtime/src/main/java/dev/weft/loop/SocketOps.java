package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The loop's socket operations ({@link EventLoop#sockRecv} and the others), as asyncio's
 * {@code loop.sock_*}: each tries its operation at once and, if the socket is not ready, watches it and
 * tries again each time the selector reports it ready. Cancelling stops the watch.
 */
final class SocketOps {
    /** What {@link ChannelOp#attempt()} returns when the socket is not ready. */
    private static final Object NOT_YET = new Object();
    /** The result of operations without one (a {@code Void} coroutine finishes with null). */
    private static final Object DONE = new Object();

    private SocketOps() {
    }

    /** Wraps a failed socket call as the unchecked exception an {@code await} can be guarded by. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }

    /** One operation on {@code channel}, ready when {@link #attempt()} returns something else than NOT_YET. */
    private abstract static class ChannelOp<T> extends LoopCoroutine<T> implements Runnable {
        final EventLoop loop;
        final SelectableChannel channel;
        private final boolean writes;
        private final String name;
        private Future<Object> ready;

        ChannelOp(EventLoop loop, SelectableChannel channel, boolean writes, String name) {
            this.loop = java.util.Objects.requireNonNull(loop, "loop");
            this.channel = java.util.Objects.requireNonNull(channel, "channel");
            this.writes = writes;
            this.name = name;
        }

        /** Tries the operation once: its result, or NOT_YET. */
        abstract Object attempt() throws IOException;

        @Override
        protected Object start() {
            Object out;
            try {
                channel.configureBlocking(false);
                out = attempt();
            } catch (IOException e) {
                throw unchecked(e);
            }
            if (out != NOT_YET) {
                return finish(out == DONE ? null : out);
            }
            ready = loop.createFuture();
            if (writes) {
                loop.addWriter(channel, this);
            } else {
                loop.addReader(channel, this);
            }
            return ready;
        }

        /** The selector reported the channel ready: try again. Not API. */
        @Override
        public void run() {
            if (ready.done()) {
                return;
            }
            try {
                Object out = attempt();
                if (out == NOT_YET) {
                    return;
                }
                unwatch();
                ready.setResult(out == DONE ? null : out);
            } catch (IOException e) {
                unwatch();
                ready.setException(unchecked(e));
            } catch (RuntimeException e) {
                unwatch();
                ready.setException(e);
            }
        }

        @Override
        protected Object fail(Throwable error) {
            if (ready != null) {
                // even if ready is done: a task's cancel() cancels the future it waits on before this runs
                unwatch();
            }
            throw Throwing.sneaky(error);
        }

        private void unwatch() {
            if (writes) {
                loop.removeWriter(channel);
            } else {
                loop.removeReader(channel);
            }
        }

        @Override
        protected String name() {
            return "EventLoop." + name + "(" + channel + ")";
        }
    }

    /** {@link EventLoop#sockRecvInto}. */
    static final class RecvInto extends ChannelOp<Integer> {
        private final ByteBuffer into;

        RecvInto(EventLoop loop, SocketChannel channel, ByteBuffer into) {
            super(loop, channel, false, "sockRecvInto");
            this.into = java.util.Objects.requireNonNull(into, "into");
        }

        @Override
        Object attempt() throws IOException {
            int n = ((SocketChannel) channel).read(into);
            return n == 0 && into.hasRemaining() ? NOT_YET : n;
        }
    }

    /** {@link EventLoop#sockRecv}. */
    static final class Recv extends ChannelOp<byte[]> {
        private final ByteBuffer into;

        Recv(EventLoop loop, SocketChannel channel, int maxBytes) {
            super(loop, channel, false, "sockRecv");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("negative buffersize in recv: " + maxBytes);
            }
            this.into = ByteBuffer.allocate(maxBytes);
        }

        @Override
        Object attempt() throws IOException {
            int n = ((SocketChannel) channel).read(into);
            if (n == 0 && into.hasRemaining()) {
                return NOT_YET;
            }
            return n <= 0 ? new byte[0] : Arrays.copyOf(into.array(), n);
        }
    }

    /** {@link EventLoop#sockSendall}. */
    static final class Sendall extends ChannelOp<Void> {
        private final ByteBuffer data;

        Sendall(EventLoop loop, SocketChannel channel, ByteBuffer data) {
            super(loop, channel, true, "sockSendall");
            this.data = java.util.Objects.requireNonNull(data, "data");
        }

        @Override
        Object attempt() throws IOException {
            ((SocketChannel) channel).write(data);
            return data.hasRemaining() ? NOT_YET : DONE;
        }
    }

    /** {@link EventLoop#sockSendfile}. */
    static final class Sendfile extends ChannelOp<Long> {
        private final FileSend send;

        Sendfile(EventLoop loop, SocketChannel channel, java.nio.channels.FileChannel file, long offset, long count) {
            super(loop, channel, true, "sockSendfile");
            this.send = new FileSend(file, offset, count);
        }

        @Override
        Object attempt() throws IOException {
            return send.pump((SocketChannel) channel) ? (Object) send.sent() : NOT_YET;
        }
    }

    /** {@link EventLoop#sockAccept}. */
    static final class Accept extends ChannelOp<SocketChannel> {
        Accept(EventLoop loop, ServerSocketChannel channel) {
            super(loop, channel, false, "sockAccept");
        }

        @Override
        Object attempt() throws IOException {
            SocketChannel accepted = ((ServerSocketChannel) channel).accept();
            if (accepted == null) {
                return NOT_YET;
            }
            accepted.configureBlocking(false);
            return accepted;
        }
    }

    /** {@link EventLoop#sockConnect}. */
    static final class Connect extends ChannelOp<Void> {
        private final SocketAddress address;
        private boolean started;

        Connect(EventLoop loop, SocketChannel channel, SocketAddress address) {
            super(loop, channel, true, "sockConnect");
            this.address = java.util.Objects.requireNonNull(address, "address");
        }

        @Override
        Object attempt() throws IOException {
            SocketChannel c = (SocketChannel) channel;
            if (!started) {
                started = true;
                return c.connect(address) ? DONE : NOT_YET;
            }
            return c.finishConnect() ? DONE : NOT_YET;
        }
    }

    /** {@link EventLoop#sockRecvfrom}. */
    static final class Recvfrom extends ChannelOp<Datagram> {
        private final ByteBuffer into;

        Recvfrom(EventLoop loop, DatagramChannel channel, int maxBytes) {
            super(loop, channel, false, "sockRecvfrom");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("negative buffersize in recvfrom: " + maxBytes);
            }
            this.into = ByteBuffer.allocate(maxBytes);
        }

        @Override
        Object attempt() throws IOException {
            SocketAddress from = ((DatagramChannel) channel).receive(into);
            return from == null ? NOT_YET : new Datagram(Arrays.copyOf(into.array(), into.position()), from);
        }
    }

    /** {@link EventLoop#sockSendto}. */
    static final class Sendto extends ChannelOp<Integer> {
        private final ByteBuffer data;
        private final SocketAddress to;

        Sendto(EventLoop loop, DatagramChannel channel, ByteBuffer data, SocketAddress to) {
            super(loop, channel, true, "sockSendto");
            this.data = java.util.Objects.requireNonNull(data, "data");
            this.to = java.util.Objects.requireNonNull(to, "to");
        }

        @Override
        Object attempt() throws IOException {
            int n = ((DatagramChannel) channel).send(data, to);
            // a datagram goes whole or not at all: 0 with bytes left means the socket's buffer is full
            return n == 0 && data.hasRemaining() ? NOT_YET : n;
        }
    }
}
