package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's address look-ups (asyncio's getaddrinfo and getnameinfo), against the JDK's own. */
class AddressLookupTest {
    private final SelectorEventLoop loop = new SelectorEventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    @Timeout(20)
    void aHostNameGivesEveryAddressTheResolverKnowsWithThePort() throws UnknownHostException {
        List<InetSocketAddress> found = loop.runUntilComplete(loop.getaddrinfo("localhost", 8080));
        assertFalse(found.isEmpty());
        List<InetAddress> expected = List.of(InetAddress.getAllByName("localhost"));
        assertEquals(expected, found.stream().map(InetSocketAddress::getAddress).toList(), "the resolver's order");
        assertTrue(found.stream().allMatch(a -> a.getPort() == 8080));

        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 0)),
                loop.runUntilComplete(loop.getaddrinfo("127.0.0.1", 0)), "a literal is parsed as it is");
    }

    @Test
    @Timeout(20)
    void anUnknownHostFailsTheCoroutine() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> loop.runUntilComplete(loop.getaddrinfo("no-such-host.invalid", 80)));
        assertInstanceOf(UnknownHostException.class, e.getCause());
        assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("localhost", 65536));
        assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("localhost", -1));
    }

    @Test
    @Timeout(20)
    void anAddressGivesTheNameAReverseLookUpFinds() throws UnknownHostException {
        byte[] loopback = {127, 0, 0, 1};
        String expected = InetAddress.getByAddress(loopback).getHostName();
        // made from a name: the look-up must still be the system's, not the name it was made with
        InetSocketAddress named = new InetSocketAddress(InetAddress.getByAddress("some-other-name", loopback), 80);
        assertEquals(expected, loop.runUntilComplete(loop.getnameinfo(named)));
        assertThrows(IllegalArgumentException.class,
                () -> loop.getnameinfo(InetSocketAddress.createUnresolved("localhost", 80)));
    }
}
