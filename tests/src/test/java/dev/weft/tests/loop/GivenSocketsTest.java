package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static dev.weft.tests.loop.StreamsTest.bytes;
import static dev.weft.tests.loop.StreamsTest.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Connection;
import dev.weft.loop.DatagramTransport;
import dev.weft.loop.Endpoint;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Server;
import dev.weft.loop.StreamOptions;
import dev.weft.loop.StreamReader;
import dev.weft.loop.StreamWriter;
import dev.weft.loop.Transport;
import dev.weft.tests.loop.ProtocolsTest.DatagramRecorder;
import dev.weft.tests.loop.ProtocolsTest.Echo;
import dev.weft.tests.loop.ProtocolsTest.Recorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sockets the caller made, handed to the loop (asyncio's {@code sock=} and {@code connect_accepted_socket}):
 * a server on a bound channel, a protocol or streams on a connected one, the server's side of a
 * connection accepted outside the loop, a datagram endpoint on a UDP channel set up by hand. Over TCP on
 * 127.0.0.1 and over a Unix-domain socket; TLS over such channels is in {@link TlsStreamsTest}.
 */
class GivenSocketsTest {
    private static final String HOST = "127.0.0.1";

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    /** A connected pair of blocking TCP channels on 127.0.0.1: the client's side first, the accepted one second. */
    static SocketChannel[] connectedPair() throws IOException {
        return connectedPair(-1);
    }

    /**
     * {@link #connectedPair()} with socket buffers of about {@code buffer} bytes (if not negative) both
     * ways, so that a few MiB fill them (loopback's are otherwise tuned up to several MiB).
     */
    static SocketChannel[] connectedPair(int buffer) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            if (buffer >= 0) {
                listener.setOption(StandardSocketOptions.SO_RCVBUF, buffer); // before listening: the window
            }
            listener.bind(new InetSocketAddress(HOST, 0));
            SocketChannel client = SocketChannel.open();
            if (buffer >= 0) {
                client.setOption(StandardSocketOptions.SO_SNDBUF, buffer);
            }
            client.connect(listener.getLocalAddress());
            return new SocketChannel[] {client, listener.accept()};
        }
    }

    // ------------------------------------------------------------------ servers

    @Async
    static Coroutine<Void> protocolServerMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        ServerSocketChannel listening = ServerSocketChannel.open();
        listening.setOption(StandardSocketOptions.SO_REUSEADDR, true); // set before listening: why one gives a channel
        listening.bind(new InetSocketAddress(HOST, 0));
        List<Echo> served = new ArrayList<>();
        Server server = await(loop.createServer(ProtocolsTest.keeping(Echo::new, served), listening));
        assertEquals(listening.getLocalAddress(), server.localAddress());
        assertFalse(listening.isBlocking(), "the server switched it to non-blocking mode");

        Endpoint<Transport, Recorder> c = await(loop.createConnection(Recorder::new, HOST, server.port()));
        c.transport().write(bytes("ping"));
        await(ProtocolsTest.until(() -> c.protocol().received.toString().equals("ping"), "the echo"));
        assertEquals(1, served.size());
        c.transport().close();
        server.close();
        await(server.waitClosed());
        assertFalse(listening.isOpen(), "closing the server closes its channel");
        return done();
    }

    /** createServer over a channel the caller bound: it accepts on it, and closes it when it closes. */
    @Test
    @Timeout(20)
    void aProtocolServerAcceptsOnAChannelTheCallerBound() throws IOException {
        run(protocolServerMain());
    }

    @Async
    static Coroutine<String> streamServerMain(Path dir) throws IOException {
        Path file = dir.resolve("given.sock");
        ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listening.bind(UnixDomainSocketAddress.of(file));
        Server server = await(Asyncio.startServer(GivenSocketsTest::upperCaseLine, listening));
        assertEquals(-1, server.port());

        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(file)); // blocking: made outside the loop
        Connection c = await(Asyncio.openConnection(channel));
        assertFalse(channel.isBlocking());
        c.writer().write(bytes("over a unix socket\n"));
        String answer = str(await(c.reader().readline()));
        c.writer().close();
        await(c.writer().waitClosed());
        assertFalse(channel.isOpen(), "closing the writer closes the channel");
        server.close();
        await(server.waitClosed());
        assertFalse(Files.exists(file), "the server removes its socket file, as one it bound itself");
        return done(answer);
    }

    @Async
    static Coroutine<Void> upperCaseLine(StreamReader reader, StreamWriter writer) {
        String line = str(await(reader.readline()));
        writer.write(bytes(line.toUpperCase(java.util.Locale.ROOT)));
        await(writer.drain());
        writer.close();
        return done();
    }

    /** startServer and openConnection over channels the caller made, on a Unix-domain socket. */
    @Test
    @Timeout(20)
    void streamsRunOverUnixChannelsTheCallerMade(@TempDir Path dir) throws IOException {
        assertEquals("OVER A UNIX SOCKET\n", run(streamServerMain(dir)));
    }

    // ------------------------------------------------------------------ connections

    @Async
    static Coroutine<Void> acceptedSocketMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = connectedPair();
        Endpoint<Transport, Echo> server = await(loop.connectAcceptedSocket(Echo::new, pair[1]));
        Endpoint<Transport, Recorder> client = await(loop.createConnection(Recorder::new, pair[0]));
        assertEquals(List.of("made"), server.protocol().events);
        assertEquals(List.of("made"), client.protocol().events);
        assertEquals(pair[0].getRemoteAddress(), client.transport().getExtraInfo("peername"));
        assertSame(pair[1], server.transport().getExtraInfo("socket"));

        client.transport().write(bytes("both ends given"));
        await(ProtocolsTest.until(() -> client.protocol().received.toString().equals("both ends given"),
                "the echo"));
        // a transport that pauses reading keeps its channel registered (resuming costs no new registration);
        // closing it releases the channel at once
        client.transport().pauseReading();
        assertTrue(pair[0].isRegistered(), "paused, still registered");
        client.transport().resumeReading();
        client.transport().pauseReading();
        client.transport().close();
        await(ProtocolsTest.until(() -> client.protocol().isLost() && server.protocol().isLost(), "both lost"));
        assertEquals(List.of("made", "data", "eof", "lost:null"), server.protocol().events);
        assertFalse(pair[0].isOpen());
        assertFalse(pair[0].isRegistered(), "released as the transport closed");
        assertFalse(pair[1].isOpen());
        return done();
    }

    /**
     * connectAcceptedSocket takes a connection accepted outside the loop, createConnection one connected
     * outside it: both protocols are told connectionMade before the coroutines return, and talk.
     */
    @Test
    @Timeout(20)
    void aConnectionMadeOutsideTheLoopServesBothEnds() throws IOException {
        run(acceptedSocketMain());
    }

    @Async
    @SuppressWarnings("weft") // the refused calls make no coroutine to await
    static Coroutine<Void> refusalsMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        try (SocketChannel unconnected = SocketChannel.open();
             ServerSocketChannel unbound = ServerSocketChannel.open()) {
            assertThrows(IllegalArgumentException.class, () -> loop.createConnection(Recorder::new, unconnected));
            assertThrows(IllegalArgumentException.class,
                    () -> loop.connectAcceptedSocket(Recorder::new, unconnected));
            assertThrows(IllegalArgumentException.class, () -> Asyncio.openConnection(unconnected));
            assertThrows(IllegalArgumentException.class, () -> loop.createServer(Recorder::new, unbound));
            assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.startServer(GivenSocketsTest::upperCaseLine, unbound));
        }
        SocketChannel[] pair = connectedPair();
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> loop.createConnection(Recorder::new, pair[0], StreamOptions.tls(SSLContext.getDefault())));
        assertTrue(noHost.getMessage().contains("server_hostname"), noHost.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.connectAcceptedSocket(Recorder::new, pair[1],
                StreamOptions.tls(SSLContext.getDefault()).withServerHostname("localhost")));

        IllegalStateException broken = new IllegalStateException("no protocol today");
        Throwable failed = await(failureOf(loop.createConnection(() -> {
            throw broken;
        }, pair[0])));
        assertSame(broken, failed);
        assertFalse(pair[0].isOpen(), "the channel was the transport's: closed when opening failed");
        pair[1].close();
        return done();
    }

    /**
     * Refused at the call: a connection that is not connected, a server channel that is not bound, TLS as
     * a client with no host name to check, a host name for a server. A failing protocol factory fails the
     * coroutine and closes the channel.
     */
    @Test
    @Timeout(20)
    void channelsThatCannotServeAreRefused() throws IOException {
        run(refusalsMain());
    }

    // ------------------------------------------------------------------ datagrams

    @Async
    static Coroutine<Void> datagramMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        DatagramChannel bound = DatagramChannel.open().bind(new InetSocketAddress(HOST, 0));
        bound.setOption(StandardSocketOptions.SO_BROADCAST, true); // what the loop's own socket would not set
        Endpoint<DatagramTransport, ProtocolsTest.UpperEcho> server = await(loop.createDatagramEndpoint(
                ProtocolsTest.UpperEcho::new, bound));
        assertSame(bound, server.transport().getExtraInfo("socket"));
        assertEquals(bound.getLocalAddress(), server.transport().getExtraInfo("sockname"));
        assertFalse(bound.isBlocking());

        DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress(HOST, 0));
        connected.connect(bound.getLocalAddress());
        Endpoint<DatagramTransport, DatagramRecorder> client = await(loop.createDatagramEndpoint(
                DatagramRecorder::new, connected));
        SocketAddress peer = (SocketAddress) client.transport().getExtraInfo("peername");
        assertEquals(bound.getLocalAddress(), peer, "connected as the caller connected it");
        client.transport().sendto(bytes("hello"));
        await(ProtocolsTest.until(() -> client.protocol().datagrams.size() == 1, "the answer"));
        int serverPort = ((InetSocketAddress) bound.getLocalAddress()).getPort();
        assertEquals(List.of("HELLO from " + serverPort), client.protocol().datagrams);

        client.transport().close();
        server.transport().close();
        await(ProtocolsTest.until(() -> client.protocol().events.size() == 2
                && server.protocol().events.size() == 2, "both lost"));
        assertFalse(bound.isOpen());
        assertFalse(connected.isOpen());
        assertEquals(List.of(), client.protocol().errors);
        return done();
    }

    /** createDatagramEndpoint over UDP channels the caller set up: one bound with an option, one connected. */
    @Test
    @Timeout(20)
    void aDatagramEndpointRunsOnAChannelTheCallerSetUp() throws IOException {
        run(datagramMain());
    }
}
