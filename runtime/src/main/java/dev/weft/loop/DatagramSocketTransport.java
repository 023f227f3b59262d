package dev.weft.loop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A datagram socket driven by the loop's readiness callbacks, as asyncio's selector datagram transport:
 * each datagram that arrives goes to the protocol (one per readiness, so that one busy socket cannot
 * starve the loop), each one sent goes out at once if the socket's buffer takes it, else waits in a
 * queue while the protocol is told to pause writing past 64 KiB queued. Loop thread only.
 */
final class DatagramSocketTransport implements DatagramTransport {
    /** Above this many queued bytes the protocol is told to pause writing; at a quarter of it, to resume. */
    private static final int HIGH_WATER = Transport.DEFAULT_HIGH_WATER;

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    /** The address the socket is connected to, or null. */
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private final Runnable writeReady = this::writeReady;
    /** Done once the protocol has been told {@code connectionMade}. */
    private final Future<Void> made;
    private boolean madeCalled;
    private long unsentBytes;
    private boolean writingPaused;
    private boolean closing;
    private boolean lossScheduled;

    /** A datagram waiting for room in the socket's buffer. */
    private record Pending(ByteBuffer data, SocketAddress to) {}

    /** Starts driving {@code channel} (bound, non-blocking) on {@code loop}, the current thread's. */
    DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.peername = channel.getRemoteAddress();
        this.sockname = channel.getLocalAddress();
        this.made = loop.createFuture();
        loop.callSoon(this::madeThenRead); // as asyncio's: connectionMade first, then reading starts
    }

    private void madeThenRead() {
        try {
            ProtocolReceiver.tellMade(() -> {
                if (!lossScheduled) {
                    madeCalled = true;
                    protocol.connectionMade(this);
                }
            }, made);
        } finally {
            if (!closing) {
                loop.addReader(channel, this::readReady);
            }
        }
    }

    /** Done once the protocol has been told {@code connectionMade}. */
    Future<Void> made() {
        return made;
    }

    /** One datagram; a failure to receive goes to the protocol, as asyncio's (its callbacks' to the loop). */
    private void readReady() {
        if (closing) {
            return;
        }
        ByteBuffer buf = SocketStream.readBuffer();
        SocketAddress sender;
        try {
            sender = channel.receive(buf);
        } catch (IOException e) {
            protocol.errorReceived(e); // a connected socket's PortUnreachableException, say
            return;
        }
        if (sender == null) {
            return;
        }
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        protocol.datagramReceived(data, sender);
    }

    @Override
    public void sendto(byte[] data, SocketAddress address) {
        Objects.requireNonNull(data, "data");
        if (peername != null) {
            if (address != null && !address.equals(peername)) {
                throw new IllegalArgumentException("Invalid address: must be null or " + peername);
            }
            address = peername;
        } else if (address == null) {
            throw new IllegalArgumentException("the endpoint is not connected: sendto() needs an address");
        }
        if (closing) {
            return; // as asyncio's: dropped once the transport is closed
        }
        ByteBuffer datagram = ByteBuffer.wrap(data);
        if (unsent.isEmpty()) {
            try {
                if (channel.send(datagram, address) > 0 || !datagram.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            loop.addWriter(channel, writeReady);
        }
        // a copy: the caller may reuse its array as soon as this returns
        unsent.add(new Pending(ByteBuffer.wrap(data.clone()), address));
        unsentBytes += data.length;
        if (!writingPaused && unsentBytes > HIGH_WATER) {
            writingPaused = true;
            // a protocol that fails to pause is the loop's exception handler's business, not the sender's
            ProtocolReceiver.tellWritingPaused(loop, this, protocol, true);
        }
    }

    private void writeReady() {
        while (!unsent.isEmpty()) {
            Pending next = unsent.peek();
            int length = next.data.remaining();
            try {
                if (channel.send(next.data, next.to) == 0 && next.data.hasRemaining()) {
                    break; // the socket's buffer is full again
                }
            } catch (IOException e) {
                unsent.poll();
                unsentBytes -= length;
                protocol.errorReceived(e);
                return; // as asyncio's: the rest waits for the next readiness
            }
            unsent.poll();
            unsentBytes -= length;
        }
        if (writingPaused && unsentBytes <= HIGH_WATER / 4) {
            writingPaused = false;
            ProtocolReceiver.tellWritingPaused(loop, this, protocol, false);
        }
        if (unsent.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                scheduleLoss(null);
            }
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (unsent.isEmpty()) {
            scheduleLoss(null);
        }
    }

    @Override
    public void abort() {
        if (lossScheduled) {
            return;
        }
        if (!unsent.isEmpty()) {
            unsent.clear();
            unsentBytes = 0;
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        scheduleLoss(null);
    }

    private void scheduleLoss(Throwable error) {
        lossScheduled = true;
        loop.callSoon(() -> connectionLost(error));
    }

    private void connectionLost(Throwable error) {
        try {
            if (madeCalled) {
                protocol.connectionLost(error);
            }
        } finally {
            Streams.closeNow(loop, channel);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long getWriteBufferSize() {
        return unsentBytes;
    }

    @Override
    public Object getExtraInfo(String name) {
        switch (name) {
            case "peername":
                return peername;
            case "sockname":
                return sockname;
            case "socket":
                return channel;
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return "DatagramTransport[" + sockname + (peername == null ? "" : " -> " + peername)
                + (lossScheduled ? ", closed" : closing ? ", closing" : "") + "]";
    }
}
