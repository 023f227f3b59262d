// expect warning: 26: await while holding a thread's lock (lock.unlock() in the finally block around it)
// expect warning: 39: await while holding a thread's lock (rw.writeLock().unlock() in the finally block
// expect warning: 54: yield while holding a thread's lock (lock.unlock() in the finally block around it)
package warn;

import dev.weft.Async;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A java.util.concurrent lock held across a suspension point: every task of a loop runs on its thread, so
 * the lock excludes none of them, and a coroutine resumed on another thread cannot unlock it.
 */
class ThreadLocks {
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();

    @Async
    Coroutine<Integer> held(Awaitable<Integer> value) {
        lock.lock();
        try {
            return Coroutines.done(Coroutines.await(value) + 1);
        } finally {
            lock.unlock();
        }
    }

    @Async
    Coroutine<Integer> heldDeeper(Awaitable<Integer> value, boolean twice) {
        rw.writeLock().lock();
        try {
            int v = 0;
            for (int i = 0; i < (twice ? 2 : 1); i++) {
                try {
                    v += Coroutines.await(value);
                } catch (IllegalStateException e) {
                    v--;
                }
            }
            return Coroutines.done(v);
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Async
    Generator<Integer, Object, Void> heldWhileYielding() {
        lock.lock();
        try {
            Coroutines.yield(1);
        } finally {
            lock.unlock();
        }
        return Coroutines.done();
    }

    /** Released before the await: fine. */
    @Async
    Coroutine<Integer> releasedFirst(Awaitable<Integer> value) {
        int snapshot;
        lock.lock();
        try {
            snapshot = 1;
        } finally {
            lock.unlock();
        }
        return Coroutines.done(snapshot + Coroutines.await(value));
    }

    /** The await in the finally itself, after the unlock: fine. */
    @Async
    Coroutine<Integer> awaitInTheFinally(Awaitable<Integer> value) {
        int v = 0;
        lock.lock();
        try {
            v = 1;
        } finally {
            lock.unlock();
            v += Coroutines.await(value);
        }
        return Coroutines.done(v);
    }

    @SuppressWarnings("weft")
    @Async
    Coroutine<Integer> deliberately(Awaitable<Integer> value) {
        lock.lock();
        try {
            return Coroutines.done(Coroutines.await(value));
        } finally {
            lock.unlock();
        }
    }
}
