package dev.weft.bench.ea;

import static com.ea.async.Async.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ea-async rows. Compiled with {@code --release 11} and rewritten at build time by ea-async's own Maven
 * plugin (ea-async 1.2.3 bundles ASM 7.1, which reads no class file newer than Java 13), so no agent and no
 * {@code Async.init()} is needed. References nothing outside the JDK and ea-async: it is compiled before
 * the rest of the module.
 */
public final class EaAsyncRows {
    private EaAsyncRows() {
    }

    /** Workload 6: awaits each of {@code futures} in turn and returns their sum. */
    public static CompletableFuture<Integer> sum(CompletableFuture<Integer>[] futures) {
        int s = 0;
        for (int i = 0; i < futures.length; i++) {
            s += await(futures[i]);
        }
        return CompletableFuture.completedFuture(s);
    }

    /** Workload 4: waits {@code millis} on a future that {@code timer} completes. */
    public static CompletableFuture<Void> sleeper(ScheduledExecutorService timer, long millis) {
        await(delay(timer, millis));
        return CompletableFuture.completedFuture(null);
    }

    /** Workload 5: waits on {@code gate} with three live locals. */
    public static CompletableFuture<Long> waiter(CompletableFuture<Integer> gate, int i, Object shared) {
        int a = i;
        long b = i * 31L;
        Object c = shared;
        int v = await(gate);
        return CompletableFuture.completedFuture(a + b + v + c.hashCode());
    }

    /**
     * True if this class was rewritten by ea-async's plugin: woven, {@link #waiter} returns at once on an
     * incomplete gate; unwoven, ea-async's fallback blocks in {@code join()}.
     */
    public static boolean instrumented() {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<Long>> call = CompletableFuture.supplyAsync(() -> waiter(never, 1, "x"));
        try {
            call.get(10, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            never.complete(0);
        }
    }

    private static CompletableFuture<Void> delay(ScheduledExecutorService timer, long millis) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        timer.schedule(() -> f.complete(null), millis, TimeUnit.MILLISECONDS);
        return f;
    }
}
