package dev.weft.tests.loop;

import static dev.weft.Coroutines.await;
import static dev.weft.Coroutines.done;
import static dev.weft.tests.loop.CleanRun.failureOf;
import static dev.weft.tests.loop.ProtocolsTest.until;
import static dev.weft.tests.loop.StreamsTest.bytes;
import static dev.weft.tests.loop.StreamsTest.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Endpoint;
import dev.weft.loop.EventLoop;
import dev.weft.loop.SubprocessProtocol;
import dev.weft.loop.SubprocessTransport;
import dev.weft.loop.Transport;
import dev.weft.tests.loop.ProtocolsTest.Recorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * asyncio's pipe and subprocess transports: {@link EventLoop#connectReadPipe},
 * {@link EventLoop#connectWritePipe} (over the operating system's pipes, {@link Pipe}), and
 * {@link EventLoop#subprocessExec} with a {@link SubprocessProtocol} (with {@code sh} and {@code cat}). The
 * callbacks come in asyncio's order: {@code connectionMade} first, {@code connectionLost} last and once.
 */
class PipesTest {
    private static <T> T run(Coroutine<T> main) {
        return CleanRun.run(main, Asyncio::newEventLoop);
    }

    /** Writes {@code s} to {@code out} now (a few bytes: an OS pipe takes them without blocking). */
    private static void put(OutputStream out, String s) {
        try {
            out.write(bytes(s));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ read pipes

    @Async
    static Coroutine<Void> readPipeMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Pipe pipe = Pipe.open();
        InputStream source = Channels.newInputStream(pipe.source());
        OutputStream sink = Channels.newOutputStream(pipe.sink());
        Endpoint<Transport, Recorder> read = await(loop.connectReadPipe(Recorder::new, source));
        Recorder protocol = read.protocol();
        Transport transport = read.transport();
        assertSame(transport, protocol.transport, "connectionMade has run when connectReadPipe returns");
        assertEquals(List.of("made"), protocol.events);
        assertSame(protocol, transport.getProtocol());
        assertSame(source, transport.getExtraInfo("pipe"));
        assertTrue(transport.isReading());
        assertFalse(transport.canWriteEof());
        assertThrows(UnsupportedOperationException.class, () -> transport.write(bytes("no")));
        assertThrows(UnsupportedOperationException.class, transport::writeEof);

        put(sink, "hello, ");
        await(until(() -> protocol.received.length() == 7, "the first chunk arrives"));
        put(sink, "pipes");
        sink.close();
        await(until(protocol::isLost, "the end of the pipe closes the transport"));
        assertEquals("hello, pipes", protocol.received.toString());
        assertEquals(List.of("made", "data", "eof", "lost:null"), protocol.events);
        assertTrue(transport.isClosing());
        assertFalse(transport.isReading());
        assertFalse(pipe.source().isOpen(), "the stream is closed at its end");
        return done();
    }

    /**
     * A read pipe hands each chunk to {@code dataReceived}; its end comes as {@code eofReceived} and
     * {@code connectionLost(null)}, and closes the stream; it cannot write.
     */
    @Test
    @Timeout(20)
    void aReadPipeHandsWhatArrivesToItsProtocol() throws IOException {
        run(readPipeMain());
    }

    @Async
    static Coroutine<Void> pausedReadPipeMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Pipe pipe = Pipe.open();
        OutputStream sink = Channels.newOutputStream(pipe.sink());
        Endpoint<Transport, Recorder> read = await(loop.connectReadPipe(Recorder::new,
                Channels.newInputStream(pipe.source())));
        Recorder protocol = read.protocol();
        Transport transport = read.transport();
        transport.pauseReading();
        assertFalse(transport.isReading());
        // the reading thread may be inside a read already: that one chunk still arrives
        put(sink, "a");
        await(Asyncio.sleep(0.2));
        String before = protocol.received.toString();
        assertTrue(before.isEmpty() || before.equals("a"), before);
        put(sink, "b");
        await(Asyncio.sleep(0.2));
        assertEquals(before, protocol.received.toString(), "nothing more is read while paused");
        transport.resumeReading();
        assertTrue(transport.isReading());
        await(until(() -> protocol.received.length() == 2, "reading resumes"));
        assertEquals("ab", protocol.received.toString());

        transport.close();
        assertTrue(transport.isClosing());
        await(until(protocol::isLost, "close() ends the transport"));
        assertEquals(List.of("made", "data", "lost:null"), protocol.events, "a close is no end of the pipe");
        assertFalse(transport.isReading());
        put(sink, "dropped"); // wakes the reading thread, which drops it and closes the stream
        await(until(() -> !pipe.source().isOpen(), "the reading thread closes the stream"));
        assertEquals("ab", protocol.received.toString());
        sink.close();
        return done();
    }

    /**
     * pauseReading holds the reading thread back (after the read it is in), resumeReading lets it go on;
     * close() ends the transport with {@code connectionLost(null)} and no {@code eofReceived}, and the
     * stream is closed once the read under way returns.
     */
    @Test
    @Timeout(20)
    void aReadPipePausesResumesAndCloses() throws IOException {
        run(pausedReadPipeMain());
    }

    // ------------------------------------------------------------------ write pipes

    @Async
    static Coroutine<Void> writeToReadPipeMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Pipe pipe = Pipe.open();
        OutputStream sink = Channels.newOutputStream(pipe.sink());
        Endpoint<Transport, Recorder> write = await(loop.connectWritePipe(Recorder::new, sink));
        Endpoint<Transport, Recorder> read = await(loop.connectReadPipe(Recorder::new,
                Channels.newInputStream(pipe.source())));
        Transport writer = write.transport();
        Recorder writing = write.protocol();
        assertSame(writer, writing.transport);
        assertSame(sink, writer.getExtraInfo("pipe"));
        assertFalse(writer.isReading());
        assertThrows(UnsupportedOperationException.class, writer::pauseReading);
        assertThrows(UnsupportedOperationException.class, writer::resumeReading);
        assertTrue(writer.canWriteEof());

        // far more than an OS pipe holds (64 KiB on Linux), with small marks: the protocol pauses, then resumes
        writer.setWriteBufferLimits(32 * 1024, 1024);
        assertEquals(new Transport.WriteBufferLimits(1024, 32 * 1024), writer.getWriteBufferLimits());
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        int total = 0;
        for (int i = 0; i < 64; i++) {
            writer.write(chunk);
            total += chunk.length;
        }
        writer.write(ByteBuffer.wrap(bytes("!")));
        total++;
        assertTrue(writer.getWriteBufferSize() > 32 * 1024, "queued: " + writer.getWriteBufferSize());
        assertEquals(List.of("made", "pause"), writing.events);
        writer.writeEof(); // for a pipe: close once everything is written
        assertTrue(writer.isClosing());
        writer.write(bytes("dropped")); // as asyncio's: dropped once closing

        Recorder reading = read.protocol();
        int expected = total;
        await(until(reading::isLost, "the reader gets everything and the end"));
        assertEquals(expected, reading.receivedBytes);
        assertEquals(List.of("made", "data", "eof", "lost:null"), reading.events);
        await(until(writing::isLost, "the writer's transport ends once all is written"));
        assertEquals(List.of("made", "pause", "resume", "lost:null"), writing.events);
        assertEquals(0, writer.getWriteBufferSize());
        return done();
    }

    /**
     * A write pipe and a read pipe on the two ends of one OS pipe, both driven by the loop: the writer's
     * protocol is paused while more than its high-water mark is queued and resumed once the reader has
     * drained it; closing the writer after everything is written ends the reader's pipe.
     */
    @Test
    @Timeout(20)
    void aWritePipeFeedsAReadPipeWithFlowControl() throws IOException {
        run(writeToReadPipeMain());
    }

    @Async
    static Coroutine<Void> brokenWritePipeMain() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Pipe pipe = Pipe.open();
        Endpoint<Transport, Recorder> write = await(loop.connectWritePipe(Recorder::new,
                Channels.newOutputStream(pipe.sink())));
        pipe.source().close(); // nobody will read
        write.transport().write(bytes("into the void"));
        Recorder protocol = write.protocol();
        await(until(protocol::isLost, "the failed write ends the transport"));
        assertInstanceOf(UncheckedIOException.class, protocol.lostWith);
        assertEquals(List.of("made", "lost:UncheckedIOException"), protocol.events);
        assertTrue(write.transport().isClosing());

        Endpoint<Transport, Recorder> aborted = await(loop.connectWritePipe(Recorder::new,
                Channels.newOutputStream(Pipe.open().sink())));
        aborted.transport().write(bytes("never sent"));
        aborted.transport().abort();
        await(until(aborted.protocol()::isLost, "abort() ends the transport"));
        assertEquals(List.of("made", "lost:null"), aborted.protocol().events);
        return done();
    }

    /** A write the pipe refuses (its reader is gone) ends the transport with that failure; abort() drops what is queued. */
    @Test
    @Timeout(20)
    void aBrokenWritePipeEndsWithItsFailure() throws IOException {
        run(brokenWritePipeMain());
    }

    // ------------------------------------------------------------------ subprocesses

    /** Records a process's callbacks: "made", "out"/"err" once per run of chunks, "lost:fd", "exited", "lost". */
    static final class ProcessRecorder implements SubprocessProtocol {
        final List<String> events = new ArrayList<>();
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        SubprocessTransport transport;
        Integer exitStatus;

        @Override
        public void connectionMade(SubprocessTransport t) {
            assertTrue(events.isEmpty(), "connectionMade comes first: " + events);
            transport = t;
            events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            assertEquals("made", events.get(0));
            assertTrue(fd == 1 || fd == 2, "data on pipe " + fd);
            (fd == 1 ? out : err).append(str(data));
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable error) {
            // a failure shows in the event, so that the lists the tests expect catch one
            events.add("lost:" + fd + (error == null ? "" : " " + error.getClass().getSimpleName()));
        }

        @Override
        public void processExited() {
            exitStatus = transport.getReturncode();
            assertNotNull(exitStatus, "the return code is known when processExited is called");
            events.add("exited");
        }

        @Override
        public void connectionLost(Throwable error) {
            assertNull(error);
            assertFalse(isLost(), "connectionLost twice");
            events.add("lost");
        }

        boolean isLost() {
            return events.contains("lost");
        }
    }

    @Async
    static Coroutine<Void> subprocessMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<SubprocessTransport, ProcessRecorder> p = await(loop.subprocessShell(ProcessRecorder::new,
                "cat; echo err >&2; exit 3"));
        SubprocessTransport transport = p.transport();
        ProcessRecorder protocol = p.protocol();
        assertSame(transport, protocol.transport);
        assertEquals(List.of("made"), protocol.events);
        Process process = (Process) transport.getExtraInfo("subprocess");
        assertEquals(process.pid(), transport.getPid());
        assertNull(transport.getReturncode());
        assertThrows(IllegalArgumentException.class, () -> transport.getPipeTransport(3));
        Transport stdout = transport.getPipeTransport(1);
        assertThrows(UnsupportedOperationException.class, () -> stdout.write(bytes("no")));

        Transport stdin = transport.getPipeTransport(0);
        stdin.write(bytes("hello, "));
        stdin.write(bytes("subprocess\n"));
        await(until(() -> protocol.out.length() == 18, "cat echoes its input"));
        stdin.close();
        await(until(protocol::isLost, "the process exits and its pipes close"));
        assertEquals("hello, subprocess\n", protocol.out.toString());
        assertEquals("err\n", protocol.err.toString());
        assertEquals(3, protocol.exitStatus);
        assertEquals(3, transport.getReturncode());
        List<String> events = protocol.events;
        assertEquals("made", events.get(0));
        assertEquals("lost", events.get(events.size() - 1), "connectionLost comes last: " + events);
        assertEquals(List.of("exited", "lost", "lost:0", "lost:1", "lost:2", "made"),
                events.stream().sorted().toList(), "each pipe's end and the exit, once: " + events);
        assertFalse(transport.isClosing());
        transport.close();
        assertTrue(transport.isClosing());
        return done();
    }

    /**
     * A process driven through a protocol: its input written through pipe 0, its output and error
     * received with their numbers, each pipe's end, its exit, and {@code connectionLost} last.
     */
    @Test
    @Timeout(20)
    void aSubprocessTalksToItsProtocol() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        run(subprocessMain());
    }

    @Async
    static Coroutine<Void> redirectedSubprocessMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "echo out; echo err >&2")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        Endpoint<SubprocessTransport, ProcessRecorder> p = await(loop.subprocessExec(ProcessRecorder::new, builder));
        assertNull(p.transport().getPipeTransport(0), "the input is no pipe");
        assertNotNull(p.transport().getPipeTransport(1));
        assertNull(p.transport().getPipeTransport(2), "the error goes into the output");
        await(until(p.protocol()::isLost, "the process exits and its pipe closes"));
        assertEquals("out\nerr\n", p.protocol().out.toString());
        assertEquals(List.of("exited", "lost", "lost:1", "made"), p.protocol().events.stream().sorted().toList());
        assertEquals(0, p.transport().getReturncode());
        return done();
    }

    /** Only the streams the builder pipes get pipe transports; the others are neither read nor waited for. */
    @Test
    @Timeout(20)
    void aSubprocessPipesOnlyWhatItsBuilderPipes() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        run(redirectedSubprocessMain());
    }

    @Async
    static Coroutine<Void> closedSubprocessMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<SubprocessTransport, ProcessRecorder> p = await(loop.subprocessExec(ProcessRecorder::new,
                "sleep", "30"));
        ProcessRecorder protocol = p.protocol();
        p.transport().close(); // closes its pipes and kills it
        await(until(protocol::isLost, "the killed process's end is reported"));
        assertNotNull(protocol.exitStatus);
        assertTrue(protocol.exitStatus != 0, "killed: " + protocol.exitStatus);
        assertEquals(List.of("exited", "lost", "lost:0", "lost:1", "lost:2", "made"),
                protocol.events.stream().sorted().toList());

        Throwable notStarted = await(failureOf(loop.subprocessExec(ProcessRecorder::new, "/no/such/program")));
        assertInstanceOf(UncheckedIOException.class, notStarted);
        return done();
    }

    @Async
    static Coroutine<Void> unreadInputSubprocessMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<SubprocessTransport, ProcessRecorder> p = await(loop.subprocessExec(ProcessRecorder::new,
                "echo", "done"));
        ProcessRecorder protocol = p.protocol();
        await(until(protocol::isLost, "the process exits and every pipe ends, its unread input too"));
        assertEquals(List.of("exited", "lost", "lost:0", "lost:1", "lost:2", "made"),
                protocol.events.stream().sorted().toList());
        assertEquals("lost", protocol.events.get(protocol.events.size() - 1));
        assertTrue(p.transport().getPipeTransport(0).isClosing());
        assertEquals("done\n", protocol.out.toString());

        // what the process left unread is a broken pipe
        p = await(loop.subprocessExec(ProcessRecorder::new, "sh", "-c", "sleep 0.1"));
        protocol = p.protocol();
        p.transport().getPipeTransport(0).write(new byte[1 << 20]); // more than a pipe holds
        await(until(protocol::isLost, "the process exits and every pipe ends"));
        assertTrue(protocol.events.contains("lost:0 UncheckedIOException"), protocol.events.toString());
        return done();
    }

    @Async
    static Coroutine<Void> signalledSubprocessMain() {
        EventLoop loop = Asyncio.getRunningLoop();
        Endpoint<SubprocessTransport, ProcessRecorder> p = await(loop.subprocessExec(ProcessRecorder::new, "sh", "-c",
                "trap 'echo got USR2; exit 7' USR2; echo ready; while :; do sleep 0.05; done"));
        ProcessRecorder protocol = p.protocol();
        await(until(() -> protocol.out.toString().equals("ready\n"), "the trap is set"));
        p.transport().sendSignal("SIGUSR2");
        await(until(() -> protocol.events.containsAll(List.of("exited", "lost:1")), "the signalled process exits"));
        assertEquals("ready\ngot USR2\n", protocol.out.toString());
        assertEquals(7, protocol.exitStatus, "the exit status of the process's trap");
        p.transport().sendSignal("USR2"); // exited: nothing is sent
        p.transport().close();
        await(until(protocol::isLost, "the transport ends"));
        return done();
    }

    /** sendSignal (asyncio's send_signal) reaches the process, which handles it; after its exit, nothing. */
    @Test
    @Timeout(20)
    void aSubprocessTransportSendsASignal() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        run(signalledSubprocessMain());
    }

    /**
     * The input pipe ends with the process, read or not, as asyncio's (it sees the reading end close):
     * connectionLost comes without closing it; with bytes left unwritten, that pipe ends as a broken pipe.
     */
    @Test
    @Timeout(20)
    void theInputPipeEndsWithTheProcess() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        run(unreadInputSubprocessMain());
    }

    /** close() kills a running process, whose exit and pipes' ends are still reported; a missing program fails the call. */
    @Test
    @Timeout(20)
    void closingASubprocessKillsIt() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        run(closedSubprocessMain());
    }
}
