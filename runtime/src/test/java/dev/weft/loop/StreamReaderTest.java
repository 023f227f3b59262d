package dev.weft.loop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The reader fed by hand, as CPython's test_streams does: every read shape, limits, EOF and failures. */
class StreamReaderTest extends LoopFixture {

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    /** A reader holding {@code data}, perhaps ended. */
    private static StreamReader fed(String data, boolean eof) {
        StreamReader r = new StreamReader();
        r.feedData(b(data));
        if (eof) {
            r.feedEof();
        }
        return r;
    }

    /** Runs {@code read} as a task, then feeds {@code chunks} one loop iteration apart; its result. */
    private <T> T readWhileFeeding(StreamReader r, dev.weft.Coroutine<T> read, String... chunks) {
        Task<T> task = loop.createTask(read);
        runBriefly();
        for (String chunk : chunks) {
            assertFalse(task.done(), "the read finished before " + chunk + " was fed");
            if (chunk == null) {
                r.feedEof();
            } else {
                r.feedData(b(chunk));
            }
            runBriefly();
        }
        return run(task);
    }

    @Test
    void readReturnsWhatIsBufferedUpToN() {
        StreamReader r = fed("line1\nline2\n", false);
        assertEquals("line", s(run(r.read(4))));
        assertEquals("1\nline2\n", s(run(r.read(100))));
        assertEquals("", s(run(r.read(0))));
    }

    @Test
    void readWaitsForTheFirstBytes() {
        StreamReader r = new StreamReader();
        assertEquals("chunk", s(readWhileFeeding(r, r.read(30), "chunk")));
    }

    @Test
    void readAtEofReturnsEmpty() {
        StreamReader r = fed("ab", true);
        assertEquals("ab", s(run(r.read(10))));
        assertTrue(r.atEof());
        assertEquals(0, run(r.read(10)).length);
    }

    @Test
    void readAllReadsUntilEof() {
        StreamReader r = new StreamReader(4);
        assertEquals("chunk1chunk2chunk3", s(readWhileFeeding(r, r.read(-1), "chunk1", "chunk2", "chunk3", null)));
        assertTrue(r.atEof());
    }

    @Test
    void readexactlyWaitsForAllTheBytes() {
        StreamReader r = new StreamReader();
        assertEquals("abcdefgh", s(readWhileFeeding(r, r.readexactly(8), "abc", "defghij")));
        assertEquals("ij", s(run(r.read(5))));
        assertEquals(0, run(r.readexactly(0)).length);
        assertThrows(IllegalArgumentException.class, () -> r.readexactly(-1));
    }

