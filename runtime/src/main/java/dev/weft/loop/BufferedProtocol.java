package dev.weft.loop;

import java.nio.ByteBuffer;

/**
 * A protocol that receives into buffers of its own, as asyncio's {@code BufferedProtocol}: instead of a
 * new array per chunk ({@link #dataReceived}), the transport asks for a buffer ({@link #getBuffer}),
 * copies what arrived into it, and says how much ({@link #bufferUpdated}); a protocol that parses
 * fixed-size records, say, receives them with no allocation. The other callbacks are {@link Protocol}'s.
 */
public interface BufferedProtocol extends Protocol {
    /**
     * A buffer to receive into: the transport writes from its position up to its limit, at least one
     * byte (an empty buffer fails the connection as a throwing callback does). {@code sizeHint} is how
     * many bytes are waiting, a hint only: a smaller buffer gets the rest in further rounds.
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * {@code nbytes} were written into the buffer {@link #getBuffer} gave, from its position on (which
     * the transport advances past them).
     */
    void bufferUpdated(int nbytes);

    /** Not called for a buffered protocol: what arrives goes through {@link #getBuffer}. */
    @Override
    default void dataReceived(byte[] data) {
        throw new UnsupportedOperationException("a BufferedProtocol receives through getBuffer()");
    }
}
