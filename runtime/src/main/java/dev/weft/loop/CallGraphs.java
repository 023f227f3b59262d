package dev.weft.loop;

import dev.weft.internal.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@link Asyncio#captureCallGraph} and its text: a future's coroutine chain and, recursively, what waits
 * for it. A suspended task's chain comes from its frames (where each is suspended); the running task's
 * from the thread's own stack, whose woven frames are the coroutine chain with its current lines.
 */
final class CallGraphs {
    private CallGraphs() {
    }

    /** What {@code limit} is for every entry: no limit (Python's {@code None}). */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    /**
     * The graph of {@code future}, whose call stack is {@code stack}, each call stack in it cut to
     * {@code limit} entries (see {@link #limited}).
     */
    static FutureCallGraph capture(Future<?> future, List<StackTraceElement> stack, int limit) {
        Set<Future<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(future);
        return build(future, stack, limit, seen);
    }

    private static FutureCallGraph build(Future<?> future, List<StackTraceElement> stack, int limit,
                                         Set<Future<?>> seen) {
        List<FutureCallGraph> awaitedBy = new ArrayList<>();
        for (Future<?> awaiter : future.awaitedBy()) {
            if (seen.add(awaiter)) { // a cycle of waits is shown once
                awaitedBy.add(build(awaiter, suspendedStack(awaiter), limit, seen));
            }
        }
        return new FutureCallGraph(future, limited(stack, limit), awaitedBy);
    }

    /**
     * {@code stack} (innermost first) cut to at most {@code |limit|} entries, as asyncio cuts them: a
     * positive limit keeps the outermost (the frames nearest where the task started the chain), a negative
     * one the innermost; 0 keeps none ({@link #NO_LIMIT}: all). 0 as asyncio documents it: CPython 3.14's
     * code keeps every frame at 0 of a task that is not running.
     */
    static List<StackTraceElement> limited(List<StackTraceElement> stack, int limit) {
        int n = stack.size();
        if (limit >= 0) {
            return stack.subList(n - Math.min(n, limit), n);
        }
        return stack.subList(0, (int) Math.min(n, -(long) limit));
    }

    /**
     * {@code stack}, the running task's (innermost first), without its {@code depth - 1} innermost frames:
     * asyncio's {@code depth}, whose 1 starts at the code that asks. The runtime's own frames, asyncio's
     * {@code depth} 0, are never in it.
     *
     * @throws IllegalArgumentException if {@code depth} is negative
     */
    static List<StackTraceElement> skipped(List<StackTraceElement> stack, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be 0 or more: " + depth);
        }
        return stack.subList(Math.min(stack.size(), Math.max(0, depth - 1)), stack.size());
    }

    /** Where a task's coroutine chain is suspended, innermost first; empty for a future or a finished task. */
    static List<StackTraceElement> suspendedStack(Future<?> future) {
        if (future instanceof Task<?> && !future.done() && ((Task<?>) future).getCoro() instanceof Frame) {
            return ((Frame) ((Task<?>) future).getCoro()).stack();
        }
        return List.of();
    }

    /**
     * The running task's chain: the current thread's frames from the code that asks down to the task's
     * step, without the runtime's own frames (those of the call that asks, and of the driver between the
     * woven methods).
     */
    static List<StackTraceElement> runningStack() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int i = 0;
        while (i < all.length && isRuntime(all[i].getClassName())) {
            i++; // this class, and Asyncio's methods that called it
        }
        List<StackTraceElement> out = new ArrayList<>();
        for (; i < all.length; i++) {
            String owner = all[i].getClassName();
            if (owner.equals(Task.class.getName())) {
                break; // the task's step: below it is the loop
            }
            if (!isRuntime(owner)) {
                out.add(all[i]);
            }
        }
        return out;
    }

    /** True for a class of the runtime's packages (the API, its internals, the loop), not of a user's. */
    private static boolean isRuntime(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        return pkg.equals("dev.weft") || pkg.equals("dev.weft.internal") || pkg.equals("dev.weft.loop");
    }

    /** The graph as text, as asyncio's {@code format_call_graph} lays it out. */
    static String format(FutureCallGraph graph) {
        StringBuilder out = new StringBuilder();
        render(graph, 0, out);
        return out.toString();
    }

    private static void render(FutureCallGraph graph, int level, StringBuilder out) {
        String indent = "    ".repeat(level);
        Future<?> f = graph.future();
        String id = Integer.toHexString(System.identityHashCode(f));
        line(out, indent, f instanceof Task<?> ? "* Task(name=" + ((Task<?>) f).getName() + ", id=0x" + id + ")"
                : "* Future(id=0x" + id + ")");
        if (!graph.callStack().isEmpty()) {
            line(out, indent, "  + Call stack:");
            for (StackTraceElement e : graph.callStack()) {
                line(out, indent, "  |   at " + e);
            }
        }
        if (!graph.awaitedBy().isEmpty()) {
            line(out, indent, "  + Awaited by:");
            for (FutureCallGraph by : graph.awaitedBy()) {
                render(by, level + 1, out);
            }
        }
    }

    private static void line(StringBuilder out, String indent, String text) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(indent).append(text);
    }
}
