package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static dev.weft.tests.loop.StreamsTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Endpoint;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Protocol;
import dev.weft.loop.SendfileNotAvailableError;
import dev.weft.loop.Task;
import dev.weft.loop.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * asyncio's {@code sock_sendfile} and {@code loop.sendfile}: a file region to a socket straight from the
 * file (the system's sendfile), to a plain connection's transport the same way once what was written
 * before has gone out, and to a pipe's transport by asyncio's fallback (chunks written through it). Files
 * of a few MiB, larger than a socket's buffers, so that every send waits for the peer to read.
 */
class SendfileTest {
    private static final int SIZE = 3 * 1024 * 1024 + 17;

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    /** A file of {@link #SIZE} pseudo-random bytes, and the bytes. */
    private static byte[] content(Path file) throws IOException {
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    /** Keeps every byte it receives. */
    static final class Collector implements Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        Transport transport;
        boolean lost;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            received.write(data, 0, data.length);
        }

        @Override
        public void connectionLost(Throwable error) {
            lost = true;
        }
    }

    // ------------------------------------------------------------------ sock_sendfile

    @Async
    @SuppressWarnings("weft") // the refused calls make no coroutine to await
    static Coroutine<Void> sockSendfileMain(Path path, byte[] data) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = GivenSocketsTest.connectedPair();
        Endpoint<Transport, Collector> reader = await(loop.createConnection(Collector::new, pair[1]));
        try (FileChannel file = FileChannel.open(path)) {
            long sent = await(loop.sockSendfile(pair[0], file, 1000, 2 * 1024 * 1024));
            assertEquals(2 * 1024 * 1024, sent);
            assertEquals(1000 + sent, file.position(), "the file's position follows what was sent");
            await(ProtocolsTest.until(() -> reader.protocol().received.size() == sent, "the region arrives"));
            assertArrayEquals(Arrays.copyOfRange(data, 1000, 1000 + (int) sent),
                    reader.protocol().received.toByteArray());

            long rest = await(loop.sockSendfile(pair[0], file, SIZE - 10, 1000));
            assertEquals(10, rest, "the file ended before the count");
            assertEquals(SIZE, file.position());
            long whole = await(loop.sockSendfile(pair[0], file));
            assertEquals(SIZE, whole);
            long total = sent + rest + whole;
            await(ProtocolsTest.until(() -> reader.protocol().received.size() == total, "everything arrives"));
            byte[] got = reader.protocol().received.toByteArray();
            assertArrayEquals(Arrays.copyOfRange(data, SIZE - 10, SIZE),
                    Arrays.copyOfRange(got, (int) sent, (int) (sent + rest)));
            assertArrayEquals(data, Arrays.copyOfRange(got, (int) (sent + rest), got.length));

            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(pair[0], file, -1, 10));
            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(pair[0], file, 0, 0));
        }
        pair[0].close();
        await(ProtocolsTest.until(() -> reader.protocol().lost, "the reader sees the end"));
        return done();
    }

    /** sockSendfile sends a region, what is left of a file shorter than the count, a whole file. */
    @Test
    @Timeout(30)
    void sockSendfileSendsARegionOfAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        run(sockSendfileMain(file, content(file)));
    }

    // ------------------------------------------------------------------ loop.sendfile, straight to the socket

    @Async
    @SuppressWarnings("weft") // the refused calls make no coroutine to await
    static Coroutine<Void> transportSendfileMain(Path path, byte[] data) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = GivenSocketsTest.connectedPair();
        Endpoint<Transport, Collector> reader = await(loop.createConnection(Collector::new, pair[1]));
        Endpoint<Transport, Collector> writer = await(loop.createConnection(Collector::new, pair[0]));
        Transport t = writer.transport();
        byte[] header = new byte[4 * 1024 * 1024]; // more than the socket takes at once: unsent when sendfile starts
        Arrays.fill(header, (byte) 'h');
        t.write(header);
        assertTrue(t.getWriteBufferSize() > 0);
        try (FileChannel file = FileChannel.open(path)) {
            Task<Long> sending = loop.createTask(loop.sendfile(t, file));
            assertEquals(SIZE, await(sending));
            assertEquals(SIZE, file.position());
            t.write(bytes("trailer"));
            long total = header.length + SIZE + 7;
            await(ProtocolsTest.until(() -> reader.protocol().received.size() == total, "everything arrives"));
            byte[] got = reader.protocol().received.toByteArray();
            assertArrayEquals(header, Arrays.copyOfRange(got, 0, header.length), "what was written first, first");
            assertArrayEquals(data, Arrays.copyOfRange(got, header.length, header.length + SIZE));
            assertEquals("trailer", new String(got, header.length + SIZE, 7, java.nio.charset.StandardCharsets.UTF_8));

            assertThrows(IllegalArgumentException.class, () -> loop.sendfile(t, file, 0, -5));
            t.close();
            Throwable closing = await(failureOf(loop.sendfile(t, file)));
            assertInstanceOf(IllegalStateException.class, closing);
            assertEquals("Transport is closing", closing.getMessage());
        }
        await(ProtocolsTest.until(() -> reader.protocol().lost && writer.protocol().lost, "both lost"));
        return done();
    }

    /**
     * loop.sendfile over a plain connection: after the bytes written before it, the file straight from
     * disk, writes refused meanwhile, taken again after; refused on a closing transport.
     */
    @Test
    @Timeout(30)
    void aTransportSendsAFileAfterWhatWasWrittenBefore(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        run(transportSendfileMain(file, content(file)));
    }

    @Async
    static Coroutine<Void> cancelledSendfileMain(Path path) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = GivenSocketsTest.connectedPair(64 * 1024); // pair[1] never read: it fills up
        Endpoint<Transport, Collector> writer = await(loop.createConnection(Collector::new, pair[0]));
        Transport t = writer.transport();
        try (FileChannel file = FileChannel.open(path)) {
            Task<Long> sending = loop.createTask(loop.sendfile(t, file));
            await(Asyncio.sleep(0.05));
            assertTrue(!sending.done(), "a peer that reads nothing holds the file back");
            long partway = file.position();
            assertTrue(partway > 0 && partway < SIZE, "partway: " + partway);
            assertFalse(t.isReading(), "reading pauses while the socket sends the file, as asyncio's");
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> t.write(bytes("x")));
            assertEquals("unable to write; sendfile is in progress", busy.getMessage());
            assertThrows(IllegalStateException.class, t::writeEof);
            sending.cancel();
            await(failureOf(sending));
            assertTrue(sending.cancelled());
            t.write(bytes("after")); // takes writes again: no "sendfile is in progress"
            assertTrue(t.isReading(), "and reads again");
        }
        t.abort();
        pair[1].close();
        return done();
    }

    /**
     * While a file is being sent the transport refuses writes (asyncio's RuntimeError); a cancelled
     * sendfile stops where it is, and the transport takes writes again.
     */
    @Test
    @Timeout(30)
    void aCancelledSendfileGivesTheTransportBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        content(file);
        run(cancelledSendfileMain(file));
    }

    @Async
    static Coroutine<Void> waitingSendfileMain(Path path) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = GivenSocketsTest.connectedPair(64 * 1024); // pair[1] read only at the end
        Endpoint<Transport, Collector> writer = await(loop.createConnection(Collector::new, pair[0]));
        Transport t = writer.transport();
        byte[] header = new byte[1024 * 1024];
        Arrays.fill(header, (byte) 'h');
        t.write(header);
        assertTrue(t.getWriteBufferSize() > 0, "more than the socket takes");
        try (FileChannel file = FileChannel.open(path)) {
            Task<Long> sending = loop.createTask(loop.sendfile(t, file));
            await(Asyncio.sleep(0.05));
            assertTrue(!sending.done());
            assertEquals(0, file.position(), "nothing of the file before what was written first has gone");
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> t.write(bytes("x")),
                    "refused from the start of the sendfile, as asyncio's, not only once the file goes");
            assertEquals("unable to write; sendfile is in progress", busy.getMessage());
            sending.cancel();
            await(failureOf(sending));
            t.write(bytes("after"));
        }
        Endpoint<Transport, Collector> reader = await(loop.createConnection(Collector::new, pair[1]));
        long total = header.length + 5;
        await(ProtocolsTest.until(() -> reader.protocol().received.size() == total, "the header, then after"));
        byte[] got = reader.protocol().received.toByteArray();
        assertArrayEquals(header, Arrays.copyOf(got, header.length), "the bytes written before still went out");
        assertEquals("after", new String(got, header.length, 5, java.nio.charset.StandardCharsets.UTF_8));
        t.close();
        await(ProtocolsTest.until(() -> reader.protocol().lost, "the reader sees the end"));
        return done();
    }

    /**
     * A sendfile waiting for the bytes written before it refuses writes at once; cancelled then, it
     * leaves those bytes to go out, and the transport takes writes again.
     */
    @Test
    @Timeout(30)
    void aSendfileWaitingForEarlierBytesRefusesWritesAndCancelsCleanly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        content(file);
        run(waitingSendfileMain(file));
    }

    @Async
    static Coroutine<Void> unixSendfileMain(Path dir, Path path, byte[] data) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        java.net.UnixDomainSocketAddress address = java.net.UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        SocketChannel client;
        SocketChannel accepted;
        try (java.nio.channels.ServerSocketChannel listener =
                     java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listener.bind(address);
            client = SocketChannel.open(address);
            accepted = listener.accept();
        }
        Endpoint<Transport, Collector> reader = await(loop.createConnection(Collector::new, accepted));
        Endpoint<Transport, Collector> writer = await(loop.createConnection(Collector::new, client));
        try (FileChannel file = FileChannel.open(path)) {
            // straight from the file, so the send needs no fallback: asyncio's fallback=False succeeds
            assertEquals(SIZE, await(loop.sendfile(writer.transport(), file, 0, Long.MAX_VALUE, false)));
        }
        await(ProtocolsTest.until(() -> reader.protocol().received.size() == SIZE, "the file arrives"));
        assertArrayEquals(data, reader.protocol().received.toByteArray());
        writer.transport().close();
        await(ProtocolsTest.until(() -> reader.protocol().lost, "the reader sees the end"));
        return done();
    }

    /** Over a Unix-domain connection too, straight from the file. */
    @Test
    @Timeout(30)
    void aUnixDomainTransportSendsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        run(unixSendfileMain(dir, file, content(file)));
    }

    // ------------------------------------------------------------------ the fallback

    @Async
    @SuppressWarnings("weft") // the refused call makes no coroutine to await
    static Coroutine<byte[]> pipeSendfileMain(Path path, Pipe pipe) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<Transport, Collector> read = await(loop.connectReadPipe(Collector::new,
                java.nio.channels.Channels.newInputStream(pipe.source())));
        Endpoint<Transport, Collector> write = await(loop.connectWritePipe(Collector::new,
                java.nio.channels.Channels.newOutputStream(pipe.sink())));
        try (FileChannel file = FileChannel.open(path)) {
            Throwable refused = await(failureOf(loop.sendfile(write.transport(), file, 5, SIZE, false)));
            assertInstanceOf(SendfileNotAvailableError.class, refused);
            assertEquals("fallback is disabled and native sendfile is not supported for transport "
                    + write.transport(), refused.getMessage());
            assertEquals(0, file.position(), "nothing read");
            long sent = await(loop.sendfile(write.transport(), file, 5, SIZE));
            assertEquals(SIZE - 5, sent);
            assertEquals(SIZE, file.position());
        }
        write.transport().close();
        await(ProtocolsTest.until(() -> read.protocol().lost, "the read side ends"));
        assertThrows(IllegalArgumentException.class, () -> loop.sendfile(read.transport(), null));
        return done(read.protocol().received.toByteArray());
    }

    /**
     * Through a write pipe, asyncio's fallback: chunks written through the transport, flow control kept;
     * with the fallback disabled, refused before anything is read.
     */
    @Test
    @Timeout(30)
    void aPipeGetsTheFileThroughItsTransport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        byte[] data = content(file);
        byte[] got = run(pipeSendfileMain(file, Pipe.open()));
        assertArrayEquals(Arrays.copyOfRange(data, 5, SIZE), got);
    }
}
