package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.Endpoint;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.SubprocessProtocol;
import dev.weft.loop.SubprocessTransport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

/**
 * A child process driven through a protocol, after asyncio's documentation ("loop.subprocess_exec() and
 * SubprocessProtocol" in Transports and Protocols, which gets the date from a Python child): the loop
 * hands what the process writes to the protocol, which tells a future once the process has exited
 * <em>and</em> its output has ended, as those two come in either order. The child here is this JVM's own
 * {@code java} launcher, asked for its version, so that the example runs wherever Java does.
 *
 * <pre>
 * usage: ProcessProtocol
 * </pre>
 */
public final class ProcessProtocol {
    private ProcessProtocol() {}

    /** Collects the process's output; completes {@code exited} once the process has exited and its output ended. */
    static final class VersionProtocol implements SubprocessProtocol {
        private final Future<Boolean> exited;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private boolean pipeClosed;
        private boolean processExited;

        VersionProtocol(Future<Boolean> exited) {
            this.exited = exited;
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            output.writeBytes(data);
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable error) {
            if (fd == 1) {
                pipeClosed = true;
                checkForExit();
            }
        }

        @Override
        public void processExited() {
            processExited = true;
            checkForExit(); // it can come before the output's end: wait for both
        }

        private void checkForExit() {
            if (pipeClosed && processExited) {
                exited.setResult(true);
            }
        }

        String output() {
            return output.toString(UTF_8);
        }
    }

    /** Runs {@code java --version} through a {@link VersionProtocol}; returns the first line it printed. */
    @Async
    static Coroutine<String> javaVersion() {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Boolean> exited = loop.createFuture();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Endpoint<SubprocessTransport, VersionProtocol> process = await(loop.subprocessExec(
                () -> new VersionProtocol(exited), java, "--version"));
        await(exited);
        process.transport().close();
        String firstLine = process.protocol().output().lines().findFirst().orElse("");
        System.out.println("the child printed " + process.protocol().output().length() + " characters, exit status "
                + process.transport().getReturncode());
        return Coroutines.done(firstLine);
    }

    public static void main(String[] args) {
        System.out.println("java --version: " + Asyncio.run(javaVersion()));
    }
}
