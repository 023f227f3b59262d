package dev.weft.bench.support;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The smallest run loop: callbacks queued by {@link #execute} run in order on the thread that calls
 * {@link #drain}, so chains of {@code CompletableFuture} callbacks ({@code thenAcceptAsync(f, loop)}) run
 * one after the other instead of nesting on the stack. Single-threaded.
 */
public final class RunLoop implements Executor {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

    @Override
    public void execute(Runnable callback) {
        ready.add(callback);
    }

    /** Runs callbacks until none is left. */
    public void drain() {
        Runnable r;
        while ((r = ready.poll()) != null) {
            r.run();
        }
    }
}
