package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The datagram transport's send queue and flow control. A UDP socket on loopback never fills its send
 * buffer (the kernel hands each datagram to the receiver, or drops it, at once), so the socket here is a
 * channel that refuses datagrams while the test says its buffer is full, and the loop hands the test the
 * writer it would call when the socket has room again.
 */
class DatagramFlowControlTest {
    private static final SocketAddress TO = new InetSocketAddress("127.0.0.1", 9);
    private static final int CHUNK = 16 * 1024;

    private final FillableChannel channel = new FillableChannel();
    private final ManualLoop loop = new ManualLoop(channel);
    private final List<Map<String, Object>> errors = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    DatagramFlowControlTest() {
        loop.setExceptionHandler((l, context) -> errors.add(context));
    }

    @Test
    @Timeout(10)
    void queuedDatagramsPauseTheProtocolAndGoOutInOrderWhenTheSocketHasRoom() throws IOException {
        DatagramSocketTransport transport = open(new Recording());
        channel.room = 0;
        byte[] first = new byte[CHUNK];
        first[0] = 1;
        transport.sendto(first, TO);
        first[0] = 2; // the caller may reuse its array at once
        assertNotNull(loop.writer, "a refused datagram waits for the socket to have room");
        for (int i = 0; i < 3; i++) {
            transport.sendto(new byte[CHUNK], TO);
        }
        assertEquals(List.of("made"), events, "64 KiB queued: not past the high-water mark yet");
        transport.sendto(new byte[1], TO);
        assertEquals(List.of("made", "pause"), events);
        transport.sendto(new byte[CHUNK], TO);
        assertEquals(List.of("made", "pause"), events, "told to pause once");
        assertEquals(5L * CHUNK + 1, transport.getWriteBufferSize());

        channel.room = Integer.MAX_VALUE;
        loop.writer.run();
        assertEquals(List.of("made", "pause", "resume"), events);
        assertEquals(0, transport.getWriteBufferSize());
        assertNull(loop.writer, "nothing left to send: the socket is no longer watched for writing");
        assertEquals(6, channel.sent.size());
        assertEquals(1, channel.sent.get(0)[0], "the datagram as it was when sent, not as the caller changed it");
        assertEquals(1, channel.sent.get(4).length, "in the order they were sent");
        assertEquals(List.of(), errors);
    }

    @Test
    @Timeout(10)
    void theProtocolResumesOnlyOnceTheQueueFallsToAQuarterOfTheMark() throws IOException {
        DatagramSocketTransport transport = open(new Recording());
        channel.room = 0;
        for (int i = 0; i < 5; i++) {
            transport.sendto(new byte[CHUNK], TO);
        }
        assertEquals(List.of("made", "pause"), events);
        channel.room = 3; // 2 chunks (32 KiB) left: above 16 KiB
        loop.writer.run();
        assertEquals(List.of("made", "pause"), events);
        assertEquals(2L * CHUNK, transport.getWriteBufferSize());
        channel.room = 1; // 1 chunk: at a quarter of 64 KiB
        loop.writer.run();
        assertEquals(List.of("made", "pause", "resume"), events);
        assertNotNull(loop.writer, "one datagram still waits");
    }

    @Test
    @Timeout(10)
    void aProtocolThatFailsToPauseOrResumeIsReportedToTheLoopNotToTheSender() throws IOException {
        RuntimeException pauseFailure = new IllegalStateException("no pause");
        RuntimeException resumeFailure = new IllegalStateException("no resume");
        Recording protocol = new Recording() {
            @Override
            public void pauseWriting() {
                super.pauseWriting();
                throw pauseFailure;
            }

            @Override
            public void resumeWriting() {
                super.resumeWriting();
                throw resumeFailure;
            }
        };
        DatagramSocketTransport transport = open(protocol);
        channel.room = 0;
        for (int i = 0; i < 5; i++) {
            transport.sendto(new byte[CHUNK], TO); // the fifth is past the mark: sendto still returns
        }
        assertEquals(1, errors.size());
        assertEquals("protocol.pauseWriting() failed", errors.get(0).get("message"));
        assertSame(pauseFailure, errors.get(0).get("exception"));
        assertSame(transport, errors.get(0).get("transport"));
        assertSame(protocol, errors.get(0).get("protocol"));

        channel.room = Integer.MAX_VALUE;
        loop.writer.run();
        assertEquals(2, errors.size());
        assertEquals("protocol.resumeWriting() failed", errors.get(1).get("message"));
        assertSame(resumeFailure, errors.get(1).get("exception"));
        assertNull(loop.writer, "the queue was sent and the writer removed despite the failure");
        assertEquals(5, channel.sent.size());
        assertEquals(List.of("made", "pause", "resume"), events);
    }

