package dev.weft.loop;

import dev.weft.Coroutine;

/**
 * asyncio's {@code Event}: a flag tasks can wait for. {@link #set()} wakes every waiting task;
 * {@link #clear()} resets it. Python's {@code wait()} is {@link #untilSet()} here, as
 * {@code Object.wait()} is final.
 *
 * <p>May be created with no loop running; binds to the running loop when it first makes a task wait.
 * Loop thread only.
 */
public class Event extends LoopBound {
    private final ShrinkingDeque<Future<Boolean>> waiters = new ShrinkingDeque<>();
    private boolean value;

    /** An event that is not set. */
    public Event() {}

    /** True if set. */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes all waiting tasks; tasks that wait after this do not wait. */
    public void set() {
        checkThread();
        if (!value) {
            value = true;
            for (Future<Boolean> w : waiters) {
                if (!w.done()) {
                    w.setResult(true);
                }
            }
        }
    }

    /** Resets the flag: tasks waiting after this wait for the next {@link #set()}. */
    public void clear() {
        checkThread();
        value = false;
    }

    /** A coroutine that returns true once the flag is set (at once if it is set already). Python's {@code wait()}. */
    public Coroutine<Boolean> untilSet() {
        return LoopCoroutine.typed(new LoopCoroutine<Boolean>() {
            private Future<Boolean> waiter;

            @Override
            protected Object start() {
                if (value) {
                    return finish(true);
                }
                waiter = newWaiter();
                waiters.addLast(waiter);
                return waiter;
            }

            @Override
            protected Object resume(Object v) {
                waiters.remove(waiter);
                return finish(true);
            }

            @Override
            protected Object fail(Throwable error) {
                waiters.remove(waiter);
                throw Throwing.sneaky(error);
            }

            @Override
            protected String name() {
                return "Event.untilSet()";
            }
        });
    }

    @Override
    public String toString() {
        return "Event[" + (value ? "set" : "unset") + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
    }
}
