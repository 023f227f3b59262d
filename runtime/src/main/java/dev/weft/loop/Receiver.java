package dev.weft.loop;

import java.nio.ByteBuffer;

/**
 * What a {@link SocketStream} hands what happens on its connection to: a {@link StreamReader}
 * ({@link OfReader}, asyncio's stream reader protocol) or a user's {@link Protocol}
 * ({@link ProtocolReceiver}). Loop thread only.
 */
interface Receiver {
    /** The stream that will feed this one: for flow control, and for what the protocol is given. */
    void attach(SocketStream stream);

    /** True if the stream starts reading at once; false: once {@link #made()} has run (a protocol). */
    boolean readsBeforeMade();

    /** The connection is ready (for TLS: its handshake is done): a protocol's {@code connectionMade}. Once. */
    void made();

    /** Bytes arrived (the remaining ones of {@code data}, which the call consumes or copies). */
    void received(ByteBuffer data);

    /**
     * The peer has ended its output; returns true to keep the connection open for writing, false to have
     * it closed. {@code overTls}: the end came as TLS's close_notify.
     */
    boolean ended(boolean overTls);

    /** The connection has ended, cleanly (null) or with {@code error}. Once, last. */
    void lost(Throwable error);

    /** The stream buffers more than its high-water mark ({@code paused}), or has fallen to its low one. */
    void writingPaused(boolean paused);

    /** The reader this feeds, or null for a protocol. */
    StreamReader reader();

    /** A stream's receiver: feeds a {@link StreamReader}, which pauses the stream's reading when full. */
    final class OfReader implements Receiver {
        private final StreamReader reader;

        OfReader(StreamReader reader) {
            this.reader = reader;
        }

        @Override
        public void attach(SocketStream stream) {
            reader.setTransport(stream);
        }

        @Override
        public boolean readsBeforeMade() {
            return true;
        }

        @Override
        public void made() {
            // the stream's user learns it from openConnection or its server's handler
        }

        @Override
        public void received(ByteBuffer data) {
            reader.feedData(data);
        }

        /**
         * Keeps a plain connection open: the writer may still send (a half-close) and closes it itself. Over
         * TLS, which has no half-close, the connection closes (answering the peer's close_notify with this
         * side's), as asyncio's {@code StreamReaderProtocol.eof_received} returns false over SSL.
         */
        @Override
        public boolean ended(boolean overTls) {
            reader.feedEof();
            return !overTls;
        }

        @Override
        public void lost(Throwable error) {
            if (error == null) {
                reader.feedEof();
            } else {
                reader.setException(error);
            }
        }

        @Override
        public void writingPaused(boolean paused) {
            // drain() waits on the transport itself
        }

        @Override
        public StreamReader reader() {
            return reader;
        }
    }
}
