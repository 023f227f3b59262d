package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * Makes the tasks of an event loop ({@link EventLoop#setTaskFactory}); a constructor reference of a
 * {@link Task} subclass fits: {@code loop.setTaskFactory(MyTask::new)}.
 */
@FunctionalInterface
public interface TaskFactory {
    /**
     * A new task running {@code coro} on {@code loop}, already scheduled to start.
     *
     * @param name the task's name, or null for a generated {@code Task-N}
     */
    <T> Task<T> newTask(EventLoop loop, Coroutine<T> coro, String name);
}
