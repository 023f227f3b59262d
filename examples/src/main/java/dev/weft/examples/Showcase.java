package dev.weft.examples;

import dev.weft.examples.loop.EchoProtocols;
import dev.weft.examples.loop.EchoServer;
import dev.weft.examples.loop.FileServer;
import dev.weft.examples.loop.ExecutorDemo;
import dev.weft.examples.loop.Factorials;
import dev.weft.examples.loop.GracefulShutdown;
import dev.weft.examples.loop.ProcessProtocol;
import dev.weft.examples.loop.ProducerConsumer;
import dev.weft.examples.loop.SpinnerAsync;
import dev.weft.examples.loop.SpinnerThread;
import dev.weft.examples.loop.ThreeStages;
import dev.weft.examples.loop.Ticker;
import dev.weft.examples.loop.Threadsafe;

/**
 * Runs every example in turn, with its default options, so that one command shows them all: the generators
 * {@link RunningAverager}, {@link Grouper} and {@link TaxiSim}, then the event loop programs of
 * {@link dev.weft.examples.loop}.
 */
public final class Showcase {
    private Showcase() {}

    /**
     * Runs the examples one after the other, each under a heading.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while a thread-based example blocks
     * @throws java.io.IOException if the file server example cannot write its temporary files
     */
    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        heading("RunningAverager: a generator driven by send (Fluent Python, coroaverager0)");
        RunningAverager.main(new String[0]);

        heading("Grouper: averagers' return values collected through yieldFrom (PEP 380, coroaverager3)");
        Grouper.main(new String[0]);

        heading("TaxiSim: a discrete-event simulation of " + TaxiSim.DEFAULT_NUMBER_OF_TAXIS
                + " taxis, seed " + TaxiSim.DEFAULT_SEED + " (Fluent Python, taxi_sim)");
        TaxiSim.main(new String[0]);

        String[] none = new String[0];
        heading("SpinnerThread: a spinner thread stopped by a flag while slow() blocks (Fluent Python, spinner_thread)");
        SpinnerThread.main(none);

        heading("SpinnerAsync: a spinner task cancelled when slow() returns (Fluent Python, spinner_async)");
        SpinnerAsync.main(none);

        heading("Factorials: gather, wait and asCompleted (asyncio docs, Running Tasks Concurrently)");
        Factorials.main(none);

        heading("ProducerConsumer: a bounded Queue, taskDone/join, workers cancelled at the end (asyncio docs, Queues)");
        ProducerConsumer.main(none);

        heading("Threadsafe: callSoonThreadsafe and runCoroutineThreadsafe from another thread (asyncio docs)");
        Threadsafe.main(none);

        heading("ExecutorDemo: runInExecutor keeps the loop responsive during a blocking call (asyncio docs)");
        ExecutorDemo.main(none);

        heading("ThreeStages: a callback chain rewritten as one coroutine (Fluent Python, 1st ed., ch. 18)");
        ThreeStages.main(none);

        heading("Ticker: async generators and async for (PEP 525's ticker, a pipeline, an early break)");
        Ticker.main(none);

        heading("EchoServer: a TCP server and its clients over streams, one loop thread (asyncio docs, Streams)");
        EchoServer.main(none);

        heading("FileServer: files sent straight from the disk with loop.sendfile, downloaded at once");
        FileServer.main(none);

        heading("GracefulShutdown: a server stopped by SIGTERM through loop.addSignalHandler, sessions cancelled");
        GracefulShutdown.main(none);

        heading("EchoProtocols: TCP and UDP echoes as protocols, the callback style (asyncio docs, Transports and Protocols)");
        EchoProtocols.main(none);

        heading("ProcessProtocol: a child process through a subprocess protocol (asyncio docs, Transports and Protocols)");
        ProcessProtocol.main(none);
    }

    private static void heading(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}
