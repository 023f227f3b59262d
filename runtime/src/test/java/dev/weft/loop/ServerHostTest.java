package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host a TCP server listens on, as asyncio's {@code create_server} reads it: a null or empty host
 * is every interface (Python's {@code host=''}, as in {@code socket.bind(('', port))}), where the
 * resolver would answer the loopback address for the empty name.
 */
class ServerHostTest {
    private final SelectorEventLoop loop = new SelectorEventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    private InetSocketAddress listenOn(String host) {
        Server server = loop.runUntilComplete(loop.createServer(() -> new Protocol() {}, host, 0));
        try {
            return (InetSocketAddress) server.localAddress();
        } finally {
            server.close();
        }
    }

    @Test
    void anEmptyHostListensOnEveryInterface() {
        assertTrue(listenOn("").getAddress().isAnyLocalAddress(), "'' binds the wildcard address");
    }

    @Test
    void aNullHostListensOnEveryInterface() {
        assertTrue(listenOn(null).getAddress().isAnyLocalAddress());
    }

    @Test
    void aNamedHostListensOnItsAddress() {
        assertTrue(listenOn("127.0.0.1").getAddress().isLoopbackAddress());
    }
}
