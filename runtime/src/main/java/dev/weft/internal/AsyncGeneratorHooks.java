package dev.weft.internal;

import dev.weft.AsyncGenerator;
import java.util.function.Consumer;

/**
 * Python's {@code sys.set_asyncgen_hooks} {@code firstiter}, per thread: an event loop installs a hook
 * while it runs, and every async generator that starts iterating on that thread is handed to it, so the
 * loop can close the unfinished ones when it shuts down. Not API.
 */
public final class AsyncGeneratorHooks {
    private static final ThreadLocal<Consumer<AsyncGenerator<?, ?>>> FIRST_ITER = new ThreadLocal<>();

    private AsyncGeneratorHooks() {}

    /** Installs {@code hook} for this thread (null removes it) and returns the one it replaces. */
    public static Consumer<AsyncGenerator<?, ?>> setFirstIter(Consumer<AsyncGenerator<?, ?>> hook) {
        Consumer<AsyncGenerator<?, ?>> previous = FIRST_ITER.get();
        if (hook == null) {
            FIRST_ITER.remove();
        } else {
            FIRST_ITER.set(hook);
        }
        return previous;
    }

    /** Hands {@code generator}, which is starting to iterate, to this thread's hook, if any. */
    static void firstIter(AsyncGenerator<?, ?> generator) {
        Consumer<AsyncGenerator<?, ?>> hook = FIRST_ITER.get();
        if (hook != null) {
            hook.accept(generator);
        }
    }
}
