package dev.weft.loop;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a {@link StreamReader} has received and not yet handed out: appended at the tail, taken from
 * the head, in one array that is compacted or grown only when the tail runs out of room (so taking is
 * O(n) in what is taken, not in what stays).
 */
final class ByteQueue {
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int head;
    private int tail;

    /** How many bytes are queued. */
    int size() {
        return tail - head;
    }

    /** Appends the remaining bytes of {@code src}, consuming them. */
    void append(ByteBuffer src) {
        int n = src.remaining();
        makeRoom(n);
        src.get(data, tail, n);
        tail += n;
    }

    /** Appends {@code len} bytes of {@code src} from {@code off}. */
    void append(byte[] src, int off, int len) {
        makeRoom(len);
        System.arraycopy(src, off, data, tail, len);
        tail += len;
    }

    /** Removes and returns the first {@code n} bytes ({@code n <= size()}). */
    byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(data, head, head + n);
        head += n;
        if (head == tail) {
            head = tail = 0;
        }
        return out;
    }

    /** Removes and returns every queued byte. */
    byte[] takeAll() {
        return take(size());
    }

    /** Where {@code sep} first starts at or after queue index {@code from}, or -1. */
    int indexOf(byte[] sep, int from) {
        int last = tail - sep.length;
        outer:
        for (int i = head + Math.max(from, 0); i <= last; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (data[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    /** True if {@code sep} occurs at queue index {@code at}. */
    boolean startsWith(byte[] sep, int at) {
        return at >= 0 && at + sep.length <= size()
                && Arrays.equals(data, head + at, head + at + sep.length, sep, 0, sep.length);
    }

    /** Drops the first {@code n} bytes ({@code n <= size()}). */
    void drop(int n) {
        head += n;
        if (head == tail) {
            head = tail = 0;
        }
    }

    /** Drops every queued byte. */
    void clear() {
        head = tail = 0;
    }

    private void makeRoom(int n) {
        if (data.length - tail >= n) {
            return;
        }
        int size = size();
        if (data.length - size >= n && head >= size) {
            // enough room once compacted, and compacting copies less than what was taken
            System.arraycopy(data, head, data, 0, size);
        } else {
            byte[] bigger = new byte[Math.max(size + n, Math.max(2 * data.length, 1024))];
            System.arraycopy(data, head, bigger, 0, size);
            data = bigger;
        }
        head = 0;
        tail = size;
    }
}
