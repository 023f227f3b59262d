package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader's buffer against a plain reference, through random appends, takes and searches. */
class ByteQueueTest {

    @Test
    void behavesAsAFifoOfBytesUnderRandomUse() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            ByteQueue q = new ByteQueue();
            byte[] reference = new byte[0];
            for (int step = 0; step < 200; step++) {
                int op = random.nextInt(5);
                if (op <= 1) {
                    byte[] chunk = new byte[random.nextInt(op == 0 ? 8 : 3000)];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ('a' + random.nextInt(3));
                    }
                    if (random.nextBoolean()) {
                        q.append(chunk, 0, chunk.length);
                    } else {
                        q.append(ByteBuffer.wrap(chunk));
                    }
                    reference = concat(reference, chunk);
                } else if (op == 2) {
                    int n = random.nextInt(reference.length + 1);
                    assertArrayEquals(Arrays.copyOf(reference, n), q.take(n));
                    reference = Arrays.copyOfRange(reference, n, reference.length);
                } else if (op == 3) {
                    byte[] sep = {(byte) ('a' + random.nextInt(3)), (byte) ('a' + random.nextInt(3))};
                    int from = random.nextInt(reference.length + 2);
                    assertEquals(indexOf(reference, sep, from), q.indexOf(sep, from));
                    assertEquals(indexOf(reference, sep, from) == from, q.startsWith(sep, from));
                } else {
                    int n = random.nextInt(reference.length + 1);
                    q.drop(n);
                    reference = Arrays.copyOfRange(reference, n, reference.length);
                }
                assertEquals(reference.length, q.size());
            }
            assertArrayEquals(reference, q.takeAll());
            assertEquals(0, q.size());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] sep, int from) {
        for (int i = Math.max(from, 0); i + sep.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + sep.length, sep, 0, sep.length)) {
                return i;
            }
        }
        return -1;
    }
}
