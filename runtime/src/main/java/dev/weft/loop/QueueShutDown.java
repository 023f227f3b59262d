package dev.weft.loop;

/**
 * Thrown by {@link Queue} operations after {@link Queue#shutdown()}: putting always, getting once the
 * queue is empty (Python 3.13's {@code QueueShutDown}).
 */
public class QueueShutDown extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A new shut-down error. */
    public QueueShutDown() {
        super("queue is shut down");
    }
}
