package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static dev.weft.tests.loop.StreamsTest.bytes;
import static dev.weft.tests.loop.StreamsTest.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.BufferedProtocol;
import dev.weft.loop.Connection;
import dev.weft.loop.DatagramProtocol;
import dev.weft.loop.DatagramTransport;
import dev.weft.loop.Endpoint;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Protocol;
import dev.weft.loop.Server;
import dev.weft.loop.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * asyncio's transports and protocols on the event loop, end to end over real sockets on 127.0.0.1:
 * {@link EventLoop#createConnection}, {@link EventLoop#createServer}, their Unix-domain twins and
 * {@link EventLoop#createDatagramEndpoint}. The order of the protocol's callbacks is asyncio's:
 * {@code connectionMade} first, {@code connectionLost} last and once, data never before
 * {@code connectionMade}. Each test's main coroutine is a woven {@code @Async} method; anything reported
 * to the loop's exception handler fails the test unless the test installs a handler of its own.
 */
class ProtocolsTest {
    private static final String HOST = "127.0.0.1";

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    /** Waits (polling the loop) until {@code condition} holds; fails after ten seconds. */
    @Async
    static Coroutine<Void> until(BooleanSupplier condition, String what) {
        for (int i = 0; i < 1000; i++) {
            if (condition.getAsBoolean()) {
                return done();
            }
            await(Asyncio.sleep(0.01));
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** A protocol factory that makes each protocol with {@code make} and keeps it in {@code made}. */
    static <P extends Protocol> Supplier<P> keeping(Supplier<P> make, List<? super P> made) {
        return () -> {
            P protocol = make.get();
            made.add(protocol);
            return protocol;
        };
    }

    /**
     * Records what its transport tells it: "made", "data" (once for a run of chunks, whose cutting is the
     * network's), "eof", "pause", "resume", "lost:" and the exception's simple name or null.
     */
    static class Recorder implements Protocol {
        final List<String> events = new ArrayList<>();
        final StringBuilder received = new StringBuilder();
        long receivedBytes;
        Transport transport;
        Throwable lostWith;
        /** What {@link #eofReceived()} returns. */
        boolean keepOpenOnEof;

        @Override
        public void connectionMade(Transport t) {
            assertTrue(events.isEmpty(), "connectionMade comes first: " + events);
            transport = t;
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            assertEquals("made", events.get(0), "data before connectionMade");
            if (!events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
            receivedBytes += data.length;
            if (received.length() < 10_000) {
                received.append(str(data));
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return keepOpenOnEof;
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        @Override
        public void connectionLost(Throwable error) {
            assertFalse(isLost(), "connectionLost twice");
            lostWith = error;
            events.add("lost:" + (error == null ? null : error.getClass().getSimpleName()));
        }

        boolean isLost() {
            return !events.isEmpty() && events.get(events.size() - 1).startsWith("lost:");
        }
    }

    /** Sends back what it receives; closes when the peer ends its output (eofReceived's default). */
    static class Echo extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport.write(data);
        }
    }

    // ------------------------------------------------------------------ 1. echo

    @Async
    static Coroutine<Void> echoMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Echo> served = new ArrayList<>();
        Server server = await(loop.createServer(keeping(Echo::new, served), HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        Recorder protocol = client.protocol();
        Transport transport = client.transport();
        assertSame(transport, protocol.transport, "connectionMade has run when createConnection returns");
        assertEquals(List.of("made"), protocol.events);
        assertSame(protocol, transport.getProtocol());
        assertEquals(new InetSocketAddress(HOST, server.port()), transport.getExtraInfo("peername"));
        assertEquals(transport.getExtraInfo("sockname"), ((SocketChannel) transport.getExtraInfo("socket"))
                .socket().getLocalSocketAddress());
        assertNull(transport.getExtraInfo("ssl_object"));
        assertEquals("none", transport.getExtraInfo("no such thing", "none"));
        assertTrue(transport.isReading());
        assertTrue(transport.canWriteEof());

        transport.write(bytes("hello, "));
        transport.writelines(List.of(bytes("protocols"), bytes("!")));
        transport.writeEof(); // the echo server closes at the end of what it reads, once it has echoed it
        assertThrows(IllegalStateException.class, () -> transport.write(bytes("late")));
        await(until(protocol::isLost, "the client's connection is lost"));
        assertEquals("hello, protocols!", protocol.received.toString());
        assertEquals(List.of("made", "data", "eof", "lost:null"), protocol.events);
        assertTrue(transport.isClosing());
        assertFalse(transport.isReading());
        assertEquals(new InetSocketAddress(HOST, server.port()), transport.getExtraInfo("peername"),
                "kept once closed, as asyncio's");

        await(until(() -> served.size() == 1 && served.get(0).isLost(), "the server's side is lost"));
        assertEquals(List.of("made", "data", "eof", "lost:null"), served.get(0).events);
        assertEquals(0, server.activeConnections());
        server.close();
        await(server.waitClosed());
        return done();
    }

    /**
     * A protocol server echoes to a protocol client: each side's callbacks come in asyncio's order, the
     * end of the client's output closes the server's side, whose close ends the client's.
     */
    @Test
    @Timeout(20)
    void aProtocolServerEchoesToAProtocolClient() {
        run(echoMain());
    }

    // ------------------------------------------------------------------ 2. half-close

    /** Counts what it receives; at the peer's end, answers with the count and closes itself. */
    static final class Counter extends Recorder {
        Counter() {
            keepOpenOnEof = true;
        }

        @Override
        public boolean eofReceived() {
            super.eofReceived();
            transport.write(bytes(receivedBytes + " bytes"));
            transport.close();
            return true;
        }
    }

    @Async
    static Coroutine<String> halfCloseMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = await(loop.createServer(Counter::new, HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        client.transport().write(new byte[100_000]);
        client.transport().writeEof();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        assertEquals(List.of("made", "data", "eof", "lost:null"), client.protocol().events);
        server.close();
        await(server.waitClosed());
        return done(client.protocol().received.toString());
    }

    /** eofReceived returning true keeps the transport open: the server answers after the client's end. */
    @Test
    @Timeout(20)
    void eofReceivedReturningTrueKeepsTheConnectionOpenForWriting() {
        assertEquals("100000 bytes", run(halfCloseMain()));
    }

    // ------------------------------------------------------------------ 3. with streams

    @Async
    static Coroutine<String> mixedMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Server protocolServer = await(loop.createServer(Echo::new, HOST, 0));
        Connection stream = await(Asyncio.openConnection(HOST, protocolServer.port()));
        Transport streamTransport = stream.writer().transport();
        assertEquals(stream.writer().remoteAddress(), streamTransport.getExtraInfo("peername"));
        assertNull(streamTransport.getProtocol(), "a stream's transport feeds its reader");
        assertThrows(IllegalStateException.class, () -> streamTransport.setProtocol(new Recorder()));
        stream.writer().write(bytes("a stream to a protocol\n"));
        String first = str(await(stream.reader().readline()));
        stream.writer().close();
        await(stream.writer().waitClosed());

        Server streamServer = await(Asyncio.startServer(StreamsTest::echo, HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, streamServer.port()));
        client.transport().write(bytes("a protocol to a stream\n"));
        await(until(() -> client.protocol().received.toString().endsWith("\n"), "the echo"));
        client.transport().close();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        assertEquals(List.of("made", "data", "lost:null"), client.protocol().events);
        for (Server s : List.of(protocolServer, streamServer)) {
            s.close();
            await(s.waitClosed());
        }
        return done(first + client.protocol().received);
    }

    /** A stream client talks to a protocol server, and a protocol client to a stream server. */
    @Test
    @Timeout(20)
    void streamsAndProtocolsTalkToEachOther() {
        assertEquals("a stream to a protocol\na protocol to a stream\n", run(mixedMain()));
    }

    // ------------------------------------------------------------------ 4. failing callbacks

    /** Fails on the data it receives. */
    static final class Failing extends Recorder {
        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            throw new IllegalStateException("cannot parse " + str(data));
        }
    }

    @Async
    static Coroutine<Void> failingMain(List<Map<String, Object>> reported, List<Failing> served) {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Server server = await(loop.createServer(keeping(Failing::new, served), HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        client.transport().write(bytes("garbage"));
        await(until(client.protocol()::isLost, "the server closes the connection"));
        assertEquals(List.of("made", "eof", "lost:null"), client.protocol().events);
        await(until(() -> served.get(0).isLost(), "the server's side is lost"));

        Server broken = await(loop.createServer(() -> {
            throw new IllegalArgumentException("no protocol today");
        }, HOST, 0));
        Endpoint<Transport, Recorder> refused = await(loop.createConnection(Recorder::new, HOST, broken.port()));
        await(until(refused.protocol()::isLost, "the connection the factory failed for is closed"));

        AtomicInteger made = new AtomicInteger();
        Throwable nullProtocol = await(failureOf(loop.createConnection(() -> {
            made.incrementAndGet();
            return (Protocol) null;
        }, HOST, server.port())));
        assertInstanceOf(NullPointerException.class, nullProtocol);
        assertEquals(1, made.get());
        for (Server s : List.of(server, broken)) {
            s.close();
            await(s.waitClosed());
        }
        return done();
    }

    /**
     * A dataReceived that throws is reported with asyncio's message and closes the connection, whose
     * connectionLost gets the exception; a protocol factory that throws is reported and its connection
     * closed; one that returns null fails createConnection.
     */
    @Test
    @Timeout(20)
    void failingCallbacksAreReportedAndCloseTheirConnection() {
        List<Map<String, Object>> reported = new ArrayList<>();
        List<Failing> served = new ArrayList<>();
        run(failingMain(reported, served));
        assertEquals(2, reported.size(), reported.toString());
        Map<String, Object> failed = reported.get(0);
        assertEquals("Fatal error: protocol.dataReceived() call failed.", failed.get("message"));
        assertEquals("cannot parse garbage", ((Throwable) failed.get("exception")).getMessage());
        assertSame(served.get(0), failed.get("protocol"));
        assertSame(served.get(0).transport, failed.get("transport"));
        assertEquals(List.of("made", "data", "lost:IllegalStateException"), served.get(0).events);
        assertSame(failed.get("exception"), served.get(0).lostWith);
        Map<String, Object> factory = reported.get(1);
        assertTrue(String.valueOf(factory.get("message")).startsWith("Error setting up an accepted connection"),
                factory.toString());
        assertEquals("no protocol today", ((Throwable) factory.get("exception")).getMessage());
    }

    @Async
    static Coroutine<Void> otherCallbacksMain(List<Map<String, Object>> reported) {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        List<Echo> served = new ArrayList<>();
        Server server = await(loop.createServer(keeping(() -> new Echo() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                throw new IllegalStateException("connectionMade fails");
            }
        }, served), HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        client.transport().write(bytes("still echoed"));
        client.transport().writeEof();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        assertEquals("still echoed", client.protocol().received.toString());
        await(until(() -> served.get(0).isLost(), "the server's side is lost"));

        Endpoint<DatagramTransport, DatagramRecorder> udp = await(loop.createDatagramEndpoint(() ->
                new DatagramRecorder() {
                    @Override
                    public void datagramReceived(byte[] data, SocketAddress sender) {
                        super.datagramReceived(data, sender);
                        if (datagrams.size() == 1) {
                            throw new IllegalArgumentException("the first datagram fails");
                        }
                    }
                }, new InetSocketAddress(HOST, 0), null));
        SocketAddress self = (SocketAddress) udp.transport().getExtraInfo("sockname");
        udp.transport().sendto(bytes("one"), self);
        udp.transport().sendto(bytes("two"), self);
        await(until(() -> udp.protocol().datagrams.size() == 2, "both datagrams"));
        udp.transport().close();
        server.close();
        await(server.waitClosed());
        return done();
    }

    /**
     * A connectionMade or datagramReceived that throws is reported as asyncio reports a failed callback,
     * and the connection or endpoint goes on (asyncio closes a connection only for the callbacks whose
     * failure leaves it in doubt: dataReceived, eofReceived).
     */
    @Test
    @Timeout(20)
    void otherFailingCallbacksAreReportedAndTheConnectionGoesOn() {
        List<Map<String, Object>> reported = new ArrayList<>();
        run(otherCallbacksMain(reported));
        assertEquals(2, reported.size(), reported.toString());
        assertTrue(String.valueOf(reported.get(0).get("message")).startsWith("Exception in callback"),
                reported.toString());
        assertEquals("connectionMade fails", ((Throwable) reported.get(0).get("exception")).getMessage());
        assertTrue(String.valueOf(reported.get(1).get("message")).startsWith("Exception in callback"),
                reported.toString());
        assertEquals("the first datagram fails", ((Throwable) reported.get(1).get("exception")).getMessage());
    }

    /** Receives through a small buffer of its own, keeping everything; {@code size} 0: a broken one. */
    static final class Buffered extends Recorder implements BufferedProtocol {
        final java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        private final ByteBuffer buffer;
        int buffersGiven;

        Buffered(int size) {
            buffer = ByteBuffer.allocate(size);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            assertTrue(sizeHint > 0, "a hint of " + sizeHint);
            buffersGiven++;
            buffer.clear();
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            assertEquals(nbytes, buffer.position(), "the transport advances the buffer past what it wrote");
            all.write(buffer.array(), 0, nbytes);
            super.dataReceived(java.util.Arrays.copyOf(buffer.array(), nbytes));
        }
    }

    @Async
    static Coroutine<Void> bufferedMain(List<Map<String, Object>> reported) {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        Server server = await(loop.createServer(Echo::new, HOST, 0));
        Endpoint<Transport, Buffered> client = await(loop.createConnection(() -> new Buffered(7), HOST,
                server.port()));
        byte[] sent = StreamsTest.pattern(100_000, 3);
        client.transport().write(sent);
        client.transport().writeEof();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        assertEquals(List.of("made", "data", "eof", "lost:null"), client.protocol().events);
        assertTrue(java.util.Arrays.equals(sent, client.protocol().all.toByteArray()), "the bytes that came back");
        assertTrue(client.protocol().buffersGiven >= 100_000 / 7, "buffers: " + client.protocol().buffersGiven);

        Endpoint<Transport, Buffered> broken = await(loop.createConnection(() -> new Buffered(0), HOST,
                server.port()));
        broken.transport().write(bytes("anything"));
        await(until(broken.protocol()::isLost, "the broken client's connection is lost"));
        assertEquals(List.of("made", "lost:IllegalStateException"), broken.protocol().events);
        server.close();
        await(server.waitClosed());
        return done();
    }

    /**
     * A BufferedProtocol receives into its own buffer, chunk by chunk however small it is; one that gives
     * an empty buffer fails its connection with asyncio's message.
     */
    @Test
    @Timeout(20)
    void aBufferedProtocolReceivesIntoItsOwnBuffer() {
        List<Map<String, Object>> reported = new ArrayList<>();
        run(bufferedMain(reported));
        assertEquals(1, reported.size(), reported.toString());
        assertEquals("Fatal error: protocol.getBuffer() call failed.", reported.get(0).get("message"));
        assertEquals("getBuffer() returned an empty buffer",
                ((Throwable) reported.get(0).get("exception")).getMessage());
    }

    // ------------------------------------------------------------------ 5. flow control

    @Async
    static Coroutine<Void> flowControlMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Recorder> served = new ArrayList<>();
        Server server = await(loop.createServer(keeping(() -> new Recorder() {
            @Override
            public void connectionMade(Transport t) {
                super.connectionMade(t);
                t.pauseReading(); // reads nothing until told: the client's buffer fills
            }
        }, served), HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        Transport out = client.transport();
        assertEquals(new Transport.WriteBufferLimits(16 * 1024, 64 * 1024), out.getWriteBufferLimits());
        out.setWriteBufferLimits(-1, 100);
        assertEquals(new Transport.WriteBufferLimits(100, 400), out.getWriteBufferLimits());
        assertThrows(IllegalArgumentException.class, () -> out.setWriteBufferLimits(10, 20));
        out.setWriteBufferLimits(64 * 1024, -1);
        assertEquals(new Transport.WriteBufferLimits(16 * 1024, 64 * 1024), out.getWriteBufferLimits());

        await(until(() -> served.size() == 1, "the server accepts"));
        Recorder server1 = served.get(0);
        await(until(() -> server1.transport != null, "connectionMade on the server"));
        assertFalse(server1.transport.isReading());
        int total = 32 * 1024 * 1024; // more than the sockets' buffers hold
        out.write(new byte[total]);
        assertTrue(out.getWriteBufferSize() > 64 * 1024, "buffered: " + out.getWriteBufferSize());
        assertEquals(List.of("made", "pause"), client.protocol().events);
        await(Asyncio.sleep(0.05));
        assertEquals(0, server1.receivedBytes, "nothing is handed over while reading is paused");
        // as asyncio's: new limits may pause the protocol, never resume it (that waits for sending)
        out.setWriteBufferLimits(Integer.MAX_VALUE, Integer.MAX_VALUE / 2);
        out.setWriteBufferLimits(1000, 500);
        assertEquals(List.of("made", "pause"), client.protocol().events);
        out.setWriteBufferLimits(64 * 1024, -1);

        server1.transport.resumeReading();
        assertTrue(server1.transport.isReading());
        await(until(() -> server1.receivedBytes == total, "everything arrives"));
        await(until(() -> client.protocol().events.contains("resume"), "resumeWriting"));
        assertEquals(List.of("made", "pause", "resume"), client.protocol().events);
        assertEquals(0, out.getWriteBufferSize());
        out.close();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        await(until(server1::isLost, "the server's side is lost"));
        server.close();
        await(server.waitClosed());
        return done();
    }

    /**
     * A writer that outruns a peer that reads nothing is told pauseWriting once its buffer passes the
     * high-water mark and resumeWriting once the peer reads again and it drains to the low one; the
     * limits follow asyncio's defaults and checks.
     */
    @Test
    @Timeout(30)
    void flowControlPausesAndResumesTheWriterAndTheReader() {
        run(flowControlMain());
    }

    // ------------------------------------------------------------------ 6. closing clients, switching

    @Async
    static Coroutine<Void> closeClientsMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Recorder> served = new ArrayList<>();
        Server server = await(loop.createServer(keeping(Recorder::new, served), HOST, 0));
        List<Endpoint<Transport, Recorder>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(await(loop.createConnection(Recorder::new, HOST, server.port())));
        }
        await(until(() -> server.activeConnections() == 3 && served.size() == 3
                && served.stream().allMatch(r -> r.transport != null), "three connections made"));
        server.close();
        server.closeClients();
        await(server.waitClosed());
        for (Recorder r : served) {
            await(until(r::isLost, "a server side is lost"));
            assertEquals(List.of("made", "lost:null"), r.events);
        }
        for (Endpoint<Transport, Recorder> c : clients) {
            await(until(c.protocol()::isLost, "a client is lost"));
            assertEquals(List.of("made", "eof", "lost:null"), c.protocol().events);
        }
        return done();
    }

    /** Server.closeClients closes every protocol's connection; each client sees the end, then the loss. */
    @Test
    @Timeout(20)
    void closingTheServersClientsEndsEveryProtocol() {
        run(closeClientsMain());
    }

    @Async
    static Coroutine<Void> switchMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Recorder second = new Recorder();
        List<Recorder> served = new ArrayList<>();
        Server server = await(loop.createServer(keeping(() -> new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                second.transport = transport; // taken over as it is: no connectionMade
                second.events.add("made");
                transport.setProtocol(second);
            }
        }, served), HOST, 0));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, HOST, server.port()));
        client.transport().write(bytes("one"));
        await(until(() -> served.size() == 1 && !served.get(0).events.equals(List.of("made")), "the first data"));
        client.transport().write(bytes("two"));
        await(until(() -> second.received.length() == 3, "the second data"));
        assertSame(second, served.get(0).transport.getProtocol());
        client.transport().close();
        await(until(second::isLost, "the switched-to protocol is told of the loss"));
        assertEquals(List.of("made", "data"), served.get(0).events);
        assertEquals(List.of("made", "data", "eof", "lost:null"), second.events);
        assertEquals("two", second.received.toString());
        server.close();
        await(server.waitClosed());
        return done();
    }

    /** setProtocol hands the connection to another protocol, which gets what happens from then on. */
    @Test
    @Timeout(20)
    void setProtocolHandsTheConnectionOver() {
        run(switchMain());
    }

    // ------------------------------------------------------------------ 7. Unix domain, failures to connect

    @Async
    static Coroutine<String> unixMain(Path path) {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = await(loop.createUnixServer(Echo::new, path));
        Endpoint<Transport, Recorder> client = await(loop.createUnixConnection(Recorder::new, path));
        client.transport().write(bytes("over a socket file"));
        client.transport().writeEof();
        await(until(client.protocol()::isLost, "the client's connection is lost"));
        server.close();
        await(server.waitClosed());
        return done(client.protocol().received.toString());
    }

    /** Protocols over a Unix-domain socket. */
    @Test
    @Timeout(20)
    void unixDomainSocketsCarryProtocols(@TempDir Path dir) {
        assertEquals("over a socket file", run(unixMain(dir.resolve("echo.sock"))));
    }

    @Async
    static Coroutine<Throwable> refusedMain(int port, AtomicInteger made) {
        return done(await(failureOf(Asyncio.getRunningLoop().createConnection(() -> {
            made.incrementAndGet();
            return new Recorder();
        }, HOST, port))));
    }

    /** A refused connection fails createConnection, and no protocol is made for it. */
    @Test
    @Timeout(20)
    void aRefusedConnectionFailsWithoutMakingAProtocol() throws IOException {
        int port;
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(HOST, 0));
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        AtomicInteger made = new AtomicInteger();
        Throwable e = run(refusedMain(port, made));
        assertInstanceOf(UncheckedIOException.class, e);
        assertInstanceOf(ConnectException.class, e.getCause());
        assertEquals(0, made.get());
    }

    // ------------------------------------------------------------------ 8. datagrams

    /** Records datagrams as "text from port", and errors by their simple class name. */
    static class DatagramRecorder implements DatagramProtocol {
        final List<String> events = new ArrayList<>();
        final List<String> datagrams = new ArrayList<>();
        final List<Exception> errors = new ArrayList<>();
        DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport t) {
            assertTrue(events.isEmpty(), "connectionMade comes first: " + events);
            transport = t;
            events.add("made");
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress sender) {
            assertEquals("made", events.get(0), "a datagram before connectionMade");
            datagrams.add(str(data) + " from " + ((InetSocketAddress) sender).getPort());
        }

        @Override
        public void errorReceived(Exception error) {
            errors.add(error);
        }

        @Override
        public void connectionLost(Throwable error) {
            events.add("lost:" + error);
        }
    }

    /** Sends each datagram back to where it came from, upper-cased. */
    static final class UpperEcho extends DatagramRecorder {
        @Override
        public void datagramReceived(byte[] data, SocketAddress sender) {
            super.datagramReceived(data, sender);
            transport.sendto(bytes(str(data).toUpperCase(java.util.Locale.ROOT)), sender);
        }
    }

    private static int port(Object address) {
        return ((InetSocketAddress) address).getPort();
    }

    @Async
    static Coroutine<Void> closingFreesTheSocketAtOnceMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = await(loop.createServer(() -> new Protocol() { }, HOST, 0));
        int port = server.port();
        server.close();
        // no loop iteration since: NIO would keep a watched socket listening until the next select
        try (SocketChannel probe = SocketChannel.open()) {
            assertThrows(ConnectException.class, () -> probe.connect(new InetSocketAddress(HOST, port)),
                    "a closed server refuses at once");
        }
        await(server.waitClosed());

        Endpoint<DatagramTransport, DatagramRecorder> udp = await(loop.createDatagramEndpoint(
                DatagramRecorder::new, new InetSocketAddress(HOST, 0), null));
        SocketAddress bound = (SocketAddress) udp.transport().getExtraInfo("sockname");
        udp.transport().close();
        await(Asyncio.sleep(0)); // connectionLost runs: the socket is closed with it, as asyncio closes it
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(bound); // no SO_REUSEADDR: fails while the old socket lives
        }
        return done();
    }

    /** A closed server or endpoint frees its socket at once, not at the loop's next wait. */
    @Test
    @Timeout(10)
    void closingFreesTheSocketAtOnce() throws IOException {
        run(closingFreesTheSocketAtOnceMain());
    }

    @Async
    static Coroutine<Void> datagramMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<DatagramTransport, UpperEcho> server = await(loop.createDatagramEndpoint(UpperEcho::new,
                new InetSocketAddress(HOST, 0), null));
        SocketAddress serverAddress = (SocketAddress) server.transport().getExtraInfo("sockname");
        assertNull(server.transport().getExtraInfo("peername"));
        assertInstanceOf(DatagramChannel.class, server.transport().getExtraInfo("socket"));

        Endpoint<DatagramTransport, DatagramRecorder> connected = await(loop.createDatagramEndpoint(
                DatagramRecorder::new, null, serverAddress));
        assertSame(connected.transport(), connected.protocol().transport);
        assertEquals(serverAddress, connected.transport().getExtraInfo("peername"));
        connected.transport().sendto(bytes("ping"));
        connected.transport().sendto(bytes("pong"), serverAddress);
        assertThrows(IllegalArgumentException.class,
                () -> connected.transport().sendto(bytes("x"), new InetSocketAddress(HOST, 9)));

        Endpoint<DatagramTransport, DatagramRecorder> free = await(loop.createDatagramEndpoint(
                DatagramRecorder::new, InetSocketAddress.createUnresolved("localhost", 0), null));
        assertThrows(IllegalArgumentException.class, () -> free.transport().sendto(bytes("nowhere")));
        free.transport().sendto(bytes("hello"), serverAddress);

        await(until(() -> connected.protocol().datagrams.size() == 2 && free.protocol().datagrams.size() == 1,
                "the answers"));
        int serverPort = port(serverAddress);
        assertEquals(List.of("PING from " + serverPort, "PONG from " + serverPort), connected.protocol().datagrams);
        assertEquals(List.of("HELLO from " + serverPort), free.protocol().datagrams);
        assertEquals(List.of("ping from " + port(connected.transport().getExtraInfo("sockname")),
                "pong from " + port(connected.transport().getExtraInfo("sockname")),
                "hello from " + port(free.transport().getExtraInfo("sockname"))), server.protocol().datagrams);

        for (DatagramTransport t : List.of(server.transport(), connected.transport(), free.transport())) {
            t.close();
            assertTrue(t.isClosing());
            t.sendto(bytes("dropped"), serverAddress);
        }
        await(Asyncio.sleep(0));
        for (DatagramRecorder r : List.of(server.protocol(), connected.protocol(), free.protocol())) {
            assertEquals(List.of("made", "lost:null"), r.events);
            assertEquals(List.of(), r.errors);
        }
        assertFalse(((DatagramChannel) server.transport().getExtraInfo("socket")).isOpen());
        return done();
    }

    /**
     * Datagrams go both ways between a bound endpoint, a connected one and an unconnected one: each
     * protocol hears of them with their sender, sendto checks its address, a closed transport drops what
     * it is given and tells its protocol connectionLost(null).
     */
    @Test
    @Timeout(20)
    void datagramsGoBothWays() {
        run(datagramMain());
    }

    @Async
    static Coroutine<Exception> unreachableMain(int port) {
        Endpoint<DatagramTransport, DatagramRecorder> e = await(Asyncio.getRunningLoop().createDatagramEndpoint(
                DatagramRecorder::new, null, new InetSocketAddress(HOST, port)));
        for (int i = 0; i < 200 && e.protocol().errors.isEmpty(); i++) {
            e.transport().sendto(bytes("anyone?"));
            await(Asyncio.sleep(0.02));
        }
        e.transport().close();
        await(Asyncio.sleep(0));
        assertEquals("made", e.protocol().events.get(0));
        return done(e.protocol().errors.isEmpty() ? null : e.protocol().errors.get(0));
    }

    /** A connected endpoint learns from errorReceived that nobody listens at its peer's port; it goes on. */
    @Test
    @Timeout(20)
    void aConnectedEndpointHearsOfAnUnreachablePort() throws IOException {
        int port;
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(HOST, 0));
            port = ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
        assertInstanceOf(PortUnreachableException.class, run(unreachableMain(port)));
    }
}
