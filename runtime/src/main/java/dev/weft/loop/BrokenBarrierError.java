package dev.weft.loop;

/** Thrown by {@link Barrier#untilAllArrive()} when the barrier is broken (aborted) or reset while waiting. */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A broken-barrier error with the given message. */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
