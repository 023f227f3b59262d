/**
 * An asyncio-style event loop for weft coroutines: Python's {@code asyncio} in Java spelling.
 *
 * <p>{@link dev.weft.loop.Asyncio#run} runs a coroutine on a new {@link dev.weft.loop.SelectorEventLoop};
 * inside it, {@link dev.weft.loop.Asyncio#createTask} starts coroutines concurrently as
 * {@link dev.weft.loop.Task}s, and {@code await} suspends on loop {@link dev.weft.loop.Future}s, tasks,
 * {@code CompletionStage}s and the coroutines this package returns.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Integer> factorial(String name, int n) {
 *     int f = 1;
 *     for (int i = 2; i <= n; i++) {
 *         await(Asyncio.sleep(1));
 *         f *= i;
 *     }
 *     return done(f);
 * }
 *
 * @Async
 * static Coroutine<List<Integer>> main() {
 *     return done(await(Asyncio.gather(factorial("A", 2), factorial("B", 3))));
 * }
 *
 * List<Integer> results = Asyncio.run(main());
 * }</pre>
 *
 * <p>What differs from Python, and why:
 * <ul>
 *   <li>Operations that wait ({@code sleep}, {@code Lock.acquire}, {@code Queue.get}, {@code waitFor},
 *       {@code wait}...) return a lazy {@link dev.weft.Coroutine} (or a {@link dev.weft.loop.Future}):
 *       Java has no {@code async def}, so {@code await(lock.acquire())} replaces
 *       {@code await lock.acquire()}, and {@code Asyncio.createTask(queue.get())} works as in Python.
 *   <li>{@code async with} blocks become coroutines that run a body:
 *       {@link dev.weft.loop.Asyncio#timeout(double, dev.weft.Coroutine)} and
 *       {@link dev.weft.loop.TaskGroup#run}. Locks are released in {@code finally}.
 *   <li>{@code Object.wait()} and {@code Object.notify()} are final, so {@code Event.wait()} is
 *       {@link dev.weft.loop.Event#untilSet()}, {@code Condition.wait()} is
 *       {@link dev.weft.loop.Condition#untilSignaled()}, {@code notify}/{@code notify_all} are
 *       {@code signal}/{@code signalAll}, and {@code Barrier.wait()} is
 *       {@link dev.weft.loop.Barrier#untilAllArrive()}.
 *   <li>Errors: {@link dev.weft.loop.CancelledError} is an {@code Error} (not caught by
 *       {@code catch (Exception e)}); {@link dev.weft.loop.TimeoutError}, {@link dev.weft.loop.QueueEmpty},
 *       {@link dev.weft.loop.QueueFull}, {@link dev.weft.loop.ExceptionGroup} are unchecked so they can be
 *       caught around an {@code await}.
 *   <li>Time is a {@link dev.weft.loop.LoopClock}; tests use a {@link dev.weft.loop.VirtualClock}, on which
 *       sleeps take no real time (or, with an autojump threshold, only that long once the loop is idle).
 * </ul>
 *
 * <p>Threads: a loop and everything attached to it (futures, tasks, locks, queues) belong to the thread
 * running it. Other threads hand work over with {@link dev.weft.loop.EventLoop#callSoonThreadsafe} and
 * {@link dev.weft.loop.Asyncio#runCoroutineThreadsafe}; blocking work goes to
 * {@link dev.weft.loop.EventLoop#runInExecutor}.
 */
package dev.weft.loop;
