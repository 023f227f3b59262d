package dev.weft.weaver.differential;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The daemon thread the CPython differential tests run woven programs on, one at a time, each with a time
 * limit: woven code that never ends is a weaver bug to report, not a reason for the test to hang. A program
 * that overruns leaves its thread to it, and the next one gets a new thread.
 */
final class WovenWorker implements AutoCloseable {
    private final String threadName;
    private final long timeoutSeconds;
    private ExecutorService executor;

    WovenWorker(String threadName, long timeoutSeconds) {
        this.threadName = threadName;
        this.timeoutSeconds = timeoutSeconds;
        this.executor = newExecutor();
    }

    /**
     * Runs {@code program} to its transcript; if it throws, the problem is what {@code failed} makes of the
     * exception; if it overruns, the problem says so.
     */
    WovenResult run(Callable<List<String>> program, Function<Throwable, String> failed) {
        Future<List<String>> run = executor.submit(program);
        try {
            return new WovenResult(run.get(timeoutSeconds, TimeUnit.SECONDS), null);
        } catch (TimeoutException e) {
            executor.shutdownNow();
            executor = newExecutor(); // the old one may stay stuck in the woven code
            return new WovenResult(null, "the woven program did not end in " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            return new WovenResult(null, failed.apply(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }
}
