package dev.weft.loop;

import java.util.NoSuchElementException;

/** Thrown by {@link Queue#getNowait()} when the queue has no item. */
public class QueueEmpty extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** A new empty-queue error. */
    public QueueEmpty() {
        super("queue is empty");
    }
}
