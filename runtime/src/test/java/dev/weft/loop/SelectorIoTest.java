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