    @Test
    void readexactlyAtEofThrowsWithThePartialBytes() {
        StreamReader r = fed("abc", true);
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> run(r.readexactly(5)));
        assertEquals("abc", s(e.partial()));
        assertEquals(5, e.expected());
        assertInstanceOf(EOFException.class, e.getCause());
        assertInstanceOf(UncheckedIOException.class, e);
        assertTrue(r.atEof(), "the partial bytes are taken out of the reader");
    }

    @Test
    void readlineSplitsOnNewlines() {
        StreamReader r = fed("line1\nline2\nrest", true);
        assertEquals("line1\n", s(run(r.readline())));
        assertEquals("line2\n", s(run(r.readline())));
        assertEquals("rest", s(run(r.readline())));
        assertEquals("", s(run(r.readline())));
    }

    @Test
    void readlineAcrossChunks() {
        StreamReader r = new StreamReader();
        assertEquals("chunk1 chunk2 chunk3 \n",
                s(readWhileFeeding(r, r.readline(), "chunk1 ", "chunk2 ", "chunk3 \n chunk4")));
        assertEquals(" chunk4", s(run(r.read(100))));
    }

    @Test
    void readlineOverTheLimitDropsTheLineAndThrows() {
        StreamReader r = new StreamReader(7);
        r.feedData(b("1234567890\nnext\n"));
        LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> run(r.readline()));
        assertEquals(10, e.consumed());
        assertEquals("next\n", s(run(r.readline())));

        StreamReader noSeparator = new StreamReader(7);
        noSeparator.feedData(b("12345678901234"));
        assertThrows(LimitOverrunError.class, () -> run(noSeparator.readline()));
        noSeparator.feedData(b("ok\n"));
        assertEquals("ok\n", s(run(noSeparator.readline())), "a line without its newline yet is dropped whole");
    }

    @Test
    void readuntilOverTheLimitKeepsTheBytes() {
        StreamReader r = new StreamReader(3);
        r.feedData(b("some long data|"));
        LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> run(r.readuntil("|")));
        assertEquals(14, e.consumed());
        assertEquals("some long data|", s(run(r.readexactly(15))));
    }

    @Test
    void readuntilFindsMultiByteSeparatorsSplitAcrossChunks() {
        StreamReader r = new StreamReader();
        assertEquals("head\r\n\r\n", s(readWhileFeeding(r, r.readuntil("\r\n\r\n"), "head\r", "\n\r", "\nbody")));
        assertEquals("body", s(run(r.read(10))));
        assertThrows(IllegalArgumentException.class, () -> r.readuntil(new byte[0]));
    }

    @Test
    void readuntilOfSeveralSeparatorsReturnsTheShortestChunk() {
        StreamReader r = fed("xaaab|line\r\nnext\n", false);
        assertEquals("xaaa", s(run(r.readuntil(java.util.List.of(b("b"), b("aaa"))))), "the match that ends first");
        assertEquals("b|", s(run(r.readuntil(java.util.List.of(b("|"), b("b|"))))), "a tie: the same chunk");
        assertEquals("line\r\n", s(run(r.readuntil(java.util.List.of(b("\r\n"), b("\n"))))));
        assertEquals("next\n", s(run(r.readuntil(java.util.List.of(b("\r\n"), b("\n"))))));
        assertThrows(IllegalArgumentException.class, () -> r.readuntil(java.util.List.of()));
        assertThrows(IllegalArgumentException.class, () -> r.readuntil(java.util.List.of(b("|"), new byte[0])));
    }

    @Test
    void readuntilOfSeveralSeparatorsFindsALongOneSplitAcrossChunks() {
        StreamReader r = new StreamReader();
        // after "ab" neither is there; the search must look again from where "abc" could begin
        assertEquals("abc", s(readWhileFeeding(r, r.readuntil(java.util.List.of(b("|"), b("abc"))), "a", "b", "c|")));
        assertEquals("|", s(run(r.read(1))));
    }

    @Test
    void readuntilOfSeveralSeparatorsCountsTheOneThatMatchedForTheLimit() {
        StreamReader r = new StreamReader(3);
        r.feedData(b("0123|45"));
        LimitOverrunError e = assertThrows(LimitOverrunError.class,
                () -> run(r.readuntil(java.util.List.of(b("|"), b("|45")))));
        assertEquals(4, e.consumed(), "the separator found at 4, past the limit of 3");
        assertEquals("0123|45", s(run(r.read(10))), "the bytes stay");
    }

    @Test
    void readuntilAtEofThrowsWithTheRest() {
        StreamReader r = fed("no separator", true);
        IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> run(r.readuntil("|")));
        assertEquals("no separator", s(e.partial()));
        assertEquals(-1, e.expected());
    }

    @Test
    void aSetExceptionFailsTheWaitingReadAndLaterOnes() {
        StreamReader r = new StreamReader();
        Task<byte[]> waiting = loop.createTask(r.readline());
        runBriefly();
        IllegalStateException boom = new IllegalStateException("boom");
        r.setException(boom);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(waiting)));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(r.read(1))));
        assertSame(boom, r.exception());
    }

    @Test
    void onlyOneReadMayWait() {
        StreamReader r = new StreamReader();
        Task<byte[]> first = loop.createTask(r.readline());
        runBriefly();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(r.read(5)));
        assertTrue(e.getMessage().contains("already waiting"), e.getMessage());
        r.feedData(b("x\n"));
        assertEquals("x\n", s(run(first)));
    }

    @Test
    void aCancelledReadLetsTheNextOneWait() {
        StreamReader r = new StreamReader();
        Task<byte[]> first = loop.createTask(r.readexactly(4));
        runBriefly();
        first.cancel();
        assertThrows(CancelledError.class, () -> run(first));
        assertEquals("abcd", s(readWhileFeeding(r, r.readexactly(4), "ab", "cd")));
    }

    @Test
    void feedingAfterEofIsRefused() {
        StreamReader r = fed("", true);
        assertThrows(IllegalStateException.class, () -> r.feedData(b("late")));
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
        assertTrue(r.toString().contains("eof"), r.toString());
    }

    // ------------------------------------------------------------------ async iteration of lines

    @Test
    void aiterGivesEachLineThenEndsAtEof() {
        StreamReader r = fed("a\nbb\nc", true);
        dev.weft.AsyncIterator<byte[]> lines = r.aiter();
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (run(lines.hasNext())) {
            seen.add(s(lines.next()));
        }
        assertEquals(java.util.List.of("a\n", "bb\n", "c"), seen);
        assertFalse(run(lines.hasNext()), "an ended iterator stays ended");
        assertThrows(java.util.NoSuchElementException.class, lines::next);
    }

    @Test
    void aiterHasNextWaitsForALineAndKeepsItUntilTaken() {
        StreamReader r = new StreamReader();
        dev.weft.AsyncIterator<byte[]> lines = r.aiter();
        assertThrows(java.util.NoSuchElementException.class, lines::next, "nothing found yet");
        assertTrue(readWhileFeeding(r, lines.hasNext(), "hel", "lo\nnext"));
        assertTrue(run(lines.hasNext()), "the line found is still there to take");
        assertEquals("hello\n", s(lines.next()));
        assertThrows(java.util.NoSuchElementException.class, lines::next, "taken");
        r.feedEof();
        assertTrue(run(lines.hasNext()));
        assertEquals("next", s(lines.next()));
        assertFalse(run(lines.hasNext()));
    }

    @Test
    void aiterHasNextFailsWithTheReadError() {
        StreamReader r = new StreamReader();
        dev.weft.AsyncIterator<byte[]> lines = r.aiter();
        Task<Boolean> waiting = loop.createTask(lines.hasNext());
        runBriefly();
        IllegalStateException boom = new IllegalStateException("boom");
        r.setException(boom);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> run(waiting)));
    }

    @Test
    void cancellingAWaitingHasNextCancelsTheRead() {
        StreamReader r = new StreamReader();
        dev.weft.AsyncIterator<byte[]> lines = r.aiter();
        Task<Boolean> waiting = loop.createTask(lines.hasNext());
        runBriefly();
        waiting.cancel();
        assertThrows(CancelledError.class, () -> run(waiting));
        r.feedData(b("after\n")); // no read waits any more: feeding does not fail
        assertTrue(run(lines.hasNext()));
        assertEquals("after\n", s(lines.next()));
    }
}
