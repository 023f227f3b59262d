package dev.weft.bench.support;

import java.util.concurrent.SynchronousQueue;

/**
 * Two threads that hand a value back and forth over a pair of {@link SynchronousQueue}s: the thread-based
 * rows of the suspend/resume and ping-pong workloads.
 */
public final class Handoff {
    private Handoff() {
    }

    /**
     * Answers every value taken from {@code in} by putting it back on {@code out}, {@code depth} frames deep
     * on its stack (so that a thread suspended here has a stack as deep as a chain of that depth), until
     * interrupted or until it has answered {@code rounds} values (never, when negative).
     */
    public static void echo(int depth, long rounds, SynchronousQueue<Integer> in, SynchronousQueue<Integer> out) {
        if (depth > 1) {
            echo(depth - 1, rounds, in, out);
            return;
        }
        try {
            for (long r = 0; rounds < 0 || r < rounds; r++) {
                out.put(in.take());
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Sends {@code rounds} values through an echoing thread and waits for each to come back. */
    public static int drive(long rounds, SynchronousQueue<Integer> toEcho, SynchronousQueue<Integer> fromEcho)
            throws InterruptedException {
        int token = 0;
        for (long r = 0; r < rounds; r++) {
            toEcho.put(token & 0x3f);
            token += fromEcho.take();
        }
        return token;
    }
}
