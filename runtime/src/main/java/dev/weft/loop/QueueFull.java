package dev.weft.loop;

/** Thrown by {@link Queue#putNowait(Object)} when the queue has reached its maxsize. */
public class QueueFull extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A new full-queue error. */
    public QueueFull() {
        super("queue is full");
    }
}
