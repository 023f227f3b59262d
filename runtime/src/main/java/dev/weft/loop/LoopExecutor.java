package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's executors: {@link EventLoop#runInExecutor} and the default executor, a thread pool of
 * {@code min(32, cpus + 4)} daemon threads (Python's ThreadPoolExecutor default) created on first use
 * and shut down when the loop closes.
 */
final class LoopExecutor {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SelectorEventLoop loop;
    private ExecutorService defaultExecutor;
    private boolean shutdownCalled;

    LoopExecutor(SelectorEventLoop loop) {
        this.loop = loop;
    }

    synchronized void setDefault(ExecutorService executor) {
        this.defaultExecutor = executor;
    }

    private synchronized ExecutorService getDefault() {
        if (shutdownCalled) {
            throw new IllegalStateException("Executor shutdown has been called");
        }
        if (defaultExecutor == null) {
            int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "weft-loop-executor-" + THREADS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            defaultExecutor = pool;
        }
        return defaultExecutor;
    }

    /** Runs {@code call} on {@code executor} (null: the default) and mirrors its outcome in a loop future. */
    <T> Future<T> run(Executor executor, Callable<T> call) {
        Executor ex = executor != null ? executor : getDefault();
        Future<T> future = new Future<>(loop);
        FutureTask<T> job = new FutureTask<>(call) {
            @Override
            protected void done() {
                if (isCancelled()) {
                    return;
                }
                T value = null;
                Throwable error = null;
                try {
                    value = get();
                } catch (java.util.concurrent.ExecutionException e) {
                    error = e.getCause();
                } catch (Throwable t) {
                    error = t;
                }
                T v = value;
                Throwable e = error;
                try {
                    loop.callSoonThreadsafe(() -> {
                        if (!future.done()) {
                            if (e != null) {
                                future.setException(e);
                            } else {
                                future.setResult(v);
                            }
                        }
                    });
                } catch (IllegalStateException closed) {
                    // the loop closed meanwhile: nobody is waiting any more
                }
            }
        };
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                job.cancel(false);
            }
        });
        ex.execute(job);
        return future;
    }

    /** Shuts the default executor down without waiting (loop close). */
    synchronized void shutdownNoWait() {
        shutdownCalled = true;
        if (defaultExecutor != null) {
            defaultExecutor.shutdown();
        }
    }

    /** A coroutine that shuts the default executor down and waits (off the loop) for its threads. */
    Coroutine<Void> shutdownDefault(double timeoutSeconds) {
        return LoopCoroutine.typed(new LoopCoroutine<Void>() {
            @Override
            protected Object start() {
                ExecutorService executor;
                synchronized (LoopExecutor.this) {
                    shutdownCalled = true;
                    executor = defaultExecutor;
                }
                if (executor == null) {
                    return finish(null);
                }
                Future<Void> done = new Future<>(loop);
                Thread waiter = new Thread(() -> {
                    executor.shutdown();
                    boolean finished;
                    try {
                        finished = executor.awaitTermination((long) (timeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        finished = false;
                    }
                    if (!finished) {
                        System.getLogger("dev.weft.loop").log(System.Logger.Level.WARNING, "The executor did not"
                                + " finish joining its threads within " + timeoutSeconds + " seconds.");
                    }
                    try {
                        loop.callSoonThreadsafe(() -> {
                            if (!done.done()) {
                                done.setResult(null);
                            }
                        });
                    } catch (IllegalStateException closed) {
                        // nobody waits any more
                    }
                }, "weft-loop-executor-shutdown");
                waiter.setDaemon(true);
                waiter.start();
                return done;
            }

            @Override
            protected Object resume(Object value) {
                return finish(null);
            }

            @Override
            protected String name() {
                return "EventLoop.shutdownDefaultExecutor()";
            }
        });
    }
}
