package dev.weft.loop;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SocketStream}'s receiver for a user's {@link Protocol}: calls it as asyncio's selector
 * transport does. {@code connectionMade} comes first (for TLS, once the handshake is done) and
 * {@code connectionLost} last, and only if {@code connectionMade} was called. What its callbacks throw
 * goes to the loop's exception handler, with asyncio's messages; a failed {@code dataReceived} or
 * {@code eofReceived} also closes the connection, whose {@code connectionLost} then gets the exception.
 * Loop thread only.
 */
final class ProtocolReceiver implements Receiver {
    /** The protocol the factory made. */
    private final Protocol created;
    /** The protocol called now: {@link #created}, unless switched. */
    private Protocol protocol;
    private SocketStream stream;
    private boolean made;

    ProtocolReceiver(Protocol protocol) {
        this.protocol = java.util.Objects.requireNonNull(protocol, "the protocol factory returned null");
        this.created = protocol;
    }

    /** The protocol the factory made, which the creating call returns. */
    Protocol created() {
        return created;
    }

    /** The protocol called now. */
    Protocol protocol() {
        return protocol;
    }

    /** Calls {@code protocol} from now on; it takes the connection over as it is. */
    void switchTo(Protocol protocol) {
        this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public void attach(SocketStream stream) {
        this.stream = stream;
    }

    @Override
    public boolean readsBeforeMade() {
        return false;
    }

    @Override
    public void made() {
        if (made) {
            return;
        }
        made = true;
        // as asyncio's, which calls it from a callback: a failure is reported, the connection goes on
        protocol.connectionMade(stream);
    }

    @Override
    public void received(ByteBuffer data) {
        made(); // over TLS, data can come with the handshake's end, before the callback that reports it
        if (protocol instanceof BufferedProtocol) {
            receiveBuffered((BufferedProtocol) protocol, data);
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        try {
            protocol.dataReceived(bytes);
        } catch (RuntimeException | Error e) {
            failed("Fatal error: protocol.dataReceived() call failed.", e);
        }
    }

    /** Copies {@code data} into the buffers {@code buffered} gives, as asyncio's buffered read does. */
    private void receiveBuffered(BufferedProtocol buffered, ByteBuffer data) {
        while (data.hasRemaining() && !stream.isClosing()) {
            ByteBuffer into;
            try {
                into = buffered.getBuffer(data.remaining());
                if (into == null || !into.hasRemaining()) {
                    throw new IllegalStateException("getBuffer() returned an empty buffer");
                }
            } catch (RuntimeException | Error e) {
                failed("Fatal error: protocol.getBuffer() call failed.", e);
                return;
            }
            int n = Math.min(into.remaining(), data.remaining());
            ByteBuffer chunk = data.duplicate();
            chunk.limit(chunk.position() + n);
            into.put(chunk);
            data.position(data.position() + n);
            try {
                buffered.bufferUpdated(n);
            } catch (RuntimeException | Error e) {
                failed("Fatal error: protocol.bufferUpdated() call failed.", e);
                return;
            }
        }
    }

    @Override
    public boolean ended(boolean overTls) {
        if (!stream.handshakeDone()) {
            return false; // the peer closed during the TLS handshake: the protocol is never called
        }
        made();
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (RuntimeException | Error e) {
            failed("Fatal error: protocol.eofReceived() call failed.", e);
            return true; // closed already
        }
        return keepOpen && !overTls;
    }

    @Override
    public void lost(Throwable error) {
        if (made) {
            protocol.connectionLost(error);
        }
    }

    @Override
    public void writingPaused(boolean paused) {
        tellWritingPaused(stream.loop, stream, protocol, paused);
    }

    /**
     * Runs {@code tell}, which tells a protocol {@code connectionMade}, and then completes {@code made}
     * (what opening the endpoint waits for) whatever {@code tell} did: a failure is the loop callback's
     * that called this, reported as asyncio's; the wait for {@code made} may have been cancelled already.
     */
    static void tellMade(Runnable tell, Future<Void> made) {
        try {
            tell.run();
        } finally {
            if (!made.done()) {
                made.setResult(null);
            }
        }
    }

    /**
     * Tells {@code protocol} to pause writing ({@code paused}) or to resume, as asyncio's transports do:
     * what it throws is reported to the loop's exception handler, not to the code whose write crossed the
     * mark.
     */
    static void tellWritingPaused(EventLoop loop, BaseTransport transport, BaseProtocol<?> protocol, boolean paused) {
        try {
            if (paused) {
                protocol.pauseWriting();
            } else {
                protocol.resumeWriting();
            }
        } catch (RuntimeException | Error e) {
            if (Throwing.isFatal(e)) {
                throw e;
            }
            report(loop, transport, protocol, paused ? "protocol.pauseWriting() failed"
                    : "protocol.resumeWriting() failed", e);
        }
    }

    @Override
    public StreamReader reader() {
        return null;
    }

    private void failed(String message, Throwable e) {
        if (Throwing.isFatal(e)) {
            throw Throwing.sneaky(e);
        }
        report(message, e);
        stream.abortWith(e);
    }

    private void report(String message, Throwable e) {
        report(stream.loop, stream, protocol, message, e);
    }

    /** Reports what a callback of {@code protocol} threw to the loop's exception handler, as asyncio's transports. */
    static void report(EventLoop loop, BaseTransport transport, BaseProtocol<?> protocol, String message,
                       Throwable e) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", message);
        context.put("exception", e);
        context.put("transport", transport);
        context.put("protocol", protocol);
        loop.callExceptionHandler(context);
    }
}
