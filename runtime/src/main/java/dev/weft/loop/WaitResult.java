package dev.weft.loop;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending, each set in
 * the order the futures were given.
 *
 * @param <F> the type of the futures
 * @param done the futures that are done
 * @param pending the futures that are not
 */
public record WaitResult<F extends Future<?>>(Set<F> done, Set<F> pending) {
    /** Both sets, unmodifiable. */
    public WaitResult {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