    @Test
    @Timeout(10)
    void closeSendsWhatIsQueuedFirstAndAbortDropsIt() throws IOException {
        DatagramSocketTransport transport = open(new Recording());
        channel.room = 0;
        transport.sendto(new byte[] {7}, TO);
        transport.close();
        transport.sendto(new byte[] {8}, TO); // dropped: closing
        loop.runUntilComplete(Asyncio.sleep(0));
        assertEquals(List.of("made"), events, "the connection is lost only once the queue is sent");
        channel.room = Integer.MAX_VALUE;
        loop.writer.run();
        loop.runUntilComplete(Asyncio.sleep(0));
        assertEquals(List.of("made", "lost"), events);
        assertEquals(1, channel.sent.size());
        assertArrayEquals(new byte[] {7}, channel.sent.get(0));
        assertFalse(channel.isOpen(), "the socket is closed once the connection is lost");

        FillableChannel other = new FillableChannel();
        ManualLoop otherLoop = new ManualLoop(other);
        try {
            List<String> seen = new ArrayList<>();
            DatagramSocketTransport dropped = new DatagramSocketTransport(otherLoop, other, new DatagramProtocol() {
                @Override
                public void connectionLost(Throwable error) {
                    seen.add("lost");
                }
            });
            otherLoop.runUntilComplete(dropped.made());
            other.room = 0;
            dropped.sendto(new byte[] {9}, TO);
            dropped.abort();
            assertEquals(0, dropped.getWriteBufferSize());
            assertNull(otherLoop.writer);
            otherLoop.runUntilComplete(Asyncio.sleep(0));
            assertEquals(List.of("lost"), seen);
            assertEquals(0, other.sent.size());
        } finally {
            otherLoop.close();
        }
        loop.close();
    }

    private DatagramSocketTransport open(DatagramProtocol protocol) throws IOException {
        DatagramSocketTransport transport = new DatagramSocketTransport(loop, channel, protocol);
        loop.runUntilComplete(transport.made());
        return transport;
    }

    /** Records what the transport tells it in {@link #events}. */
    private class Recording implements DatagramProtocol {
        @Override
        public void connectionMade(DatagramTransport transport) {
            events.add("made");
        }

        @Override
        public void connectionLost(Throwable error) {
            events.add("lost");
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }
    }

    /** A loop that, for one channel, keeps the reader and writer it is given instead of selecting on it. */
    private static final class ManualLoop extends SelectorEventLoop {
        private final SelectableChannel manual;
        Runnable writer;

        ManualLoop(SelectableChannel manual) {
            this.manual = manual;
        }

        @Override
        public void addReader(SelectableChannel channel, Runnable callback) {
            if (channel != manual) {
                super.addReader(channel, callback);
            }
        }

        @Override
        public boolean removeReader(SelectableChannel channel) {
            return channel == manual || super.removeReader(channel);
        }

        @Override
        public void addWriter(SelectableChannel channel, Runnable callback) {
            if (channel != manual) {
                super.addWriter(channel, callback);
                return;
            }
            writer = callback;
        }

        @Override
        public boolean removeWriter(SelectableChannel channel) {
            if (channel != manual) {
                return super.removeWriter(channel);
            }
            boolean watched = writer != null;
            writer = null;
            return watched;
        }
    }

    /**
     * A datagram channel whose send buffer has room for {@link #room} more datagrams; what it sends, it
     * keeps in {@link #sent}. Receives nothing.
     */
    private static final class FillableChannel extends DatagramChannel {
        final List<byte[]> sent = new ArrayList<>();
        int room = Integer.MAX_VALUE;

        FillableChannel() {
            super(SelectorProvider.provider());
        }

        @Override
        public int send(ByteBuffer src, SocketAddress target) {
            if (room == 0) {
                return 0; // as a non-blocking socket's send: nothing taken
            }
            if (room != Integer.MAX_VALUE) {
                room--;
            }
            byte[] data = new byte[src.remaining()];
            src.get(data);
            sent.add(data);
            return data.length;
        }

        @Override
        public SocketAddress receive(ByteBuffer dst) {
            return null;
        }

        @Override
        public SocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 4000);
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public boolean isConnected() {
            return false;
        }

        @Override
        protected void implCloseSelectableChannel() {
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
        }

        @Override
        public DatagramChannel bind(SocketAddress local) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> DatagramChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public DatagramSocket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        public DatagramChannel connect(SocketAddress remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DatagramChannel disconnect() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MembershipKey join(InetAddress group, NetworkInterface interf) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) {
            throw new UnsupportedOperationException();
        }
    }
}
