/**
 * Programs from the asyncio literature, written with weft's event loop ({@link dev.weft.loop}): Fluent
 * Python's spinners, once with a thread and a flag ({@link dev.weft.examples.loop.SpinnerThread}) and once
 * with a task cancelled when the slow coroutine returns ({@link dev.weft.examples.loop.SpinnerAsync});
 * the factorials of asyncio's documentation with {@code gather}, {@code wait} and {@code asCompleted}
 * ({@link dev.weft.examples.loop.Factorials}); producer and consumers through a bounded queue
 * ({@link dev.weft.examples.loop.ProducerConsumer}); another thread handing work to the loop
 * ({@link dev.weft.examples.loop.Threadsafe}); a blocking call moved to an executor
 * ({@link dev.weft.examples.loop.ExecutorDemo}); a chain of callbacks rewritten as one coroutine
 * ({@link dev.weft.examples.loop.ThreeStages}); PEP 525's ticker and an async generator pipeline read
 * with {@code async for} ({@link dev.weft.examples.loop.Ticker}); a TCP echo server with its clients
 * ({@link dev.weft.examples.loop.EchoServer}); a file server sending files straight from the disk with
 * {@code loop.sendfile} ({@link dev.weft.examples.loop.FileServer}); TCP and UDP echoes written as protocols
 * ({@link dev.weft.examples.loop.EchoProtocols}); and a child process driven through a subprocess protocol
 * ({@link dev.weft.examples.loop.ProcessProtocol}).
 *
 * <p>Each has a {@code main} whose optional argument is its delay in seconds. Run them with the agent:
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar \
 *      -cp runtime/target/weft-runtime-0.1.0-SNAPSHOT.jar:examples/target/classes \
 *      dev.weft.examples.loop.SpinnerAsync 3
 * </pre>
 * or all of them, with the generator examples, through {@link dev.weft.examples.Showcase}.
 */
package dev.weft.examples.loop;
