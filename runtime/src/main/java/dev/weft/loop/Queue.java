package dev.weft.loop;

import dev.weft.Coroutine;
import dev.weft.internal.Frame;
import dev.weft.internal.Resumable;

/**
 * asyncio's {@code Queue}: a FIFO queue for tasks (not threads), optionally bounded. {@link #put} waits
 * while the queue is full, {@link #get} while it is empty; waiters are served FIFO, and a waiter
 * cancelled after being woken passes its turn on, so no item or slot is lost. {@link #taskDone()} and
 * {@link #join()} count unfinished items; {@link #shutdown()} ends the queue (Python 3.13).
 *
 * <p>Subclasses choose the order by passing another store: {@link PriorityQueue}, {@link LifoQueue}.
 * Items may be null (FIFO and LIFO). May be created with no loop running; binds to the running loop when
 * it first makes a task wait. Loop thread only. Named like {@code java.util.Queue}: import it explicitly.
 *
 * @param <T> the type of the items
 */
public class Queue<T> extends LoopBound {
    private final int maxsize;
    private final java.util.Queue<T> items;
    private final ShrinkingDeque<Future<Void>> getters = new ShrinkingDeque<>();
    private final ShrinkingDeque<Future<Void>> putters = new ShrinkingDeque<>();
    private int unfinishedTasks;
    private final Event finished = new Event();
    private boolean isShutdown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items; 0 or less: unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new ItemDeque<>(false));
    }

    /** For subclasses: a queue keeping its items in {@code store}, which decides their order. */
    protected Queue(int maxsize, java.util.Queue<T> store) {
        this.maxsize = maxsize;
        this.items = store;
        finished.set();
    }

    /** The number of items in the queue. */
    public int qsize() {
        return items.size();
    }

    /** The bound given at creation (0 or less: unbounded). */
    public int maxsize() {
        return maxsize;
    }

    /** True if the queue has no item. */
    public boolean empty() {
        return items.isEmpty();
    }

    /** True if the queue holds {@code maxsize} items (never, if unbounded). */
    public boolean full() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    /** A coroutine that puts {@code item} in the queue, waiting for a free slot if it is full. */
    public Coroutine<Void> put(T item) {
        return LoopCoroutine.typed(new Put(item));
    }

    /**
     * Puts {@code item} in the queue without waiting.
     *
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue was shut down
     */
    public void putNowait(T item) {
        if (!offerNow(item)) {
            throw isShutdown ? new QueueShutDown() : new QueueFull();
        }
    }

    /** Puts {@code item} if the queue is open and has room: {@link #putNowait} without its refusals. */
    private boolean offerNow(T item) {
        checkThread();
        if (isShutdown || full()) {
            return false;
        }
        items.add(item);
        unfinishedTasks++;
        finished.clear();
        if (!getters.isEmpty()) {
            wakeUpNext(getters);
        }
        return true;
    }

    /** A coroutine that removes and returns an item, waiting for one if the queue is empty. */
    public Coroutine<T> get() {
        return LoopCoroutine.typed(new Get());
    }

    /**
     * Removes and returns an item without waiting.
     *
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue was shut down and is empty
     */
    public T getNowait() {
        checkThread();
        if (empty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = items.remove();
        if (!putters.isEmpty()) {
            wakeUpNext(putters);
        }
        return item;
    }

    /**
     * Tells the queue that an item taken by {@link #get} has been processed; when every item put has
     * been, {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        checkThread();
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /** A coroutine that waits until every item put has been processed ({@link #taskDone()}). */
    public Coroutine<Void> join() {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            @Override
            protected Object start() {
                return unfinishedTasks > 0 ? delegate(finished.untilSet()) : finish(null);
            }

            @Override
            protected Object innerReturned(Object value) {
                return finish(null);
            }

            @Override
            protected String name() {
                return "Queue.join()";
            }
        });
    }

    /** Shuts the queue down (see {@link #shutdown(boolean)}), keeping its items. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: puts fail with {@link QueueShutDown} from now on, gets once it is empty;
     * waiting tasks are woken to find out. With {@code immediate}, the items are dropped (and counted as
     * done for {@link #join()}) so gets fail at once.
     */
    public void shutdown(boolean immediate) {
        checkThread();
        isShutdown = true;
        if (immediate) {
            while (!empty()) {
                items.remove();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        Future<Void> w;
        while ((w = getters.pollFirst()) != null) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
        while ((w = putters.pollFirst()) != null) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /**
     * Wakes the first waiter of {@code waiters} that is not cancelled, removing it. The callers test for a
     * waiter first, so that the wake-up inside is profiled only on calls that wake: a put and a get share
     * this method, and where only one side ever waits, the JIT saw it reached on half the calls and, by its
     * rules for a cold call site, left the wake-up out of line.
     */
    private static void wakeUpNext(ShrinkingDeque<Future<Void>> waiters) {
        Future<Void> w;
        while ((w = waiters.pollFirst()) != null) {
            if (!w.done()) {
                w.setResult(null);
                break;
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxsize=" + maxsize + ", qsize=" + qsize()
                + (getters.isEmpty() ? "" : ", getters=" + getters.size())
                + (putters.isEmpty() ? "" : ", putters=" + putters.size())
                + (unfinishedTasks == 0 ? "" : ", tasks=" + unfinishedTasks) + (isShutdown ? ", shutdown" : "") + "]";
    }

    private final class Put extends LoopCoroutine<Void> {
        private static final Resumable CODE = new PutCode();
        private final T item;
        private Future<Void> putter;

        Put(T item) {
            super(CODE);
            this.item = item;
        }

        /** Puts the item if there is room: true if the put is done. */
        private boolean putAtOnce() {
            return offerNow(item);
        }

        /** Reached only through {@link PutCode}, whose shortcut has just tried the put and found no room. */
        @Override
        protected Object start() {
            return waitForRoom();
        }

        private Object attempt() {
            return putAtOnce() ? finish(null) : waitForRoom();
        }

        /** The put found the queue full or shut down: waits for a slot, or fails. */
        private Object waitForRoom() {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            putter = newWaiter();
            putters.addLast(putter);
            return putter;
        }

        @Override
        protected Object resume(Object value) {
            return attempt();
        }

        @Override
        protected Object fail(Throwable error) {
            putter.cancel();
            putters.remove(putter);
            if (!full() && !putter.cancelled()) {
                // woken by a get, but not taking the slot: wake the next putter
                wakeUpNext(putters);
            }
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "Queue.put()";
        }
    }

    /*
     * The code of a put, its own rather than LoopCoroutine's shared hooks: an await site then calls code of
     * one class, small enough for the JIT to inline, and a put with room ends here, at its start, passing its
     * frame to no further call, so that the frame need not exist at all. (Through the shared hooks, which
     * the driver calls for every kind of loop coroutine, the JIT compiled the hooks apart first, too big to
     * inline, and allocated the frame of every await of a put.) A class, not a lambda: a lambda's body is a
     * second method, compiled apart in turn. A get keeps the shared hooks: a get with an item ending here
     * too was tried, and made ping-pong lose its race for the put in every fork, and code of its own without
     * that shortcut measured no better (benchmarks/analysis.md).
     */

    /** The code of a {@link Put}: its start is the attempt to put at once, and waits only if that fails. */
    private static final class PutCode implements Resumable {
        @Override
        public Object resume(Frame frame, int label, Object input, Throwable error) {
            Queue<?>.Put put = (Queue<?>.Put) frame;
            return label == 0 && put.putAtOnce() ? null : put.resumeAt(label, input, error);
        }
    }

    private final class Get extends LoopCoroutine<T> {
        private Future<Void> getter;

        @Override
        protected Object start() {
            return attempt();
        }

        private Object attempt() {
            if (empty()) {
                if (isShutdown) {
                    throw new QueueShutDown();
                }
                getter = newWaiter();
                getters.addLast(getter);
                return getter;
            }
            return finish(getNowait());
        }

        @Override
        protected Object resume(Object value) {
            return attempt();
        }

        @Override
        protected Object fail(Throwable error) {
            getter.cancel();
            getters.remove(getter);
            if (!empty() && !getter.cancelled()) {
                // woken by a put, but not taking the item: wake the next getter
                wakeUpNext(getters);
            }
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "Queue.get()";
        }
    }
}
