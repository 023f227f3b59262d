package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.AsyncIterator;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Barrier;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Connection;
import dev.weft.loop.ConnectionHandler;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.IncompleteReadError;
import dev.weft.loop.LimitOverrunError;
import dev.weft.loop.Server;
import dev.weft.loop.StreamReader;
import dev.weft.loop.StreamWriter;
import dev.weft.loop.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP streams on the event loop, end to end over real sockets on 127.0.0.1: {@link Asyncio#openConnection},
 * {@link Asyncio#startServer}, {@link StreamReader}, {@link StreamWriter}, {@link Server}, and the loop's
 * low-level {@code sock*} operations. Every coroutine here is a woven {@code @Async} method; servers listen
 * on port 0. Each test runs through {@link #run}, which also fails if anything was reported to the loop's
 * exception handler (unless the test installs a handler of its own).
 */
class StreamsTest {
    private static final String HOST = "127.0.0.1";

    // ------------------------------------------------------------------ helpers

    /** Runs {@code main} on a new loop, failing if anything reached the loop's exception handler. */
    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** {@code n} pseudo-random bytes, the same for the same seed. */
    static byte[] pattern(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    static Coroutine<Server> listen(ConnectionHandler handler) {
        return Asyncio.startServer(handler, HOST, 0);
    }

    static Coroutine<Connection> connect(Server server) {
        return Asyncio.openConnection(HOST, server.port());
    }

    /** Closes the client side and waits until it is closed. */
    @Async
    static Coroutine<Void> hangUp(Connection c) {
        c.writer().close();
        await(c.writer().waitClosed());
        return done();
    }

    /** Stops the server, ends its connections, and waits until all is closed. */
    @Async
    static Coroutine<Void> shutDown(Server server) {
        server.close();
        server.closeClients();
        await(server.waitClosed());
        assertFalse(server.isServing());
        assertEquals(0, server.activeConnections());
        return done();
    }

    /** A handler that sends {@code data}, shuts its output down, and closes once the client has. */
    static ConnectionHandler sendsThenEof(byte[] data) {
        return (reader, writer) -> sendThenEof(data, reader, writer);
    }

    @Async
    static Coroutine<Void> sendThenEof(byte[] data, StreamReader reader, StreamWriter writer) {
        writer.write(data);
        writer.writeEof();
        await(reader.read(-1));
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    /** A handler that hands its writer to the test through {@code peer}, then holds the connection open. */
    static ConnectionHandler capture(Future<StreamWriter> peer) {
        return (reader, writer) -> {
            peer.setResult(writer);
            return holdOpen(reader, writer);
        };
    }

    @Async
    static Coroutine<Void> holdOpen(StreamReader reader, StreamWriter writer) {
        await(reader.read(-1));
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    /** Echoes each line back until the end of the stream. */
    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
        // the README's echo loop, as written there: an await in a loop condition's assignment
        byte[] line;
        while ((line = await(reader.readline())).length > 0) {
            writer.write(line);
            await(writer.drain());
        }
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    // ------------------------------------------------------------------ 1. echo

    @Async
    static Coroutine<List<String>> echoClient(Server server, String name, int lines, Barrier allConnected,
            List<Integer> connectionsSeen) {
        Connection c = await(connect(server));
        assertEquals(server.localAddress(), c.writer().remoteAddress());
        assertNotNull(c.writer().localAddress());
        assertSame(c.reader(), c.writer().reader());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            c.writer().write(bytes(name + "-" + i + "\n"));
            await(c.writer().drain());
            got.add(str(await(c.reader().readline())));
            if (i == 0) {
                await(allConnected.untilAllArrive());
                connectionsSeen.add(server.activeConnections());
            }
        }
        await(hangUp(c));
        return done(got);
    }

    @Async
    static Coroutine<Void> echoMain() {
        Server server = await(listen(StreamsTest::echo));
        assertTrue(server.isServing());
        assertTrue(server.port() > 0);
        int clients = 5;
        int lines = 20;
        Barrier allConnected = new Barrier(clients);
        List<Integer> connectionsSeen = new ArrayList<>();
        List<Coroutine<List<String>>> all = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            all.add(echoClient(server, "client" + k, lines, allConnected, connectionsSeen));
        }
        List<List<String>> results = await(Asyncio.gather(all));
        for (int k = 0; k < clients; k++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < lines; i++) {
                expected.add("client" + k + "-" + i + "\n");
            }
            assertEquals(expected, results.get(k));
        }
        assertEquals(clients, connectionsSeen.stream().mapToInt(Integer::intValue).max().orElse(0),
                "all clients were connected at once");
        server.close();
        assertFalse(server.isServing());
        await(server.waitClosed());
        assertEquals(0, server.activeConnections());
        return done();
    }

    /** Lines round-trip through an echo server for several concurrent clients; the server then closes. */
    @Test
    @Timeout(10)
    void echoServerServesSeveralClientsAtOnce() {
        run(echoMain());
    }

    // ------------------------------------------------------------------ 2. reads, EOF, half-close

    @Async
    static Coroutine<Void> readsMain() {
        Server server = await(listen(sendsThenEof(bytes("a;bb;12345"))));

        // readuntil, then a readuntil the stream ends in: IncompleteReadError with what is left
        Connection c1 = await(connect(server));
        assertEquals("a;", str(await(c1.reader().readuntil(";"))));
        assertEquals("bb;", str(await(c1.reader().readuntil(bytes(";")))));
        IncompleteReadError e1 = assertInstanceOf(IncompleteReadError.class,
                await(failureOf(c1.reader().readuntil(";"))));
        assertEquals("12345", str(e1.partial()));
        assertEquals(-1, e1.expected());
        assertTrue(c1.reader().atEof());
        await(hangUp(c1));

        // readexactly, then a readexactly for more than the peer sent before its writeEof
        Connection c2 = await(connect(server));
        assertEquals("a;", str(await(c2.reader().readexactly(2))));
        IncompleteReadError e2 = assertInstanceOf(IncompleteReadError.class,
                await(failureOf(c2.reader().readexactly(10))));
        assertEquals("bb;12345", str(e2.partial()));
        assertEquals(10, e2.expected());
        assertTrue(c2.reader().atEof(), "the partial bytes were taken out of the reader");
        assertEquals(0, await(c2.reader().readexactly(0)).length);
        await(hangUp(c2));

        // read(n), read(-1) to the end, then empty reads at EOF
        Connection c3 = await(connect(server));
        assertEquals("a;b", str(await(c3.reader().read(3))));
        assertEquals("b;12345", str(await(c3.reader().read(-1))));
        assertTrue(c3.reader().atEof());
        assertEquals(0, await(c3.reader().read(-1)).length);
        assertEquals(0, await(c3.reader().read(5)).length);
        assertEquals(0, await(c3.reader().readline()).length);
        await(hangUp(c3));

        await(shutDown(server));
        return done();
    }

    /** readexactly, readuntil and read(-1) over a connection; incomplete reads hold what arrived. */
    @Test
    @Timeout(10)
    void readsOverAConnectionAndIncompleteReadsAtEof() {
        run(readsMain());
    }

    /** Reads a verb, a name and the rest up to the client's EOF, then answers with what it saw. */
    @Async
    static Coroutine<Void> summarize(StreamReader reader, StreamWriter writer) {
        byte[] verb = await(reader.readexactly(4));
        byte[] name = await(reader.readuntil("\r\n"));
        byte[] rest = await(reader.read(-1));
        boolean eof = reader.atEof();
        writer.write(bytes(str(verb) + "|" + str(name).strip() + "|" + rest.length + "|" + crc(rest)
                + "|eof=" + eof + "\n"));
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> halfCloseMain() {
        Server server = await(listen(StreamsTest::summarize));
        Connection c = await(connect(server));
        byte[] payload = pattern(100_000, 1);
        c.writer().write(bytes("PUT "));
        c.writer().writelines(List.of(bytes("report"), bytes(".txt\r\n")));
        c.writer().write(ByteBuffer.wrap(payload));
        assertTrue(c.writer().canWriteEof());
        c.writer().writeEof();
        await(c.writer().drain());
        assertFalse(c.writer().isClosing(), "a half-closed connection is not closing");
        String answer = str(await(c.reader().readline()));
        assertEquals("PUT |report.txt|100000|" + crc(payload) + "|eof=true\n", answer);
        assertEquals(0, await(c.reader().read(-1)).length);
        assertTrue(c.reader().atEof());
        await(hangUp(c));
        await(shutDown(server));
        return done();
    }

    /** After the client's writeEof the server reads to EOF and still answers; the client reads the answer. */
    @Test
    @Timeout(10)
    void halfCloseLetsTheServerAnswerAfterTheClientsEof() {
        run(halfCloseMain());
    }

    /** Answers each line with its number, iterating the reader's lines as asyncio's {@code async for}. */
    @Async
    static Coroutine<Void> numberLines(StreamReader reader, StreamWriter writer) {
        AsyncIterator<byte[]> lines = reader.aiter();
        int n = 0;
        while (await(lines.hasNext())) {
            writer.write(bytes(++n + ":" + str(lines.next())));
        }
        writer.write(bytes("end after " + n + "\n"));
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<String> linesMain() {
        Server server = await(listen(StreamsTest::numberLines));
        Connection c = await(connect(server));
        c.writer().write(bytes("alpha\nbe"));
        await(c.writer().drain());
        await(Asyncio.sleep(0.01)); // the server finds "be" without its newline and waits for the rest
        c.writer().write(bytes("ta\n\ngamma"));
        c.writer().writeEof();
        String answer = str(await(c.reader().read(-1)));
        await(hangUp(c));
        await(shutDown(server));
        return done(answer);
    }

    /** A server iterates a connection's lines with aiter(): split lines, an empty one, a last one unended. */
    @Test
    @Timeout(10)
    void aServerIteratesTheLinesOfAConnection() {
        assertEquals("1:alpha\n2:beta\n3:\n4:gammaend after 4\n", run(linesMain()));
    }

    // ------------------------------------------------------------------ 3. flow control

    static final int BIG = 8 << 20;
    static final int SMALL_LIMIT = 1024;
    static final int BLOB = 1 << 20;

    /** Reads slowly in small pieces, counting; answers with count, CRC and limit, then sends a 1 MiB blob. */
    @Async
    static Coroutine<Void> slowCounter(StreamReader reader, StreamWriter writer) {
        CRC32 crc = new CRC32();
        long count = 0;
        for (;;) {
            byte[] piece = await(reader.read(500));
            if (piece.length == 0) {
                break;
            }
            assertTrue(piece.length <= 500);
            count += piece.length;
            crc.update(piece);
            await(Asyncio.sleep(0));
        }
        writer.write(bytes(count + " " + crc.getValue() + " " + reader.limit() + "\n"));
        byte[] blob = pattern(BLOB, 7);
        for (int off = 0; off < blob.length; off += 16 * 1024) {
            writer.write(ByteBuffer.wrap(blob, off, 16 * 1024));
            await(writer.drain());
        }
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<Void> flowControlMain() {
        Server server = await(Asyncio.startServer(StreamsTest::slowCounter, HOST, 0, SMALL_LIMIT));
        Connection c = await(Asyncio.openConnection(HOST, server.port(), SMALL_LIMIT));
        assertEquals(SMALL_LIMIT, c.reader().limit());
        Random random = new Random(42);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[32 * 1024];
        long peakUnsent = 0;
        for (int sent = 0; sent < BIG; sent += chunk.length) {
            random.nextBytes(chunk); // the array is reused at once: write must have copied what it kept
            crc.update(chunk);
            c.writer().write(chunk);
            peakUnsent = Math.max(peakUnsent, c.writer().unsentBytes());
            await(c.writer().drain());
            assertTrue(c.writer().unsentBytes() <= 64 * 1024, "drain returned above the high-water mark");
        }
        assertTrue(peakUnsent > 64 * 1024, "drain never had to wait: peak unsent " + peakUnsent);
        c.writer().writeEof();
        assertEquals(BIG + " " + crc.getValue() + " " + SMALL_LIMIT + "\n", str(await(c.reader().readline())));
        // far more than twice the client's limit: the paused reader must resume for readexactly
        assertArrayEquals(pattern(BLOB, 7), await(c.reader().readexactly(BLOB)));
        assertEquals(0, await(c.reader().read(-1)).length);
        await(hangUp(c));
        await(shutDown(server));
        return done();
    }

    /** 8 MiB with drain() to a slow reader with a 1 KiB limit: all bytes arrive, and drain really waits. */
    @Test
    @Timeout(10)
    void largeTransferWithFlowControlAndSmallLimits() {
        run(flowControlMain());
    }

    // ------------------------------------------------------------------ 4. limit overrun

    @Async
    static Coroutine<Void> limitOverrunMain() {
        String longLine = "A".repeat(1500);
        String longChunk = "B".repeat(1200);
        // one write: the whole script arrives at once, so the over-long line is entirely buffered
        Server server = await(listen(sendsThenEof(bytes(longLine + "\nnext\n" + longChunk + "\ntail"))));
        Connection c = await(Asyncio.openConnection(HOST, server.port(), SMALL_LIMIT));
        await(Asyncio.sleep(0.05));
        StreamReader reader = c.reader();

        LimitOverrunError e1 = assertInstanceOf(LimitOverrunError.class, await(failureOf(reader.readline())));
        assertEquals(1500, e1.consumed());
        assertEquals("next\n", str(await(reader.readline())), "the over-long line was dropped");

        // readuntil keeps the bytes: consumed() tells how many to skip
        LimitOverrunError e2 = assertInstanceOf(LimitOverrunError.class, await(failureOf(reader.readuntil("\n"))));
        assertEquals(1200, e2.consumed());
        assertEquals(longChunk + "\n", str(await(reader.readexactly(e2.consumed() + 1))));

        assertEquals("tail", str(await(reader.readline())), "the last line, without newline, at EOF");
        assertEquals(0, await(reader.readline()).length);
        await(hangUp(c));
        await(shutDown(server));
        return done();
    }

    /** readline over the limit fails with LimitOverrunError and drops the line; the next line is read. */
    @Test
    @Timeout(10)
    void readlineOverTheLimitDropsTheLine() {
        run(limitOverrunMain());
    }

    // ------------------------------------------------------------------ 5. failing handler

    @Async
    static Coroutine<Void> failingHandler(StreamReader reader, StreamWriter writer) {
        await(reader.readline());
        throw new IllegalStateException("boom");
    }

    @Async
    static Coroutine<Void> failingHandlerMain(List<Map<String, Object>> reported) {
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reported.add(context));
        Server server = await(listen(StreamsTest::failingHandler));
        Connection c = await(connect(server));
        c.writer().write(bytes("hello\n"));
        assertEquals(0, await(c.reader().read(-1)).length, "the server closed the connection");
        assertEquals(1, reported.size(), reported.toString());
        assertSame(server, reported.get(0).get("server"));
        await(hangUp(c));

        // a handler that throws before making its coroutine is reported the same way
        Server sync = await(listen((r, w) -> {
            throw new IllegalArgumentException("sync boom");
        }));
        Connection c2 = await(connect(sync));
        assertEquals(0, await(c2.reader().read(-1)).length);
        await(hangUp(c2));
        await(shutDown(server));
        await(shutDown(sync));
        return done();
    }

    /** A failing handler goes to the loop's exception handler, and the client sees the connection close. */
    @Test
    @Timeout(10)
    void failingHandlerIsReportedAndItsConnectionClosed() {
        List<Map<String, Object>> reported = new ArrayList<>();
        run(failingHandlerMain(reported));
        assertEquals(2, reported.size(), reported.toString());
        for (Map<String, Object> context : reported) {
            assertEquals("Unhandled exception in the connection handler", context.get("message"));
            assertNotNull(context.get("transport"), context.toString());
        }
        Throwable async = (Throwable) reported.get(0).get("exception");
        assertInstanceOf(IllegalStateException.class, async);
        assertEquals("boom", async.getMessage());
        Throwable sync = (Throwable) reported.get(1).get("exception");
        assertInstanceOf(IllegalArgumentException.class, sync);
        assertEquals("sync boom", sync.getMessage());
    }

    // ------------------------------------------------------------------ 6. serveForever

    @Async
    static Coroutine<Void> serveForeverMain() {
        Server server = await(listen(StreamsTest::echo));
        Task<Void> serving = Asyncio.createTask(server.serveForever());
        await(Asyncio.sleep(0));
        assertFalse(serving.done());
        assertInstanceOf(IllegalStateException.class, await(failureOf(server.serveForever())),
                "a second serveForever");

        Connection c = await(connect(server));
        c.writer().write(bytes("ping\n"));
        assertEquals("ping\n", str(await(c.reader().readline())));

        serving.cancel();
        await(Asyncio.sleep(0.05));
        assertFalse(server.isServing(), "cancelling serveForever closes the server");
        assertFalse(serving.done(), "serveForever waits for the open connection");
        assertEquals(1, server.activeConnections());

        await(hangUp(c)); // the echo handler sees EOF and closes its side
        assertInstanceOf(CancelledError.class, await(failureOf(serving)));
        assertTrue(serving.cancelled());
        assertEquals(0, server.activeConnections());
        await(server.waitClosed());
        assertInstanceOf(IllegalStateException.class, await(failureOf(server.serveForever())),
                "serveForever on a closed server");
        return done();
    }

    /** Cancelling a serveForever task closes the server and ends the task cancelled. */
    @Test
    @Timeout(10)
    void cancellingServeForeverClosesTheServer() {
        run(serveForeverMain());
    }

    @Async
    static Coroutine<Void> closeEndsServeForeverMain() {
        Server server = await(listen(StreamsTest::echo));
        Task<Void> serving = Asyncio.createTask(server.serveForever());
        await(Asyncio.sleep(0));
        server.close();
        assertInstanceOf(CancelledError.class, await(failureOf(serving)));
        assertTrue(serving.cancelled());
        assertFalse(server.isServing());
        return done();
    }

    /** Closing the server from elsewhere ends a running serveForever, cancelled (as its Javadoc says). */
    @Test
    @Timeout(10)
    void closingTheServerEndsServeForever() {
        run(closeEndsServeForeverMain());
    }

    // ------------------------------------------------------------------ 7. connect failures

    /** A port on 127.0.0.1 that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            return s.socket().getLocalPort();
        }
    }

    @Async
    static Coroutine<Void> connectFailuresMain(int port) {
        UncheckedIOException refused = assertInstanceOf(UncheckedIOException.class,
                await(failureOf(Asyncio.openConnection(HOST, port))));
        assertInstanceOf(ConnectException.class, refused.getCause());

        UncheckedIOException unknown = assertInstanceOf(UncheckedIOException.class,
                await(failureOf(Asyncio.openConnection("no-such-host.invalid", 80))));
        assertInstanceOf(UnknownHostException.class, unknown.getCause());

        assertInstanceOf(UncheckedIOException.class,
                await(failureOf(Asyncio.startServer(StreamsTest::echo, "no-such-host.invalid", 0))));
        return done();
    }

    /** Connecting to a closed port or an unknown host fails with UncheckedIOException. */
    @Test
    @Timeout(10)
    void refusedConnectionAndUnknownHostFail() throws IOException {
        run(connectFailuresMain(freePort()));
    }

    // ------------------------------------------------------------------ 8. cancelled read

    @Async
    static Coroutine<Void> cancelledReadMain() {
        Future<StreamWriter> peer = Asyncio.getRunningLoop().createFuture();
        Server server = await(listen(capture(peer)));
        Connection c = await(connect(server));
        StreamWriter serverSide = await(peer);
        serverSide.write(bytes("hel"));

        Task<byte[]> blocked = Asyncio.createTask(c.reader().readline());
        await(Asyncio.sleep(0.05)); // "hel" arrives; readline keeps waiting for the newline
        assertFalse(blocked.done());
        blocked.cancel();
        assertInstanceOf(CancelledError.class, await(failureOf(blocked)));
        assertTrue(blocked.cancelled());

        serverSide.write(bytes("lo\nworld\n"));
        assertEquals("hello\n", str(await(c.reader().readline())), "no 'already waiting', no bytes lost");
        assertEquals("world\n", str(await(c.reader().readline())));
        await(hangUp(c));
        await(shutDown(server));
        return done();
    }

    /** A cancelled readline leaves the reader usable: the next readline gets the line once it arrives. */
    @Test
    @Timeout(10)
    void cancelledReadlineLeavesTheReaderUsable() {
        run(cancelledReadMain());
    }

    // ------------------------------------------------------------------ 9. concurrent reads

    @Async
    static Coroutine<Void> concurrentReadMain() {
        Future<StreamWriter> peer = Asyncio.getRunningLoop().createFuture();
        Server server = await(listen(capture(peer)));
        Connection c = await(connect(server));
        StreamWriter serverSide = await(peer);

        Task<byte[]> first = Asyncio.createTask(c.reader().readline());
        await(Asyncio.sleep(0));
        await(Asyncio.sleep(0));
        assertFalse(first.done());
        for (Coroutine<byte[]> second : List.of(c.reader().read(10), c.reader().readexactly(1),
                c.reader().readuntil("x"), c.reader().readline())) {
            Throwable e = await(failureOf(second));
            assertInstanceOf(IllegalStateException.class, e);
            assertTrue(e.getMessage().contains("already waiting"), e.getMessage());
        }
        assertFalse(first.done());

        serverSide.write(bytes("x\n"));
        assertEquals("x\n", str(await(first)), "the first read was not disturbed");
        await(hangUp(c));
        await(shutDown(server));
        return done();
    }

    /** A second read while one waits fails with IllegalStateException; the first one still completes. */
    @Test
    @Timeout(10)
    void secondConcurrentReadFails() {
        run(concurrentReadMain());
    }

    // ------------------------------------------------------------------ 10. peer abort

    /** Writes until the socket holds back some bytes, aborts, and reports what it saw. */
    @Async
    static Coroutine<Void> floodThenAbort(StreamWriter writer, Future<long[]> observed) {
        byte[] chunk = new byte[1 << 20];
        long written = 0;
        while (writer.unsentBytes() == 0 && written < (64L << 20)) {
            writer.write(chunk);
            written += chunk.length;
        }
        long unsentBefore = writer.unsentBytes();
        writer.abort();
        long unsentAfter = writer.unsentBytes();
        long closing = writer.isClosing() ? 1 : 0;
        await(writer.waitClosed());
        observed.setResult(new long[] {written, unsentBefore, unsentAfter, closing});
        return done();
    }

    @Async
    static Coroutine<Void> peerAbortMain() {
        Future<long[]> observed = Asyncio.getRunningLoop().createFuture();
        Server server = await(listen((reader, writer) -> floodThenAbort(writer, observed)));
        Connection c = await(connect(server));
        long[] seen = await(observed);
        assertTrue(seen[1] > 0, "the server had unsent bytes when it aborted");
        assertEquals(0, seen[2], "abort drops the unsent bytes");
        assertEquals(1, seen[3], "an aborted writer is closing");

        // the client reads what made it through, then EOF (or a reset)
        long received = -1;
        Throwable readFailure = null;
        try {
            received = await(c.reader().read(-1)).length;
        } catch (UncheckedIOException e) {
            readFailure = e;
        }
        if (readFailure == null) {
            assertTrue(received <= seen[0] - seen[1], "received " + received + " of " + seen[0]);
            assertTrue(c.reader().atEof());
        }

        // writing to the vanished server eventually fails in drain
        Throwable writeFailure = null;
        for (int i = 0; i < 200 && writeFailure == null; i++) {
            c.writer().write(new byte[1024]);
            writeFailure = await(failureOf(c.writer().drain()));
            if (writeFailure == null) {
                await(Asyncio.sleep(0.01));
            }
        }
        assertInstanceOf(UncheckedIOException.class, writeFailure);
        assertTrue(c.writer().isClosing());
        assertInstanceOf(UncheckedIOException.class, await(failureOf(c.writer().waitClosed())),
                "waitClosed reports the lost connection");
        assertInstanceOf(UncheckedIOException.class, await(failureOf(c.writer().drain())));
        await(shutDown(server));
        return done();
    }

    /** After the peer aborts, the client reads EOF (or fails), and writing eventually fails in drain. */
    @Test
    @Timeout(10)
    void peerAbortEndsReadsAndFailsLaterWrites() {
        run(peerAbortMain());
    }

    // ------------------------------------------------------------------ 11. low-level socket operations

    /** Receives with sockRecvInto until it returns -1 at EOF. */
    @Async
    static Coroutine<byte[]> receiveAll(EventLoop loop, SocketChannel channel) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        for (;;) {
            buf.clear();
            int n = await(loop.sockRecvInto(channel, buf));
            if (n < 0) {
                assertEquals(-1, n);
                break;
            }
            assertTrue(n > 0, "sockRecvInto returned 0 with room in the buffer");
            assertEquals(n, buf.position());
            all.write(buf.array(), 0, n);
        }
        return done(all.toByteArray());
    }

    /** A listening channel on 127.0.0.1, port chosen by the system. */
    static ServerSocketChannel listener() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(HOST, 0));
        return listener;
    }

    /** A connected pair made with sockAccept and sockConnect: {client, accepted}. */
    @Async
    static Coroutine<SocketChannel[]> connectedPair(EventLoop loop, ServerSocketChannel listener) throws IOException {
        SocketChannel client = SocketChannel.open();
        Task<SocketChannel> accepting = Asyncio.createTask(loop.sockAccept(listener));
        await(loop.sockConnect(client, listener.getLocalAddress()));
        SocketChannel accepted = await(accepting);
        assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
        assertFalse(accepted.isBlocking());
        assertFalse(client.isBlocking());
        return done(new SocketChannel[] {client, accepted});
    }

    @Async
    static Coroutine<Void> lowLevelMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        ServerSocketChannel listener = listener();
        SocketChannel[] pair = await(connectedPair(loop, listener));
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];

        await(loop.sockSendall(client, ByteBuffer.wrap(bytes("hello"))));
        assertEquals("hello", str(await(loop.sockRecv(server, 100))));
        assertEquals(0, await(loop.sockRecvInto(server, ByteBuffer.allocate(0))), "a full buffer does not wait");

        // 4 MiB server -> client: sendall waits for the receiver, which reads until -1 at EOF
        byte[] big = pattern(4 << 20, 3);
        Task<byte[]> receiving = Asyncio.createTask(receiveAll(loop, client));
        ByteBuffer out = ByteBuffer.wrap(big);
        await(loop.sockSendall(server, out));
        assertFalse(out.hasRemaining());
        server.shutdownOutput();
        assertArrayEquals(big, await(receiving));
        assertEquals(-1, await(loop.sockRecvInto(client, ByteBuffer.allocate(10))));

        // client -> server, then EOF: sockRecv returns the bytes, then an empty array
        await(loop.sockSendall(client, ByteBuffer.wrap(bytes("bye"))));
        client.shutdownOutput();
        assertEquals("bye", str(await(loop.sockRecv(server, 100))));
        assertEquals(0, await(loop.sockRecv(server, 100)).length);
        assertEquals(0, await(loop.sockRecv(server, 100)).length);

        client.close();
        server.close();
        listener.close();
        return done();
    }

    /** sockAccept, sockConnect, sockSendall, sockRecv and sockRecvInto round trips, and EOF. */
    @Test
    @Timeout(10)
    void lowLevelSocketOperations() throws IOException {
        run(lowLevelMain());
    }

    @Async
    static Coroutine<Void> cancelledSockOpsMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        ServerSocketChannel listener = listener();

        // a cancelled sockAccept stops watching the listener; the next one accepts
        Task<SocketChannel> accepting = Asyncio.createTask(loop.sockAccept(listener));
        await(Asyncio.sleep(0.02));
        assertFalse(accepting.done());
        accepting.cancel();
        assertInstanceOf(CancelledError.class, await(failureOf(accepting)));
        assertFalse(loop.removeReader(listener), "the cancelled sockAccept still watches the listener");
        SocketChannel[] pair = await(connectedPair(loop, listener));
        SocketChannel client = pair[0];
        SocketChannel server = pair[1];

        // a cancelled sockRecv stops its watch; the channel can be read again afterwards
        Task<byte[]> waiting = Asyncio.createTask(loop.sockRecv(server, 100));
        await(Asyncio.sleep(0.02));
        assertFalse(waiting.done());
        waiting.cancel();
        assertInstanceOf(CancelledError.class, await(failureOf(waiting)));
        assertTrue(waiting.cancelled());
        assertFalse(loop.removeReader(server), "the cancelled sockRecv still watches the channel");
        await(loop.sockSendall(client, ByteBuffer.wrap(bytes("again"))));
        assertEquals("again", str(await(loop.sockRecv(server, 100))));

        client.close();
        server.close();
        listener.close();
        return done();
    }

    /** Cancelling a task waiting in sockAccept or sockRecv stops the watch (SocketOps: "Cancelling stops the watch"). */
    @Test
    @Timeout(10)
    void cancelledSockOperationsStopWatching() throws IOException {
        run(cancelledSockOpsMain());
    }

    @Async
    static Coroutine<Void> refusedSockConnectMain(int port) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Throwable e = await(failureOf(Asyncio.getRunningLoop().sockConnect(channel,
                new InetSocketAddress(HOST, port))));
        channel.close();
        assertInstanceOf(UncheckedIOException.class, e);
        assertInstanceOf(ConnectException.class, e.getCause());
        return done();
    }

    /** A refused sockConnect is an UncheckedIOException caused by a ConnectException. */
    @Test
    @Timeout(10)
    void refusedSockConnectFails() throws IOException {
        run(refusedSockConnectMain(freePort()));
    }

    // ------------------------------------------------------------------ 12. Unix-domain sockets

    @Async
    static Coroutine<Void> unixEchoMain(Path path) {
        Server server = await(Asyncio.startUnixServer(StreamsTest::echo, path));
        assertEquals(UnixDomainSocketAddress.of(path), server.localAddress());
        assertEquals(-1, server.port());
        assertTrue(Files.exists(path), "the socket file is made by the bind");
        Connection c = await(Asyncio.openUnixConnection(path));
        c.writer().write(bytes("over a socket file\n"));
        assertEquals("over a socket file\n", str(await(c.reader().readline())));
        await(hangUp(c));
        await(shutDown(server));
        assertFalse(Files.exists(path), "closing the server removes its socket file");
        return done();
    }

    /** Streams over a Unix-domain socket file: a round trip, and the file removed when the server closes. */
    @Test
    @Timeout(10)
    void unixDomainSocketsCarryStreams(@TempDir Path dir) {
        run(unixEchoMain(dir.resolve("echo.sock")));
    }

    @Async
    static Coroutine<Throwable> startUnixServerFailure(Path path) {
        return done(await(failureOf(Asyncio.startUnixServer(StreamsTest::echo, path))));
    }

    /**
     * A socket file left by a server that did not close is replaced (as asyncio does); any other file in
     * the way is an error, and stays.
     */
    @Test
    @Timeout(10)
    void aStaleSocketFileIsReplacedButNoOtherFile(@TempDir Path dir) throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel left = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            left.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale), "Java leaves the socket file behind");
        run(unixEchoMain(stale));

        Path regular = Files.writeString(dir.resolve("not-a-socket"), "keep me");
        Throwable failure = run(startUnixServerFailure(regular));
        assertInstanceOf(UncheckedIOException.class, failure);
        assertEquals("keep me", Files.readString(regular));
    }

    /** Connecting to a socket file nobody listens on fails as a refused TCP connection does. */
    @Test
    @Timeout(10)
    void connectingToAMissingSocketFileFails(@TempDir Path dir) {
        Throwable failure = run(failureOf(Asyncio.openUnixConnection(dir.resolve("nobody.sock"))));
        assertInstanceOf(UncheckedIOException.class, failure);
    }
}
