package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.CancelledError;
import dev.weft.loop.Connection;
import dev.weft.loop.Event;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Server;
import dev.weft.loop.StreamReader;
import dev.weft.loop.StreamWriter;
import dev.weft.loop.Subprocess;
import dev.weft.loop.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A server that shuts down gracefully on {@code SIGTERM} or {@code SIGINT} (Ctrl-C), with
 * {@code loop.addSignalHandler}: the signal no longer stops the JVM at once; the loop runs a callback
 * instead, and the server stops accepting, cancels its sessions (each says goodbye to its client as its
 * {@link CancelledError} unwinds it) and waits for the connections to end before the program exits.
 *
 * <p>Each session sends its client a tick every 0.1 s. Without arguments the program is its own demo:
 * two clients connect, and once both have had three ticks it sends itself {@code SIGTERM} with
 * {@code kill}; with {@code --wait} it serves until you stop it ({@code nc 127.0.0.1 PORT} to watch).
 *
 * <pre>
 * usage: GracefulShutdown [--wait]
 * </pre>
 */
public final class GracefulShutdown {
    private GracefulShutdown() {}

    /** One connection: a tick every 0.1 s until the server shuts down, then a goodbye. */
    @Async
    static Coroutine<Void> session(Set<Task<?>> sessions, StreamReader reader, StreamWriter writer) {
        Task<?> self = Asyncio.currentTask();
        sessions.add(self);
        try {
            for (int tick = 1; ; tick++) {
                writer.write(("tick " + tick + "\n").getBytes(UTF_8));
                await(writer.drain());
                await(Asyncio.sleep(0.1));
            }
        } catch (CancelledError shutdown) {
            writer.write("server shutting down, bye\n".getBytes(UTF_8));
            throw shutdown;
        } finally {
            sessions.remove(self);
            writer.close(); // what is still buffered, the goodbye, goes out first
        }
    }

    /** A client: reads lines to the end; says how it ended once it has had three ticks ({@code ticked}). */
    @Async
    static Coroutine<String> client(int port, int number, Event ticked) {
        Connection c = await(Asyncio.openConnection("127.0.0.1", port));
        int ticks = 0;
        String last = "";
        while (true) {
            byte[] line = await(c.reader().readline());
            if (line.length == 0) {
                break; // the server closed the connection
            }
            last = new String(line, UTF_8).strip();
            if (last.startsWith("tick ") && ++ticks == 3) {
                ticked.set();
            }
        }
        c.writer().close();
        await(c.writer().waitClosed());
        return Coroutines.done("client " + number + ": " + (ticks >= 3 ? "ticked" : "did not tick")
                + " until the shutdown, then: " + last);
    }

    /** Serves until SIGTERM or SIGINT, then shuts down; returns the demo clients' reports. */
    @Async
    static Coroutine<List<String>> serve(boolean demo) {
        EventLoop loop = Asyncio.getRunningLoop();
        Event stopping = new Event();
        loop.addSignalHandler("TERM", () -> shutDown("SIGTERM", stopping));
        try {
            loop.addSignalHandler("INT", () -> shutDown("SIGINT", stopping));
        } catch (IllegalStateException ignoredInt) {
            // started in the background or by nohup, the process ignores Ctrl-C, and the JVM keeps it so
        }
        Set<Task<?>> sessions = new LinkedHashSet<>();
        Server server = await(Asyncio.startServer((r, w) -> session(sessions, r, w), "127.0.0.1", 0));
        long pid = ProcessHandle.current().pid();
        System.out.println("server: serving on " + server.localAddress()
                + (demo ? "" : "; stop it with Ctrl-C or kill -TERM " + pid));
        List<Task<String>> clients = new ArrayList<>();
        if (demo) {
            List<Event> ticked = List.of(new Event(), new Event());
            for (int i = 0; i < ticked.size(); i++) {
                clients.add(Asyncio.createTask(client(server.port(), i + 1, ticked.get(i))));
            }
            for (Event e : ticked) {
                await(e.untilSet());
            }
            System.out.println("demo: both clients are ticking; sending this process SIGTERM");
            Subprocess kill = await(Asyncio.createSubprocessExec("kill", "-TERM", String.valueOf(pid)));
            await(kill.untilExit());
        }
        await(stopping.untilSet());
        server.close(); // no new connections
        for (Task<?> session : List.copyOf(sessions)) {
            session.cancel();
        }
        await(server.waitClosed()); // every connection has ended
        System.out.println("server: closed");
        List<String> reports = new ArrayList<>();
        for (Task<String> client : clients) {
            reports.add(await(client));
        }
        return Coroutines.done(reports);
    }

    /** What a signal does: on the loop thread, between other callbacks, so it may touch anything. */
    private static void shutDown(String signal, Event stopping) {
        System.out.println("server: got " + signal + ", shutting down");
        stopping.set();
    }

    /** Runs the demo, or with {@code --wait} serves until a signal. */
    public static void main(String[] args) {
        boolean demo = !(args.length > 0 && args[0].equals("--wait"));
        for (String report : Asyncio.run(serve(demo))) {
            System.out.println(report);
        }
    }
}
