package dev.weft;

/**
 * The life cycle of a generator or coroutine, as Python's {@code inspect.getgeneratorstate} reports it.
 *
 * <pre>
 *  CREATED --send(null)--> RUNNING --yield/await--> SUSPENDED --send--> RUNNING
 *     |                       |  return / exception escapes
 *     +--close()--> CLOSED &lt;--+
 * </pre>
 */
public enum CoroutineState {
    /** Made by calling the method; no part of the body has run. */
    CREATED,
    /** The body is executing (possibly inside a delegate it awaits or yields from). */
    RUNNING,
    /** Stopped at a suspension point, waiting to be resumed. */
    SUSPENDED,
    /** Finished: returned, raised, or closed. */
    CLOSED
}
