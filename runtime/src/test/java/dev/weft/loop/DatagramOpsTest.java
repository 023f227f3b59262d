package dev.weft.loop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's datagram operations over two UDP sockets on 127.0.0.1. */
class DatagramOpsTest {

    @Test
    @Timeout(10)
    void aDatagramGoesAndComesBackWithItsSender() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        try (DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Task<Datagram> waiting = loop.createTask(loop.sockRecvfrom(b, 100));
            loop.runUntilComplete(Asyncio.sleep(0));
            assertFalse(waiting.done(), "nothing sent yet: the receive waits");
            int sent = loop.runUntilComplete(loop.sockSendto(a, ByteBuffer.wrap("ping".getBytes(UTF_8)),
                    b.getLocalAddress()));
            assertEquals(4, sent);
            Datagram got = loop.runUntilComplete(waiting);
            assertEquals("ping", new String(got.data(), UTF_8));
            assertEquals(a.getLocalAddress(), got.sender());

            loop.runUntilComplete(loop.sockSendto(b, ByteBuffer.wrap("a longer answer".getBytes(UTF_8)),
                    got.sender()));
            Datagram cut = loop.runUntilComplete(loop.sockRecvfrom(a, 8));
            assertEquals("a longer", new String(cut.data(), UTF_8), "a datagram longer than asked is cut");
        } finally {
            loop.close();
        }
    }

    @Test
    @Timeout(10)
    void aCancelledReceiveStopsWatching() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        try (DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Task<Datagram> waiting = loop.createTask(loop.sockRecvfrom(b, 100));
            loop.runUntilComplete(Asyncio.sleep(0));
            waiting.cancel();
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(waiting));
            assertFalse(loop.removeReader(b), "the cancelled receive no longer watches the channel");
            assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfrom(b, -1));
        } finally {
            loop.close();
        }
    }
}
