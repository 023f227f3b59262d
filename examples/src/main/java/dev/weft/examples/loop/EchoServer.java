package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Connection;
import dev.weft.loop.Server;
import dev.weft.loop.StreamReader;
import dev.weft.loop.StreamWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP echo server and its clients over streams, after asyncio's documentation ("TCP echo client and
 * server using streams"), both in one program: the server runs one task per connection, echoing each
 * line back until the client ends its output; the clients run concurrently, each sending its lines and
 * reading the echoes. Everything waits on sockets without blocking the one thread that runs it all.
 *
 * <pre>
 * usage: EchoServer [CLIENTS]    how many clients talk to the server at once (default 3)
 * </pre>
 */
public final class EchoServer {
    private EchoServer() {}

    /** Serves one connection: echoes lines until the client's end of stream, then closes. */
    @Async
    static Coroutine<Void> handleEcho(StreamReader reader, StreamWriter writer) {
        int lines = 0;
        while (true) {
            byte[] line = await(reader.readline());     // suspends this connection's task until a line arrives
            if (line.length == 0) {
                break;                                   // the client shut its output: end of stream
            }
            writer.write(line);
            await(writer.drain());                       // waits only if the client reads too slowly
            lines++;
        }
        System.out.println("server: echoed " + lines + " lines to a client, closing");
        writer.close();
        await(writer.waitClosed());
        return Coroutines.done();
    }

    /** One client: sends {@code lines}, then reads back as many lines, and returns them. */
    @Async
    static Coroutine<List<String>> client(int port, List<String> lines) {
        Connection c = await(Asyncio.openConnection("127.0.0.1", port));
        for (String line : lines) {
            c.writer().write((line + "\n").getBytes(UTF_8));
        }
        c.writer().writeEof();                          // a half-close: the server sees the end, can still answer
        List<String> echoed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            echoed.add(new String(await(c.reader().readline()), UTF_8).strip());
        }
        byte[] rest = await(c.reader().read(-1));        // the server closes after its last echo
        c.writer().close();
        await(c.writer().waitClosed());
        if (rest.length != 0) {
            throw new IllegalStateException("unexpected bytes after the echoes: " + rest.length);
        }
        return Coroutines.done(echoed);
    }

    /** Starts the server on a free port, runs {@code clients} clients at once, closes the server. */
    @Async
    static Coroutine<List<List<String>>> run(int clients) {
        Server server = await(Asyncio.startServer(EchoServer::handleEcho, "127.0.0.1", 0));
        int port = server.port();
        System.out.println("serving on " + server.localAddress());
        List<Coroutine<List<String>>> talks = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            talks.add(client(port, List.of("client " + i + ": hello", "client " + i + ": world")));
        }
        List<List<String>> echoed = await(Asyncio.gather(talks));
        server.close();
        await(server.waitClosed());                     // every connection has ended too
        return Coroutines.done(echoed);
    }

    /**
     * Runs the server and its clients, and prints what each client got back.
     *
     * @param args optionally, how many clients
     */
    public static void main(String[] args) {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (List<String> echoed : Asyncio.run(run(clients))) {
            System.out.println("client got back " + echoed);
        }
    }
}
