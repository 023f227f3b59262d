package dev.weft.loop;

/**
 * The deadline of an {@link Asyncio#timeout} scope (Python's {@code asyncio.Timeout}). When it expires,
 * the task running the scope is cancelled; the scope turns the resulting {@link CancelledError} into a
 * {@link TimeoutError} if no other cancellation is pending ({@link Task#uncancel()}). The body of the
 * scope receives it and may move the deadline.
 *
 * <pre>
 *  CREATED --enter--> ENTERED --deadline--> EXPIRING --exit--> EXPIRED
 *                        |  exit before the deadline
 *                        +--> EXITED
 * </pre>
 * Loop thread only.
 */
public final class Timeout {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        /** asyncio's name of the state, which messages and toString use. */
        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private double when;
    private State state = State.CREATED;
    private Handle handle;
    private Task<?> task;
    private int cancelling;

    Timeout(double when) {
        this.when = when;
    }

    /** The deadline in loop time, or positive infinity for none. */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code when} (positive infinity: no deadline); a past deadline
     * expires at the next iteration.
     *
     * @throws IllegalStateException if the scope is not running (not entered, expiring or finished)
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.label
                    + " Timeout");
        }
        this.when = when;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when != Double.POSITIVE_INFINITY) {
            EventLoop loop = task.getLoop();
            handle = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /** True once the deadline passed and the scope cancelled its task. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /** Enters the scope in the current task. */
    void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        Task<?> current = Asyncio.currentTask();
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        task = current;
        state = State.ENTERED;
        cancelling = current.cancelling();
        reschedule(when);
    }

    /**
     * Leaves the scope with the body's outcome ({@code error} null on success); returns what to throw:
     * a {@link TimeoutError} in place of the cancellation this scope caused, else {@code error} itself.
     */
    Throwable exit(Throwable error) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancelling && error instanceof CancelledError) {
                return new TimeoutError("timed out", error);
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
        return error;
    }

    private void onTimeout() {
        if (state != State.ENTERED) {
            return;
        }
        task.cancel();
        state = State.EXPIRING;
        handle = null;
    }

    @Override
    public String toString() {
        return "Timeout[" + state.label + ", when=" + when + "]";
    }
}
