package dev.weft.loop;

/**
 * Base of the synchronization primitives: created with no loop, bound to the running loop the first
 * time one of its operations has to wait (Python 3.10's {@code _LoopBoundMixin}).
 */
abstract class LoopBound {
    /** Written once, under the lock; read without it on every wait. */
    private volatile SelectorEventLoop loop;

    /**
     * The loop this object is bound to, binding it to the running loop if it is not bound yet.
     *
     * @throws IllegalStateException if no loop runs, or it is not the bound one
     */
    final SelectorEventLoop boundLoop() {
        SelectorEventLoop bound = loop;
        if (bound != null && bound.runsOnCurrentThread()) {
            return bound; // the common case, without the thread-local lookup below
        }
        SelectorEventLoop running = RunningLoop.get();
        if (running == null) {
            throw new IllegalStateException(RunningLoop.noneRunning());
        }
        if (bound == null) {
            synchronized (this) {
                if (loop == null) {
                    loop = running;
                }
                bound = loop;
            }
        }
        if (running != bound) {
            throw new IllegalStateException(this + " is bound to a different event loop");
        }
        return running;
    }

    /**
     * Refuses a call from a thread other than the bound loop's while that loop runs, before the call
     * changes anything (a foreign {@code set()} or {@code putNowait} would change the state, then fail to
     * wake the waiters). Not bound yet: any thread, as nothing waits.
     */
    final void checkThread() {
        SelectorEventLoop bound = loop;
        if (bound != null) {
            bound.checkThread();
        }
    }

    /** A new future of the bound loop, to wait on. */
    final <T> Future<T> newWaiter() {
        return new Future<>(boundLoop());
    }
}
