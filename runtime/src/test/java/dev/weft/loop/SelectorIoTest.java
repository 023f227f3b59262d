package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SelectorIoTest {

    @Test
    @Timeout(10)
    void readerIsCalledWhenDataArrives() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        Pipe pipe = Pipe.open();
        try {
            Future<String> received = loop.createFuture();
            StringBuilder sb = new StringBuilder();
            loop.addReader(pipe.source(), () -> {
                ByteBuffer buf = ByteBuffer.allocate(64);
                try {
                    int n = pipe.source().read(buf);
                    sb.append(new String(buf.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (sb.length() >= 5 && !received.done()) {
                    received.setResult(sb.toString());
                }
            });
            new Thread(() -> {
                try {
                    Thread.sleep(30);
                    pipe.sink().write(ByteBuffer.wrap("hel".getBytes(StandardCharsets.UTF_8)));
                    Thread.sleep(30);
                    pipe.sink().write(ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }).start();
            assertEquals("hello", loop.runUntilComplete(received));
            assertTrue(loop.removeReader(pipe.source()));
            assertFalse(loop.removeReader(pipe.source()));
        } finally {
            loop.close();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /**
     * As asyncio's selector unregisters a descriptor left with no reader and no writer: a server channel
     * its owner closes right after removing its reader refuses connections at once, rather than keeping
     * its socket listening (accepting, then resetting) until the loop's next select.
     */
    @Test
    @Timeout(10)
    void aServerClosedAfterItsReaderIsRemovedRefusesConnectionsAtOnce() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        try {
            loop.addReader(server, () -> { });
            loop.callSoon(loop::stop);
            loop.runForever(); // registered with the selector by a select
            String[] outcome = new String[1];
            loop.callSoon(() -> {
                loop.removeReader(server);
                try {
                    server.close();
                    try (SocketChannel c = SocketChannel.open(address)) {
                        outcome[0] = "connected";
                    }
                } catch (java.net.ConnectException refused) {
                    outcome[0] = "refused";
                } catch (IOException e) {
                    outcome[0] = e.toString();
                }
                loop.stop();
            });
            loop.runForever();
            assertEquals("refused", outcome[0]);
        } finally {
            loop.close();
            server.close();
        }
    }

    /** Likewise a UDP port awaited with sockRecvfrom is free again as soon as its owner closes it. */
    @Test
    @Timeout(10)
    void aDatagramPortIsFreeAsSoonAsItsOwnerClosesItAfterSockRecvfrom() throws Exception {
        SelectorEventLoop loop = new SelectorEventLoop();
        java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress address = (InetSocketAddress) socket.getLocalAddress();
        try {
            Thread sender = new Thread(() -> {
                try (java.nio.channels.DatagramChannel s = java.nio.channels.DatagramChannel.open()) {
                    Thread.sleep(50);
                    s.send(ByteBuffer.wrap(new byte[] {1}), address);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            sender.start();
            assertEquals(1, loop.runUntilComplete(loop.sockRecvfrom(socket, 10)).data().length);
            sender.join();
            socket.close();
            try (java.nio.channels.DatagramChannel again = java.nio.channels.DatagramChannel.open()) {
                again.bind(address); // "Address already in use" while the closed socket stayed registered
            }
        } finally {
            loop.close();
            socket.close();
        }
    }

    @Test
    @Timeout(10)
    void writerIsCalledWhenTheChannelCanTakeData() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        Pipe pipe = Pipe.open();
        try {
            Future<Integer> wrote = loop.createFuture();
            loop.addWriter(pipe.sink(), () -> {
                try {
                    int n = pipe.sink().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    loop.removeWriter(pipe.sink());
                    wrote.setResult(n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals(3, loop.runUntilComplete(wrote));
            assertFalse(loop.removeWriter(pipe.sink()));
        } finally {
            loop.close();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    @Timeout(10)
    void echoServerOverSockets() throws IOException {
        SelectorEventLoop loop = new SelectorEventLoop();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            loop.addReader(server, () -> {
                try {
                    SocketChannel conn = server.accept();
                    if (conn == null) {
                        return;
                    }
                    loop.addReader(conn, () -> {
                        ByteBuffer buf = ByteBuffer.allocate(64);
                        try {
                            int n = conn.read(buf);
                            if (n < 0) {
                                loop.removeReader(conn);
                                conn.close();
                                return;
                            }
                            buf.flip();
                            conn.write(buf);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            java.util.concurrent.CompletableFuture<String> echoed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
                    ByteBuffer buf = ByteBuffer.allocate(4);
                    while (buf.hasRemaining() && client.read(buf) >= 0) {
                        // read until the echo is complete
                    }
                    return new String(buf.array(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals("ping", loop.runUntilComplete(Asyncio.wrapFuture(echoed, loop)));
            assertTrue(loop.removeReader(server));
        } finally {
            loop.close();
        }
    }
}
