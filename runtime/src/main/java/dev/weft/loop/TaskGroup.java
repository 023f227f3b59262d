package dev.weft.loop;

import dev.weft.Coroutine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * asyncio's {@code TaskGroup} (Python 3.11): structured concurrency. {@link #run} runs a body that
 * creates child tasks with {@link #createTask}; the scope ends when the body and every child have
 * finished. The first child to fail cancels the others and the body; then all failures (children's and
 * the body's, cancellations aside) are raised together as an {@link ExceptionGroup}.
 *
 * <pre>{@code
 * await(TaskGroup.run(tg -> {
 *     tg.createTask(fetch("a"));
 *     tg.createTask(fetch("b"));
 *     return Coroutines.done();
 * }));
 * }</pre>
 * A cancellation of the task running the scope from outside cancels the children too, and propagates
 * once they have finished. The end of the scope follows Python 3.13 (gh-116720), which fixed 3.11's: the
 * group withdraws its own cancellation of the parent task only after the children have finished, and a
 * cancellation from outside that meets a child's failure is kept (3.11 loses it). Loop thread only.
 */
public final class TaskGroup {
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private SelectorEventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Future<Boolean> onCompleted;
    private final Consumer<Future<?>> onTaskDone = new ChildDone();

    /** What each task's end does to the group; through it the parent task waits for the task. */
    private final class ChildDone implements Consumer<Future<?>>, Awaiting {
        @Override
        public void accept(Future<?> f) {
            onTaskDone((Task<?>) f);
        }

        @Override
        public Future<?> awaiter() {
            return parentTask;
        }
    }

    private TaskGroup() {}

    /**
     * A coroutine that runs {@code body} inline in the current task, inside a new task group, then waits
     * for the group's tasks and returns the body's result.
     *
     * @throws ExceptionGroup (from the coroutine) if the body or children failed
     */
    public static <T> Coroutine<T> run(Function<? super TaskGroup, ? extends Coroutine<? extends T>> body) {
        return LoopCoroutine.typed(new TaskGroup().new Scope<>(body));
    }

    /** A child task running {@code coro} (see {@link #createTask(Coroutine, String)}). */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /**
     * A child task of the group running {@code coro}.
     *
     * @throws IllegalStateException if the group has not started, has finished, or is shutting down after
     *     a failure; {@code coro} is closed
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        if (!entered) {
            coro.close();
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            coro.close();
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            coro.close();
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = loop.createTask(coro, name);
        if (task.done()) {
            // an eager task that ended as it was made (Python 3.12): the group learns of it now, so that a
            // failure aborts the group before the body's next createTask, not an iteration later
            onTaskDone(task);
        } else {
            tasks.add(task);
            task.addDoneCallback(onTaskDone);
        }
        return task;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Task<?> task) {
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(true);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable e = task.exception();
        if (e == null) {
            return;
        }
        errors.add(e);
        if (parentTask.done()) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("message", "Task " + task + " has errored out but its parent task " + parentTask
                    + " is already completed");
            context.put("exception", e);
            context.put("task", task);
            loop.callExceptionHandler(context);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // cancel the body (and the siblings); __aexit__ will uncancel the parent
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TaskGroup[");
        sb.append("tasks=").append(tasks.size());
        if (!errors.isEmpty()) {
            sb.append(", errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(", cancelling");
        } else if (entered) {
            sb.append(", entered");
        }
        return sb.append(']').toString();
    }

    /** The {@code async with} block: enter, run the body, then {@code __aexit__}. */
    private final class Scope<T> extends LoopCoroutine<T> {
        private final Function<? super TaskGroup, ? extends Coroutine<? extends T>> body;
        private Object bodyResult;
        private Throwable bodyError;
        private Throwable propagateCancellation;
        private boolean inExit;

        Scope(Function<? super TaskGroup, ? extends Coroutine<? extends T>> body) {
            this.body = body;
        }

        @Override
        protected Object start() {
            if (entered) {
                throw new IllegalStateException("TaskGroup " + TaskGroup.this + " has already been entered");
            }
            loop = SelectorEventLoop.of(Asyncio.getRunningLoop());
            parentTask = loop.currentTask();
            if (parentTask == null) {
                throw new IllegalStateException("TaskGroup " + TaskGroup.this + " cannot determine the parent task");
            }
            entered = true;
            Coroutine<? extends T> coro;
            try {
                coro = body.apply(TaskGroup.this);
            } catch (Throwable t) {
                return exit(t);
            }
            return delegate(coro);
        }

        @Override
        protected Object innerReturned(Object value) {
            bodyResult = value;
            return exit(null);
        }

        @Override
        protected Object innerFailed(Throwable error) {
            return exit(error);
        }

        private Object exit(Throwable error) {
            inExit = true;
            exiting = true;
            bodyError = error;
            if (error instanceof CancelledError) {
                propagateCancellation = error;
            }
            if (error != null && !aborting) {
                // the parent is being cancelled, or the body failed: cancel the children
                abort();
            }
            return waitForChildren();
        }

        private Object waitForChildren() {
            if (!tasks.isEmpty()) {
                if (onCompleted == null) {
                    onCompleted = loop.createFuture();
                }
                return onCompleted;
            }
            return end();
        }

        @Override
        protected Object resume(Object value) {
            onCompleted = null;
            return waitForChildren();
        }

        @Override
        protected Object fail(Throwable error) {
            if (!inExit || !(error instanceof CancelledError)) {
                throw Throwing.sneaky(error);
            }
            if (!aborting) {
                // the parent task is cancelled while the children still run
                propagateCancellation = error;
                abort();
            }
            onCompleted = null;
            return waitForChildren();
        }

        private Object end() {
            if (parentCancelRequested && parentTask.uncancel() == 0) {
                // no cancellation left but ours: do not propagate it
                propagateCancellation = null;
            }
            if (propagateCancellation != null && errors.isEmpty()) {
                throw Throwing.sneaky(propagateCancellation);
            }
            if (bodyError != null && !(bodyError instanceof CancelledError)) {
                errors.add(bodyError);
            }
            if (!errors.isEmpty()) {
                if (parentTask.cancelling() > 0) {
                    // cancelled from outside as well: keep the cancel count stable
                    parentTask.uncancel();
                    parentTask.cancel();
                }
                throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
            }
            return finish(bodyResult);
        }

        @Override
        protected String name() {
            return "TaskGroup.run()";
        }
    }
}
