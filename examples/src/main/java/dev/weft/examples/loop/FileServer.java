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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A file server and its clients over streams: a client asks for a file by name ({@code GET name}), the
 * server answers {@code OK size} and sends the file with {@code loop.sendfile}, straight from the disk to
 * the socket (the system's {@code sendfile}: the bytes never pass through the Java heap), and the clients
 * download their files at once and check them. One thread runs the server and every client.
 *
 * <pre>
 * usage: FileServer [MIB]    the size of the largest file, in MiB (default 8)
 * </pre>
 */
public final class FileServer {
    private FileServer() {}

    /** Serves one connection: one request, one file (or an error line), then closes. */
    @Async
    static Coroutine<Void> serve(Path root, StreamReader reader, StreamWriter writer) {
        String request = new String(await(reader.readline()), UTF_8).strip();
        Path file = request.startsWith("GET ") ? root.resolve(request.substring(4)).normalize() : null;
        if (file == null || !file.startsWith(root) || !Files.isRegularFile(file)) {
            writer.write(("ERROR no such file: " + request + "\n").getBytes(UTF_8));
        } else {
            try (FileChannel channel = FileChannel.open(file)) {
                writer.write(("OK " + channel.size() + "\n").getBytes(UTF_8));
                // waits for the header to go out, then the file goes from the disk to the socket
                await(Asyncio.getRunningLoop().sendfile(writer.transport(), channel));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        writer.close();
        await(writer.waitClosed());
        return Coroutines.done();
    }

    /** One client: asks for {@code name}, reads the answer, and returns "name: size bytes, crc ..." or the error. */
    @Async
    static Coroutine<String> download(int port, String name) {
        Connection c = await(Asyncio.openConnection("127.0.0.1", port));
        c.writer().write(("GET " + name + "\n").getBytes(UTF_8));
        String status = new String(await(c.reader().readline()), UTF_8).strip();
        String outcome;
        if (status.startsWith("OK ")) {
            long size = Long.parseLong(status.substring(3));
            CRC32 crc = new CRC32();
            long received = 0;
            while (received < size) {
                byte[] chunk = await(c.reader().read(64 * 1024));   // suspends until bytes arrive
                if (chunk.length == 0) {
                    throw new IllegalStateException(name + ": the server closed after " + received + " bytes");
                }
                crc.update(chunk);
                received += chunk.length;
            }
            outcome = name + ": " + received + " bytes, crc " + Long.toHexString(crc.getValue());
        } else {
            outcome = name + ": " + status;
        }
        c.writer().close();
        await(c.writer().waitClosed());
        return Coroutines.done(outcome);
    }

    /** Serves {@code root} on a free port, downloads {@code names} at once, closes the server. */
    @Async
    static Coroutine<List<String>> run(Path root, List<String> names) {
        Server server = await(Asyncio.startServer((r, w) -> serve(root, r, w), "127.0.0.1", 0));
        System.out.println("serving " + root + " on " + server.localAddress());
        List<Coroutine<String>> downloads = new ArrayList<>();
        for (String name : names) {
            downloads.add(download(server.port(), name));
        }
        List<String> results = await(Asyncio.gather(downloads));
        server.close();
        await(server.waitClosed());
        return Coroutines.done(results);
    }

    /** The CRC-32 of a file, computed the plain way, to check what the clients got. */
    static String crcOf(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return Long.toHexString(crc.getValue());
    }

    /**
     * Writes three files of random bytes (the largest {@code MIB} MiB) to a temporary folder, serves them,
     * downloads them and one missing file at once, and prints what each client got beside the files' CRCs.
     *
     * @param args optionally, the size of the largest file in MiB
     * @throws IOException if the temporary files cannot be written
     */
    public static void main(String[] args) throws IOException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path root = Files.createTempDirectory("weft-files").toRealPath();
        Random random = new Random(1);
        List<String> names = List.of("small.bin", "medium.bin", "large.bin");
        int[] sizes = {1000, 300 * 1024, mib * 1024 * 1024};
        try {
            for (int i = 0; i < names.size(); i++) {
                byte[] data = new byte[sizes[i]];
                random.nextBytes(data);
                Files.write(root.resolve(names.get(i)), data);
            }
            List<String> asked = new ArrayList<>(names);
            asked.add("missing.bin");
            for (String result : Asyncio.run(run(root, asked))) {
                System.out.println("client got " + result);
            }
            for (String name : names) {
                System.out.println("on disk    " + name + ": crc " + crcOf(root.resolve(name)));
            }
        } finally {
            for (String name : names) {
                Files.deleteIfExists(root.resolve(name));
            }
            Files.deleteIfExists(root);
        }
    }
}
