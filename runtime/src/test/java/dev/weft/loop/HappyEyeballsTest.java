package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Happy Eyeballs (asyncio's {@code happy_eyeballs_delay} and {@code interleave}) over real sockets on
 * 127.0.0.1: a listener that answers, one whose backlog is full (a connection to it hangs, as to a host
 * that drops packets), and a closed port (refused at once).
 */
class HappyEyeballsTest {
    private final SelectorEventLoop loop = new SelectorEventLoop();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        loop.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ServerSocketChannel listening() throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 1);
        open.add(l);
        return l;
    }

    /** A listener nobody accepts from, its backlog filled: a further connection waits for ever. */
    private SocketAddress blackHole() throws IOException, InterruptedException {
        ServerSocketChannel l = listening();
        for (int i = 0; i < 4; i++) {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.connect(l.getLocalAddress());
            open.add(c);
        }
        Thread.sleep(50); // let the kernel queue what it takes
        return l.getLocalAddress();
    }

    /** A port nobody listens on: refused at once. */
    private static SocketAddress refusing() throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return l.getLocalAddress();
        }
    }

    private SocketChannel race(double delay, SocketAddress... addresses) {
        SocketChannel c = loop.runUntilComplete(LoopCoroutine.typed(
                new HappyEyeballs.Race(addresses, delay, "test")));
        open.add(c);
        return c;
    }

    @Test
    void addressesAreInterleavedByFamily() throws IOException {
        SocketAddress a4 = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 1);
        SocketAddress b4 = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 1);
        SocketAddress c4 = new InetSocketAddress(InetAddress.getByName("10.0.0.3"), 1);
        SocketAddress a6 = new InetSocketAddress(InetAddress.getByName("fd00::1"), 1);
        SocketAddress b6 = new InetSocketAddress(InetAddress.getByName("fd00::2"), 1);
        SocketAddress[] resolved = {a4, b4, c4, a6, b6};
        assertArrayEquals(new SocketAddress[] {a4, a6, b4, b6, c4}, HappyEyeballs.interleave(resolved, 1));
        assertArrayEquals(new SocketAddress[] {a4, b4, a6, c4, b6}, HappyEyeballs.interleave(resolved, 2));
        assertArrayEquals(new SocketAddress[] {a6, a4, b6, b4, c4},
                HappyEyeballs.interleave(new SocketAddress[] {a6, b6, a4, b4, c4}, 1), "the first family first");
        assertArrayEquals(resolved, HappyEyeballs.interleave(resolved, 9), "a count past the family: its order");
    }

    @Test
    @Timeout(10)
    void aHangingAttemptIsOvertakenAfterTheDelay() throws Exception {
        SocketAddress good = listening().getLocalAddress();
        long start = System.nanoTime();
        SocketChannel c = race(0.1, blackHole(), good);
        double took = (System.nanoTime() - start) / 1e9;
        assertEquals(good, c.getRemoteAddress());
        assertTrue(took >= 0.09, "the second attempt waited for the delay: " + took);
        assertTrue(took < 5, "and did not wait for the first to give up: " + took);
        loop.runUntilComplete(Asyncio.sleep(0));
        assertEquals(0, loop.allTasks().size(), "the hanging attempt was cancelled");
    }

    @Test
    @Timeout(10)
    void aFailedAttemptStartsTheNextAtOnce() throws Exception {
        SocketAddress good = listening().getLocalAddress();
        long start = System.nanoTime();
        SocketChannel c = race(30, refusing(), good);
        assertEquals(good, c.getRemoteAddress());
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "not after the 30 s delay");
    }

    @Test
    @Timeout(10)
    void whenEveryAttemptFailsTheFirstFailureCarriesTheOthers() throws Exception {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> race(0.05, refusing(), refusing()));
        assertTrue(e.getCause() instanceof ConnectException, String.valueOf(e.getCause()));
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    @Timeout(10)
    void aCancelledRaceLeavesNoAttemptBehind() throws Exception {
        Task<SocketChannel> racing = loop.createTask(LoopCoroutine.typed(
                new HappyEyeballs.Race(new SocketAddress[] {blackHole(), blackHole()}, 0.01, "test")));
        loop.runUntilComplete(Asyncio.sleep(0.1));
        racing.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(racing));
        loop.runUntilComplete(Asyncio.sleep(0));
        assertEquals(0, loop.allTasks().size(), "both attempts cancelled");
    }

    @Test
    @Timeout(10)
    void createConnectionRacesTheHostsAddresses() throws Exception {
        ServerSocketChannel server = listening();
        server.configureBlocking(false);
        StreamOptions eyeballs = StreamOptions.defaults().withHappyEyeballsDelay(0.25);
        assertEquals(1, eyeballs.interleave());
        Endpoint<Transport, Protocol> e = loop.runUntilComplete(loop.createConnection(() -> new Protocol() {
        }, "localhost", ((InetSocketAddress) server.getLocalAddress()).getPort(), eyeballs));
        assertEquals(server.getLocalAddress(), e.transport().getExtraInfo("peername"));
        e.transport().close();
    }

    @Test
    void theOptionsAreForAClientConnectingToAHost() {
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().withHappyEyeballsDelay(-1));
        assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().withInterleave(-1));
        assertEquals(0, StreamOptions.defaults().interleave());
        assertEquals(2, StreamOptions.defaults().withInterleave(2).interleave());
        StreamOptions eyeballs = StreamOptions.defaults().withHappyEyeballsDelay(0.25);
        assertThrows(IllegalArgumentException.class, () -> loop.createServer(() -> new Protocol() {
        }, "127.0.0.1", 0, eyeballs));
        assertThrows(IllegalArgumentException.class,
                () -> Asyncio.openUnixConnection(java.nio.file.Path.of("x.sock"), eyeballs));
        assertTrue(eyeballs.toString().contains("happyEyeballsDelay=0.25"), eyeballs.toString());
    }
}
