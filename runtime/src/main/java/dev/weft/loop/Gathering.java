package dev.weft.loop;

import dev.weft.Awaitable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link Asyncio#gather}: a future of the results of several awaitables, in input order. Without
 * {@code returnExceptions} the first failure (or cancellation) of a child fails it at once, the other
 * children running on; with it, failures take their place in the list. Cancelling it cancels every
 * child that is not done, and it then ends cancelled whatever {@code returnExceptions} says.
 */
final class Gathering extends Future<List<Object>> {
    private final List<Future<?>> children;
    private boolean cancelRequested;

    private Gathering(SelectorEventLoop loop, List<Future<?>> children) {
        super(loop);
        this.children = children;
    }

    /** Cancels the children; true if any was cancelled. */
    @Override
    public boolean cancel(String message) {
        if (done()) {
            return false;
        }
        boolean any = false;
        for (Future<?> child : children) {
            if (child.cancel(message)) {
                any = true;
            }
        }
        if (any) {
            cancelRequested = true;
        }
        return any;
    }

    /**
     * The gathering future of {@code aws}: futures are used as they are, coroutines wrapped in tasks;
     * the same awaitable twice is awaited once.
     *
     * @param loop the loop for an empty gather or for coroutines when no future names one; null: the
     *     running loop
     */
    static Future<List<Object>> gather(List<? extends Awaitable<?>> aws, boolean returnExceptions,
            SelectorEventLoop loop) {
        if (aws.isEmpty()) {
            SelectorEventLoop l = loop != null ? loop : SelectorEventLoop.of(Asyncio.getRunningLoop());
            Future<List<Object>> outer = new Future<>(l);
            outer.setResult(new ArrayList<>());
            return outer;
        }
        if (loop == null) {
            for (Awaitable<?> a : aws) {
                if (a instanceof Future<?>) {
                    loop = ((Future<?>) a).loop;
                    break;
                }
            }
        }
        Map<Awaitable<?>, Future<?>> argToFuture = new IdentityHashMap<>();
        List<Future<?>> children = new ArrayList<>(aws.size());
        ChildDone onChildDone = new ChildDone(children, returnExceptions);
        for (Awaitable<?> a : aws) {
            Future<?> f = argToFuture.get(a);
            if (f == null) {
                f = loop != null ? Asyncio.ensureFuture(a, loop) : Asyncio.ensureFuture(a);
                if (loop == null) {
                    loop = f.loop;
                }
                argToFuture.put(a, f);
                onChildDone.unique++;
                // at once, as asyncio does: a child already done has its callback scheduled before the
                // next argument's task takes its first step
                f.addDoneCallback(onChildDone);
            }
            children.add(f);
        }
        Gathering outer = new Gathering(loop, Collections.unmodifiableList(children));
        onChildDone.outer = outer; // callbacks are scheduled, never run by addDoneCallback: none has run yet
        return outer;
    }

    /** What each child's end does to the gathering future. */
    private static final class ChildDone implements Consumer<Future<?>>, Awaiting {
        private final List<Future<?>> children;
        private final boolean returnExceptions;
        /** How many distinct children there are. */
        int unique;
        /** The gathering future, set once every child has this callback. */
        Gathering outer;
        private int finished;

        ChildDone(List<Future<?>> children, boolean returnExceptions) {
            this.children = children;
            this.returnExceptions = returnExceptions;
        }

        /** The gathering future waits for each child. */
        @Override
        public Future<?> awaiter() {
            return outer;
        }

        @Override
        public void accept(Future<?> child) {
            finished++;
            if (outer.done()) {
                if (!child.cancelled()) {
                    child.exception(); // mark it retrieved
                }
                return;
            }
            if (!returnExceptions) {
                if (child.cancelled()) {
                    outer.setException(child.makeCancelledError());
                    return;
                }
                Throwable e = child.exception();
                if (e != null) {
                    outer.setException(e);
                    return;
                }
            }
            if (finished == unique) {
                List<Object> results = new ArrayList<>(children.size());
                for (Future<?> f : children) {
                    if (f.cancelled()) {
                        results.add(new CancelledError(f.cancelMessage()));
                    } else {
                        Throwable e = f.exception();
                        results.add(e != null ? e : f.result());
                    }
                }
                if (outer.cancelRequested) {
                    outer.setException(child.cancelled() ? child.makeCancelledError() : new CancelledError());
                } else {
                    outer.setResult(results);
                }
            }
        }
    }

    @Override
    String describe() {
        return super.describe() + (done() ? "" : ", children=" + children.size());
    }
}
