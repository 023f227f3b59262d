package dev.weft.loop;

/**
 * Python's {@code KeyboardInterrupt}, as {@link Asyncio#run} and {@link Runner#run} raise it: Ctrl-C
 * ({@code SIGINT}) cancelled the main task, which has unwound and been cleaned up after. Raised only
 * when the main task ended cancelled by that Ctrl-C alone: if it caught the cancellation and returned,
 * the run returns its result.
 *
 * <pre>{@code
 * try {
 *     Asyncio.run(serve());
 * } catch (KeyboardInterrupt e) {
 *     System.out.println("bye");   // serve()'s finally blocks have run
 * }
 * }</pre>
 *
 * <p>An {@link Error}, as Python's is a {@code BaseException} and as {@link CancelledError} is:
 * {@code catch (Exception e)} does not swallow it. Left uncaught in {@code main}, Java prints it and the
 * program exits with status 1 (Python's exits as killed by the signal, 130).
 */
public class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** An interrupt with no message. */
    public KeyboardInterrupt() {
        super();
    }

    /** An interrupt whose {@link #getCause cause} is the cancellation it made the main task end with. */
    public KeyboardInterrupt(CancelledError cause) {
        super("SIGINT (Ctrl-C) cancelled the main task", cause);
    }
}
