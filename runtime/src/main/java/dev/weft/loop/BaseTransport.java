package dev.weft.loop;

/**
 * What every transport can do, as asyncio's {@code BaseTransport}: a connection (or a datagram socket)
 * driven by the loop, handing what happens to its protocol. Loop thread only.
 *
 * @see Transport
 * @see DatagramTransport
 */
public interface BaseTransport {
    /**
     * Closes the transport: what was written still goes out first, nothing more is received, and the
     * protocol's {@link BaseProtocol#connectionLost} is called with null once it has ended. Closing again
     * does nothing.
     */
    void close();

    /** True once the transport is closing or closed. */
    boolean isClosing();

    /**
     * Information about the transport by asyncio's names: {@code "peername"} (the peer's
     * {@link java.net.SocketAddress}), {@code "sockname"} (this end's), {@code "socket"} (the channel);
     * over TLS also {@code "ssl_object"} (the {@link javax.net.ssl.SSLSession}), {@code "cipher"} (the
     * cipher suite's name) and {@code "peercert"} (the peer's first certificate, if it sent one). Null
     * for a name the transport does not know.
     */
    Object getExtraInfo(String name);

    /** {@link #getExtraInfo(String)}, or {@code otherwise} where that is null. */
    default Object getExtraInfo(String name, Object otherwise) {
        Object info = getExtraInfo(name);
        return info != null ? info : otherwise;
    }
}
