package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import dev.weft.loop.Connection;
import dev.weft.loop.Endpoint;
import dev.weft.loop.Event;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Server;
import dev.weft.loop.StreamOptions;
import dev.weft.loop.StreamReader;
import dev.weft.loop.StreamWriter;
import dev.weft.loop.Task;
import dev.weft.loop.Transport;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS streams end to end over real sockets: certificates made for the test by the JDK's keytool, a server
 * with its key, clients that trust it (or not), woven coroutines on both sides.
 */
class TlsStreamsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    /** A server certificate for localhost and 127.0.0.1. */
    private static SSLContext server;
    /** A server certificate for another name only. */
    private static SSLContext otherNameServer;
    /** A client trusting both test certificates. */
    private static SSLContext client;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        KeyStore local = keyPair(dir, "local", "SAN=dns:localhost,ip:127.0.0.1");
        KeyStore other = keyPair(dir, "other", "SAN=dns:other.invalid");
        server = serverContext(local);
        otherNameServer = serverContext(other);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("local", local.getCertificate("local"));
        trusted.setCertificateEntry("other", other.getCertificate("other"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    /** A key pair and self-signed certificate made by keytool, with the given subject alternative names. */
    private static KeyStore keyPair(Path dir, String alias, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + alias, "-ext", san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor(), output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    @Async
    static Coroutine<String> echoMain(String host) {
        Server s = await(Asyncio.startServer(StreamsTest::echo, "127.0.0.1", 0, server));
        Connection c = await(Asyncio.openConnection(host, s.port(), client));
        assertTrue(c.writer().sslSession().getProtocol().startsWith("TLS"), c.writer().sslSession().getProtocol());
        assertFalse(c.writer().canWriteEof());
        assertThrows(UnsupportedOperationException.class, () -> c.writer().writeEof());
        c.writer().write("over TLS\n".getBytes(UTF_8));
        c.writer().write("second line\n".getBytes(UTF_8));
        String first = new String(await(c.reader().readline()), UTF_8);
        String second = new String(await(c.reader().readline()), UTF_8);
        c.writer().close();
        await(c.writer().waitClosed());
        s.close();
        await(s.waitClosed());
        return done(first + second);
    }

    /** Lines go and come back through TLS, the handshake done before openConnection returns. */
    @Test
    @Timeout(20)
    void linesRoundTripOverTls() {
        assertEquals("over TLS\nsecond line\n", run(echoMain("127.0.0.1")));
    }

    /** A host name is checked against the certificate's names too, and sent to the server (SNI). */
    @Test
    @Timeout(20)
    void aHostNameInTheCertificateIsAccepted() {
        assertEquals("over TLS\nsecond line\n", run(echoMain("localhost")));
    }

    @Async
    static Coroutine<Void> protocolsMain(SSLContext untrusted) {
        EventLoop loop = Asyncio.getRunningLoop();
        List<ProtocolsTest.Echo> served = new ArrayList<>();
        Server s = await(loop.createServer(ProtocolsTest.keeping(ProtocolsTest.Echo::new, served), "127.0.0.1", 0,
                StreamOptions.tls(server)));
        Endpoint<Transport, ProtocolsTest.Recorder> c = await(loop.createConnection(ProtocolsTest.Recorder::new,
                "localhost", s.port(), StreamOptions.tls(client)));
        Transport t = c.transport();
        assertEquals(List.of("made"), c.protocol().events, "made once the handshake is done");
        SSLSession session = (SSLSession) t.getExtraInfo("ssl_object");
        assertTrue(session.getProtocol().startsWith("TLS"), session.getProtocol());
        assertEquals(session.getCipherSuite(), t.getExtraInfo("cipher"));
        assertInstanceOf(X509Certificate.class, t.getExtraInfo("peercert"));
        assertFalse(t.canWriteEof());
        assertThrows(UnsupportedOperationException.class, t::writeEof);
        t.write("over TLS".getBytes(UTF_8));
        await(ProtocolsTest.until(() -> c.protocol().received.toString().equals("over TLS"), "the echo"));
        ProtocolsTest.Echo first = served.get(0);
        assertNull(first.transport.getExtraInfo("peercert"), "the client sent no certificate");
        t.close(); // close_notify: the server's protocol gets eofReceived, and closes its side
        await(ProtocolsTest.until(() -> c.protocol().isLost() && first.isLost(), "both sides are lost"));
        assertEquals(List.of("made", "data", "lost:null"), c.protocol().events);
        assertEquals(List.of("made", "data", "eof", "lost:null"), first.events);

        Throwable refused = await(failureOf(loop.createConnection(ProtocolsTest.Recorder::new, "127.0.0.1",
                s.port(), StreamOptions.tls(untrusted))));
        assertInstanceOf(UncheckedIOException.class, refused);
        await(ProtocolsTest.until(() -> s.activeConnections() == 0, "the server closes its side"));
        assertEquals(2, served.size());
        assertEquals(List.of(), served.get(1).events, "a protocol whose handshake failed is never called");
        s.close();
        await(s.waitClosed());
        return done();
    }

    /**
     * Protocols over TLS: connectionMade once the handshake is done (the coroutine returns then), the
     * session in the extra info, the peer's close_notify taken as its end; a failed handshake fails
     * createConnection and never calls the server's protocol.
     */
    @Test
    @Timeout(20)
    void protocolsTalkOverTls() throws Exception {
        run(protocolsMain(SSLContext.getDefault()));
    }

    @Async
    static Coroutine<String> givenChannelsMain() throws java.io.IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        java.nio.channels.SocketChannel[] pair = GivenSocketsTest.connectedPair();
        Task<Endpoint<Transport, ProtocolsTest.Echo>> accepting = loop.createTask(loop.connectAcceptedSocket(
                ProtocolsTest.Echo::new, pair[1], StreamOptions.tls(server)));
        Endpoint<Transport, ProtocolsTest.Recorder> c = await(loop.createConnection(ProtocolsTest.Recorder::new,
                pair[0], StreamOptions.tls(client).withServerHostname("localhost")));
        Endpoint<Transport, ProtocolsTest.Echo> s = await(accepting);
        assertEquals(List.of("made"), s.protocol().events, "made once the handshake is done");
        assertNull(s.transport().getExtraInfo("peercert"), "the server's side: the client sent no certificate");
        assertInstanceOf(X509Certificate.class, c.transport().getExtraInfo("peercert"));
        c.transport().write("over given channels".getBytes(UTF_8));
        await(ProtocolsTest.until(() -> c.protocol().received.toString().equals("over given channels"), "the echo"));
        c.transport().close();
        await(ProtocolsTest.until(() -> c.protocol().isLost() && s.protocol().isLost(), "both sides are lost"));
        return done(((SSLSession) s.transport().getExtraInfo("ssl_object")).getProtocol());
    }

    /**
     * TLS over channels connected outside the loop: connectAcceptedSocket is the server's side,
     * createConnection the client's, checking the certificate against the host name the options give.
     */
    @Test
    @Timeout(20)
    void tlsRunsOverChannelsConnectedOutsideTheLoop() throws java.io.IOException {
        assertTrue(run(givenChannelsMain()).startsWith("TLS"));
    }

    /** Sends the file at {@code path} with loop.sendfile through the writer's transport, then closes. */
    @Async
    static Coroutine<Void> sendFile(Path path, StreamWriter writer) {
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(path)) {
            long sent = await(Asyncio.getRunningLoop().sendfile(writer.transport(), file));
            writer.write(("\n" + sent).getBytes(UTF_8));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<byte[]> sendfileMain(Path path) {
        Server s = await(Asyncio.startServer((reader, writer) -> sendFile(path, writer), "127.0.0.1", 0, server));
        Connection c = await(Asyncio.openConnection("localhost", s.port(), client));
        byte[] all = await(c.reader().read(-1));
        c.writer().close();
        s.close();
        await(s.waitClosed());
        return done(all);
    }

    /** loop.sendfile over TLS: asyncio's fallback, the file read in chunks and written through TLS. */
    @Test
    @Timeout(20)
    void aFileGoesThroughTlsBySendfile(@TempDir Path dir) throws java.io.IOException {
        byte[] data = new byte[1024 * 1024 + 3];
        new java.util.Random(7).nextBytes(data);
        Path path = dir.resolve("data.bin");
        Files.write(path, data);
        byte[] got = run(sendfileMain(path));
        String tail = "\n" + data.length;
        assertEquals(data.length + tail.length(), got.length);
        assertTrue(java.util.Arrays.equals(data, java.util.Arrays.copyOf(got, data.length)), "the file's bytes");
        assertEquals(tail, new String(got, data.length, tail.length(), UTF_8));
    }

    /**
     * A line protocol with STARTTLS: answers "STARTTLS" with "OK" and upgrades its side (as the TLS
     * server, its connection being accepted); echoes every other line, saying whether TLS carried it.
     */
    static final class StartTlsServer extends ProtocolsTest.Recorder {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            line.append(new String(data, UTF_8));
            int end;
            while ((end = line.indexOf("\n")) >= 0) {
                String l = line.substring(0, end);
                line.delete(0, end + 1);
                if (l.equals("STARTTLS")) {
                    transport.write("OK\n".getBytes(UTF_8));
                    Asyncio.getRunningLoop().createTask(Asyncio.getRunningLoop().startTls(transport,
                            StreamOptions.tls(server)));
                } else {
                    boolean tls = transport.getExtraInfo("ssl_object") != null;
                    transport.write((l + (tls ? " over TLS" : " in plain") + "\n").getBytes(UTF_8));
                }
            }
        }
    }

    @Async
    static Coroutine<String> startTlsProtocolsMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Server s = await(loop.createServer(StartTlsServer::new, "127.0.0.1", 0));
        Endpoint<Transport, ProtocolsTest.Recorder> c = await(loop.createConnection(ProtocolsTest.Recorder::new,
                "127.0.0.1", s.port()));
        Transport t = c.transport();
        t.write("hello\nSTARTTLS\n".getBytes(UTF_8));
        await(ProtocolsTest.until(() -> c.protocol().received.toString().endsWith("OK\n"), "the OK"));
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, StreamOptions.defaults()));
        Transport upgraded = await(loop.startTls(t, StreamOptions.tls(client).withServerHostname("localhost")));
        assertSame(t, upgraded, "upgraded in place");
        assertTrue(((SSLSession) t.getExtraInfo("ssl_object")).getProtocol().startsWith("TLS"));
        t.write("secret\n".getBytes(UTF_8));
        await(ProtocolsTest.until(() -> c.protocol().received.toString().endsWith("TLS\n"), "the echo"));
        assertInstanceOf(IllegalStateException.class,
                await(failureOf(loop.startTls(t, StreamOptions.tls(client)))), "TLS twice");
        t.close();
        await(ProtocolsTest.until(c.protocol()::isLost, "the client is lost"));
        assertEquals(List.of("made", "data", "lost:null"), c.protocol().events, "made once, TLS or not");
        s.close();
        await(s.waitClosed());
        return done(c.protocol().received.toString());
    }

    /**
     * STARTTLS between two protocols: loop.startTls upgrades each side's transport in place, the server's
     * as the TLS server (its connection was accepted), the client's checking the certificate's name.
     */
    @Test
    @Timeout(20)
    void protocolsUpgradeToTlsInPlace() {
        assertEquals("hello in plain\nOK\nsecret over TLS\n", run(startTlsProtocolsMain()));
    }

    /** Reads everything, then answers with the byte count and CRC, and closes. */
    @Async
    static Coroutine<Void> checksum(StreamReader reader, StreamWriter writer) {
        CRC32 crc = new CRC32();
        long n = 0;
        while (true) {
            byte[] chunk = await(reader.read(10_000));
            if (chunk.length == 0) {
                break;
            }
            crc.update(chunk);
            n += chunk.length;
            if (chunk[chunk.length - 1] == '!') {
                break; // the client's last byte: TLS has no half-close to mark the end
            }
        }
        writer.write((n + " " + crc.getValue() + "\n").getBytes(UTF_8));
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    @Async
    static Coroutine<String> bulkMain(byte[] data) {
        Server s = await(Asyncio.startServer(TlsStreamsTest::checksum, "127.0.0.1", 0, server));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(), client));
        for (int off = 0; off < data.length; off += 32 * 1024) {
            c.writer().write(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 32 * 1024)));
            await(c.writer().drain());
        }
        String answer = new String(await(c.reader().readline()), UTF_8).strip();
        assertEquals(0, await(c.reader().read(-1)).length, "the server's close_notify ends the stream");
        assertTrue(c.reader().atEof());
        c.writer().close();
        s.close();
        await(s.waitClosed());
        return done(answer);
    }

    /** Megabytes in TLS records arrive whole and in order, with drain() holding the writer back. */
    @Test
    @Timeout(30)
    void megabytesArriveWhole() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        for (int i = 0; i < data.length - 1; i++) {
            if (data[i] == '!') {
                data[i] = '?';
            }
        }
        data[data.length - 1] = '!';
        CRC32 crc = new CRC32();
        crc.update(data);
        assertEquals(data.length + " " + crc.getValue(), run(bulkMain(data)));
    }

    @Async
    static Coroutine<Throwable> refusedMain(SSLContext serverSide, SSLContext clientSide, String host,
                                            AtomicInteger handlersRun) {
        Server s = await(Asyncio.startServer((r, w) -> {
            handlersRun.incrementAndGet();
            return StreamsTest.echo(r, w);
        }, "127.0.0.1", 0, serverSide));
        Throwable failure = await(failureOf(Asyncio.openConnection(host, s.port(), clientSide)));
        for (int i = 0; i < 500 && s.activeConnections() > 0; i++) {
            await(Asyncio.sleep(0.01)); // the server side sees the alert, or the end, and closes its end
        }
        assertEquals(0, s.activeConnections(), "the failed connection is closed on the server too");
        s.close();
        await(s.waitClosed());
        return done(failure);
    }

    /** A server the client does not trust fails the handshake, and its handler never runs. */
    @Test
    @Timeout(20)
    void anUntrustedServerIsRefused() throws Exception {
        AtomicInteger handlers = new AtomicInteger();
        Throwable e = run(refusedMain(server, SSLContext.getDefault(), "127.0.0.1", handlers));
        assertInstanceOf(UncheckedIOException.class, e);
        assertInstanceOf(SSLException.class, e.getCause());
        assertEquals(0, handlers.get());
    }

    /** A trusted certificate for another name is refused too: the host name is checked. */
    @Test
    @Timeout(20)
    void aCertificateForAnotherNameIsRefused() {
        AtomicInteger handlers = new AtomicInteger();
        Throwable e = run(refusedMain(otherNameServer, client, "127.0.0.1", handlers));
        assertInstanceOf(UncheckedIOException.class, e);
        assertInstanceOf(SSLException.class, e.getCause());
        assertEquals(0, handlers.get());
    }

    @Async
    static Coroutine<List<Object>> plainWriterMain() {
        Server s = await(Asyncio.startServer(StreamsTest::echo, "127.0.0.1", 0));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port()));
        List<Object> seen = List.of(c.writer().canWriteEof(), String.valueOf(c.writer().sslSession()));
        c.writer().close();
        s.close();
        await(s.waitClosed());
        return done(seen);
    }

    /** Without TLS, a writer can half-close and has no TLS session. */
    @Test
    @Timeout(20)
    void aPlainConnectionHasNoTlsSession() {
        List<Object> seen = run(plainWriterMain());
        assertEquals(true, seen.get(0));
        assertEquals("null", seen.get(1));
    }

    /** A STARTTLS server: plain until the client asks, then the same connection over TLS. */
    @Async
    static Coroutine<Void> startTlsUpgrade(StreamReader reader, StreamWriter writer) {
        assertEquals("STARTTLS\n", new String(await(reader.readline()), UTF_8));
        writer.write("OK\n".getBytes(UTF_8));
        await(writer.startTls(server));
        await(StreamsTest.echo(reader, writer)); // the same echo, now over TLS
        return done();
    }

    @Async
    static Coroutine<String> startTlsMain() {
        Server s = await(Asyncio.startServer(TlsStreamsTest::startTlsUpgrade, "127.0.0.1", 0));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port()));
        assertNull(c.writer().sslSession());
        c.writer().write("STARTTLS\n".getBytes(UTF_8));
        assertEquals("OK\n", new String(await(c.reader().readline()), UTF_8));
        await(c.writer().startTls(client, "localhost"));
        assertTrue(c.writer().sslSession().getProtocol().startsWith("TLS"));
        c.writer().write("secret\n".getBytes(UTF_8));
        String echoed = new String(await(c.reader().readline()), UTF_8);
        Throwable again = await(failureOf(c.writer().startTls(client)));
        assertInstanceOf(IllegalStateException.class, again);
        c.writer().close();
        await(c.writer().waitClosed());
        s.close();
        await(s.waitClosed());
        return done(echoed);
    }

    /** STARTTLS: a plain connection upgraded in place, both sides, then used over TLS; once only. */
    @Test
    @Timeout(20)
    void aPlainConnectionStartsTls() {
        assertEquals("secret\n", run(startTlsMain()));
    }

    @Async
    static Coroutine<Double> stalledClientMain(StreamOptions serverOptions) {
        Server s = await(Asyncio.startServer(StreamsTest::echo, "127.0.0.1", 0, serverOptions));
        Connection silent = await(Asyncio.openConnection("127.0.0.1", s.port()));  // plain: never says hello
        double before = Asyncio.getRunningLoop().time();
        byte[] rest = await(silent.reader().read(-1));
        assertEquals(0, rest.length, "the server closed the connection");
        double waited = Asyncio.getRunningLoop().time() - before;
        silent.writer().close();
        s.close();
        await(s.waitClosed());
        return done(waited);
    }

    /** A client that never finishes its handshake is cut off after 60 seconds (asyncio's default). */
    @Test
    @Timeout(20)
    void aStalledHandshakeTimesOut() {
        double waited = onVirtualClock(stalledClientMain(StreamOptions.tls(server)));
        assertTrue(waited >= 60 && waited < 61, "waited " + waited + " s of virtual time");
    }

    /** The server's options choose the handshake timeout (asyncio's ssl_handshake_timeout). */
    @Test
    @Timeout(20)
    void theHandshakeTimeoutIsAnOption() {
        double waited = onVirtualClock(stalledClientMain(StreamOptions.tls(server).withSslHandshakeTimeout(5)));
        assertTrue(waited >= 5 && waited < 6, "waited " + waited + " s of virtual time");
    }

    /** A server handler that reads nothing until {@code release} is set, then closes. */
    @Async
    static Coroutine<Void> readsNothing(Event release, StreamWriter writer) {
        await(release.untilSet());
        writer.close();
        return done();
    }

    /**
     * Writes far more than the socket can hold to a server that reads nothing, closes, and waits for the
     * close: returns how long that took, in loop time, and what waitClosed raised.
     */
    @Async
    static Coroutine<List<Object>> closeToAPeerThatReadsNothingMain(StreamOptions clientOptions) {
        Event release = new Event();
        Server s = await(Asyncio.startServer((reader, writer) -> readsNothing(release, writer), "127.0.0.1", 0,
                server));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(), clientOptions));
        byte[] megabyte = new byte[1 << 20];
        for (int i = 0; i < 64; i++) {
            c.writer().write(megabyte);
        }
        double before = Asyncio.getRunningLoop().time();
        c.writer().close();
        Throwable closed = await(failureOf(c.writer().waitClosed()));
        double waited = Asyncio.getRunningLoop().time() - before;
        release.set();
        s.close();
        await(s.waitClosed());
        return done(List.of(waited, String.valueOf(closed)));
    }

    /**
     * Closing a TLS connection whose peer reads nothing cannot send what was written, nor close_notify
     * after it: after the ssl_shutdown_timeout (asyncio's default 30 seconds; half a second here, in real
     * time: the virtual clock would run out the handshake's timer first) the connection is aborted and
     * waitClosed raises TimeoutError. Without it the close would wait forever.
     */
    @Test
    @Timeout(20)
    void aCloseThatCannotFinishIsAbortedAfterTheShutdownTimeout() {
        List<Object> r = run(closeToAPeerThatReadsNothingMain(StreamOptions.tls(client).withSslShutdownTimeout(0.5)));
        double waited = (Double) r.get(0);
        assertTrue(waited >= 0.5 && waited < 10, "waited " + waited + " s");
        assertEquals("dev.weft.loop.TimeoutError: SSL shutdown timed out", r.get(1));
    }

    /**
     * A blocking TLS 1.3 peer on a thread of its own (the JDK's {@code SSLSocket}, which does not answer a
     * close_notify by itself: TLS 1.3 lets a side half-close): it reads until the client's close_notify,
     * then waits {@code lingerMillis}, writes {@code late} (unless null) and closes its socket, sending its
     * own close_notify. It records, in {@link System#nanoTime()}, when it began to close.
     */
    static final class LingeringPeer implements AutoCloseable {
        private final javax.net.ssl.SSLServerSocket listener;
        private final Thread thread;
        volatile long closingAt;
        volatile Throwable failed;

        LingeringPeer(long lingerMillis, String late) throws java.io.IOException {
            listener = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                    .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            thread = new Thread(() -> {
                try (java.net.Socket s = listener.accept()) {
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // what the client writes, up to its close_notify
                    }
                    Thread.sleep(lingerMillis);
                    closingAt = System.nanoTime();
                    if (late != null) {
                        s.getOutputStream().write(late.getBytes(UTF_8));
                        s.getOutputStream().flush();
                    }
                } catch (Throwable t) {
                    failed = t;
                }
            }, "lingering TLS peer");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            listener.close();
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes a line to {@code port}, closes, and waits for the close: returns when waitClosed returned (in
     * {@link System#nanoTime()}), what it raised, and what the reader holds afterwards (if it did not fail).
     */
    @Async
    static Coroutine<List<Object>> closeAgainstMain(int port, StreamOptions options) {
        Connection c = await(Asyncio.openConnection("127.0.0.1", port, options));
        c.writer().write("bye\n".getBytes(UTF_8));
        c.writer().close();
        assertTrue(c.writer().isClosing());
        Throwable closed = await(failureOf(c.writer().waitClosed()));
        long closedAt = System.nanoTime();
        // a close that failed fails the reader too, with the same error (asyncio's connection_lost)
        byte[] rest = closed == null ? await(c.reader().read(-1)) : new byte[0];
        return done(List.of(closedAt, String.valueOf(closed), new String(rest, UTF_8)));
    }

    /**
     * As asyncio's SSL transport, a TLS close sends close_notify and keeps the socket open until the
     * peer answers with its own: here the peer answers half a second after it read the client's, and
     * the close is not done before; what the peer sends meanwhile is dropped, not delivered.
     */
    @Test
    @Timeout(30)
    void aTlsCloseWaitsForThePeersCloseNotify() throws Exception {
        try (LingeringPeer peer = new LingeringPeer(500, "after the close\n")) {
            List<Object> r = run(closeAgainstMain(peer.port(), StreamOptions.tls(client)));
            assertNull(peer.failed);
            assertTrue(peer.closingAt != 0 && (Long) r.get(0) >= peer.closingAt,
                    "the close was done before the peer answered its close_notify");
            assertEquals("null", r.get(1));
            assertEquals("", r.get(2), "what the peer sent after the close was delivered");
        }
    }

    /** A peer that never answers the close_notify: the close is aborted after the shutdown timeout. */
    @Test
    @Timeout(30)
    void aPeerThatNeverAnswersTheCloseNotifyIsAbortedAfterTheShutdownTimeout() throws Exception {
        try (LingeringPeer peer = new LingeringPeer(60_000, null)) {
            long before = System.nanoTime();
            List<Object> r = run(closeAgainstMain(peer.port(),
                    StreamOptions.tls(client).withSslShutdownTimeout(0.5)));
            double waited = ((Long) r.get(0) - before) / 1e9;
            assertTrue(waited >= 0.5, "aborted after " + waited + " s");
            assertEquals("dev.weft.loop.TimeoutError: SSL shutdown timed out", r.get(1));
        }
    }

    /**
     * Closes one side of a TLS connection whose other side's handler does nothing more; returns how long the
     * close took (seconds) and whether the idle side's writer was closing once it was done.
     */
    @Async
    static Coroutine<List<Object>> closeAgainstIdleMain(boolean clientCloses) {
        List<StreamWriter> accepted = new ArrayList<>();
        Event handled = new Event();
        Server s = await(Asyncio.startServer((reader, writer) -> {
            accepted.add(writer);
            handled.set();
            return done();
        }, "127.0.0.1", 0, StreamOptions.tls(server).withSslShutdownTimeout(10)));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(),
                StreamOptions.tls(client).withSslShutdownTimeout(10)));
        await(handled.untilSet());
        StreamWriter closer = clientCloses ? c.writer() : accepted.get(0);
        StreamWriter idle = clientCloses ? accepted.get(0) : c.writer();
        long before = System.nanoTime();
        closer.close();
        await(closer.waitClosed()); // TimeoutError after the shutdown timeout if the idle side never answers
        double took = (System.nanoTime() - before) / 1e9;
        boolean idleClosing = idle.isClosing();
        await(idle.waitClosed());
        s.close();
        await(s.waitClosed());
        return done(List.of(took, idleClosing));
    }

    /**
     * TLS has no half-close: as asyncio's streams (whose protocol's eof_received returns false over SSL), a
     * stream that gets its peer's close_notify closes itself and answers with its own, so the peer's close is
     * done at once even if nothing reads or closes this side; both ways.
     */
    @Test
    @Timeout(30)
    void aStreamAnswersThePeersCloseNotifyByClosing() {
        for (boolean clientCloses : new boolean[] {true, false}) {
            List<Object> r = run(closeAgainstIdleMain(clientCloses));
            assertTrue((Double) r.get(0) < 5, "the close waited " + r.get(0) + " s (client closes: " + clientCloses + ")");
            assertEquals(true, r.get(1), "the idle side did not close (client closes: " + clientCloses + ")");
        }
    }

    /**
     * A protocol that pauses reading in each dataReceived and resumes a millisecond later; counts the calls
     * that came while it was paused.
     */
    static final class PausingProtocol implements dev.weft.loop.Protocol {
        private final dev.weft.loop.Future<long[]> done;
        private Transport transport;
        private boolean paused;
        private long received;
        private long whilePaused;

        PausingProtocol(dev.weft.loop.Future<long[]> done) {
            this.done = done;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (paused) {
                whilePaused++;
            }
            received += data.length;
            paused = true;
            transport.pauseReading();
            Asyncio.getRunningLoop().callLater(0.001, () -> {
                paused = false;
                transport.resumeReading();
            });
        }

        @Override
        public void connectionLost(Throwable error) {
            done.setResult(new long[] {received, whilePaused});
        }
    }

    @Async
    static Coroutine<long[]> pausedProtocolMain(int size) {
        EventLoop loop = Asyncio.getRunningLoop();
        dev.weft.loop.Future<long[]> done = loop.createFuture();
        Server s = await(loop.createServer(() -> new PausingProtocol(done), "127.0.0.1", 0,
                StreamOptions.tls(server)));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(), client));
        c.writer().write(new byte[size]); // one write: many TLS records arrive in each read of the socket
        await(c.writer().drain());
        c.writer().close();
        await(c.writer().waitClosed());
        long[] r = await(done);
        s.close();
        await(s.waitClosed());
        return done(r);
    }

    /**
     * A protocol that pauses reading is not called again until it resumes, even with more TLS records
     * decrypted from the same read (asyncio's SSL protocol keeps them in its incoming buffer meanwhile).
     */
    @Test
    @Timeout(30)
    void aProtocolThatPausesReadingGetsNoDataUntilItResumes() {
        long[] r = run(pausedProtocolMain(2 << 20));
        assertEquals(2 << 20, r[0], "bytes received");
        assertEquals(0, r[1], "dataReceived calls while paused");
    }

    /** Reads to the end, then writes a goodbye, drains and closes: what it did or raised. */
    @Async
    static Coroutine<Void> goodbyeAfterEnd(StreamReader reader, StreamWriter writer, List<String> log,
                                           Event finished) {
        try {
            await(reader.read(-1));
            log.add("closing " + writer.isClosing());
            writer.write("bye\n".getBytes(UTF_8));
            await(writer.drain());
            log.add("drained");
            writer.close();
            await(writer.waitClosed());
            log.add("closed");
        } catch (RuntimeException e) {
            log.add("raised " + e);
        }
        finished.set();
        return done();
    }

    @Async
    static Coroutine<List<String>> goodbyeMain() {
        List<String> log = new ArrayList<>();
        Event finished = new Event();
        Server s = await(Asyncio.startServer((reader, writer) -> goodbyeAfterEnd(reader, writer, log, finished),
                "127.0.0.1", 0, server));
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(), client));
        c.writer().write("data".getBytes(UTF_8));
        await(c.writer().drain());
        await(Asyncio.sleep(0.1)); // the handler waits in read(-1)
        c.writer().close();
        await(c.writer().waitClosed());
        await(finished.untilSet());
        s.close();
        await(s.waitClosed());
        return done(log);
    }

    /**
     * As asyncio's SSL transport, which tells its stream protocol of the loss from a callback of its own, a
     * stream closed by its peer's close_notify is closing when its reader sees the end, yet one drain after
     * a last write still passes (the write dropped) rather than raising "Connection lost".
     */
    @Test
    @Timeout(20)
    void aDrainRightAfterThePeersCloseNotifyPasses() {
        assertEquals(List.of("closing true", "drained", "closed"), run(goodbyeMain()));
    }

    private static <T> T onVirtualClock(Coroutine<T> main) {
        return CleanRun.run(main, () -> new dev.weft.loop.SelectorEventLoop(new dev.weft.loop.VirtualClock()));
    }

    /**
     * Echoes one line and closes, the server first; the client closes once it has read the server's end.
     */
    @Async
    static Coroutine<Void> echoOnce(StreamReader reader, StreamWriter writer) {
        writer.write(await(reader.readline()));
        await(writer.drain());
        writer.close();
        await(writer.waitClosed());
        return done();
    }

    /** Sends a line to {@code c}'s server, which echoes it and closes; returns the echo. */
    @Async
    static Coroutine<String> lineThroughEchoOnce(Connection c, String line) {
        c.writer().write(line.getBytes(UTF_8));
        String echoed = new String(await(c.reader().readline()), UTF_8);
        assertEquals(0, await(c.reader().read(-1)).length, "the server closed");
        c.writer().close();
        return done(echoed);
    }

    @Async
    static Coroutine<String> unixEchoMain(Path socket) {
        Server s = await(Asyncio.startUnixServer(TlsStreamsTest::echoOnce, socket, StreamOptions.tls(server)));
        Connection c = await(Asyncio.openUnixConnection(socket,
                StreamOptions.tls(client).withServerHostname("localhost").withLimit(1024)));
        assertTrue(c.writer().sslSession().getProtocol().startsWith("TLS"));
        assertEquals(1024, c.reader().limit());
        String echoed = await(lineThroughEchoOnce(c, "over a socket file\n"));
        s.close();
        await(s.waitClosed());
        return done(echoed);
    }

    /** TLS over a Unix-domain socket: the client names the host its certificate check uses. */
    @Test
    @Timeout(20)
    void tlsOverAUnixDomainSocket(@TempDir Path dir) {
        assertEquals("over a socket file\n", run(unixEchoMain(dir.resolve("tls.sock"))));
    }

    @Async
    static Coroutine<String> namedCheckMain() {
        Server s = await(Asyncio.startServer(TlsStreamsTest::echoOnce, "127.0.0.1", 0, otherNameServer));
        // connected by address, checked against the name the options give (the certificate's only name)
        Connection c = await(Asyncio.openConnection("127.0.0.1", s.port(),
                StreamOptions.tls(client).withServerHostname("other.invalid")));
        String peer = c.writer().sslSession().getPeerHost();
        assertEquals("hello\n", await(lineThroughEchoOnce(c, "hello\n")));
        s.close();
        await(s.waitClosed());
        return done(peer);
    }

    /**
     * A server whose certificate names only other.invalid, reached at 127.0.0.1: refused by default (see
     * {@link #aCertificateForAnotherNameIsRefused}), accepted when the options name the host to check.
     */
    @Test
    @Timeout(20)
    void theServerHostnameOptionChoosesTheNameChecked() {
        assertEquals("other.invalid", run(namedCheckMain()));
    }

    /** asyncio's argument checks, made when the options are used. */
    @Test
    void optionsThatMakeNoSenseWhereUsedAreRefused(@TempDir Path dir) {
        Path socket = dir.resolve("x.sock");
        assertEquals("you have to pass server_hostname when using ssl", assertThrows(IllegalArgumentException.class,
                () -> Asyncio.openUnixConnection(socket, StreamOptions.tls(client))).getMessage());
        assertEquals("server_hostname is only meaningful with ssl", assertThrows(IllegalArgumentException.class,
                () -> Asyncio.openConnection("localhost", 1, StreamOptions.defaults().withServerHostname("a")))
                .getMessage());
        assertEquals("ssl_handshake_timeout is only meaningful with ssl", assertThrows(IllegalArgumentException.class,
                () -> Asyncio.startServer(StreamsTest::echo, null, 0,
                        StreamOptions.defaults().withSslHandshakeTimeout(1))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Asyncio.startUnixServer(StreamsTest::echo, socket,
                StreamOptions.tls(server).withServerHostname("localhost")));
    }
}
