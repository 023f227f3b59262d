package dev.weft.agent;

import dev.weft.weaver.WeaveResult;

/**
 * What the Byte Buddy side of the agent exchanges with {@link WeavingTransformer} for the class being
 * transformed on the calling thread: the bytes to weave, and the weaver's result.
 */
interface WeaveSink {
    /**
     * The bytes to weave: the class file exactly as the JVM handed it to the agent when known (so the
     * agent weaves the same input as the processor and the plugin, and gives the same bytes), else
     * {@code buffered}, Byte Buddy's copy of it.
     */
    byte[] input(byte[] buffered);

    /** Keeps the weaver's result for the class. */
    void accept(WeaveResult result);
}
