package dev.weft.weaver.differential;

import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopIteration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reference the woven programs are compared with: a generator whose body runs unchanged on a thread
 * of its own, handing each yielded value to the caller and blocking for the value sent back. It needs no
 * weaving, so it is right by construction wherever the handoff is right; the protocol around it (send,
 * throwIn, close, hasNext, state, returnValue) follows the contract in API.md, with {@code yieldFrom}
 * as Python's PEP 380.
 *
 * <p>The threaded variant of a generated program calls {@link #yield}, {@link #yieldFrom} and
 * {@link #done} where the woven variant calls {@code Coroutines}' methods of the same names.
 */
public final class ThreadGenerator implements Generator<Object, Object, Object> {
    /** A generator body: what the woven variant's method body is, with {@code return done(x)} returning x. */
    @FunctionalInterface
    public interface Body {
        Object run() throws Throwable;
    }

    /** How long a handoff may wait before the reference is declared hung. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final ThreadLocal<ThreadGenerator> CURRENT = new ThreadLocal<>();
    /** Generators whose body thread is alive, so a test can end the ones left suspended. */
    private static final Set<ThreadGenerator> LIVE = ConcurrentHashMap.newKeySet();

    private enum St { CREATED, RUNNING, SUSPENDED, RETURNED, CLOSED }

    /** What the caller hands the body. */
    private record In(Object value, Throwable error, boolean kill) {}

    /** What the body hands the caller. */
    private record Out(Object yielded, boolean returned, Object value, Throwable error) {}

    /** Thrown at a body's suspension point to end a generator that was left suspended. */
    static final class Abandoned extends Error {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("abandoned", null, false, false);
        }
    }

    /** A tail call: the body returned another generator, which the reference delegates to. */
    private record Tail(Generator<?, ?, ?> sub) {}

    private final Body body;
    private final SynchronousQueue<In> toBody = new SynchronousQueue<>();
    private final SynchronousQueue<Out> toCaller = new SynchronousQueue<>();
    private St state = St.CREATED;
    private Thread thread;
    private boolean abandoning;
    private boolean peeked;
    private Object peekValue;
    private Object result;

    private ThreadGenerator(Body body) {
        this.body = body;
    }

    /** A created generator that will run {@code body} on its own thread. */
    public static Generator<Object, Object, Object> start(Body body) {
        return new ThreadGenerator(body);
    }

    // ---------------------------------------------------------------- what the body calls

    /** The reference's {@code Coroutines.yield}. */
    @SuppressWarnings("unchecked")
    public static <S> S yield(Object value) {
        ThreadGenerator g = CURRENT.get();
        if (g == null) {
            throw new IllegalStateException("ThreadGenerator.yield outside a generator body");
        }
        if (g.abandoning) {
            throw new Abandoned();
        }
        In in = g.handToCaller(new Out(value, false, null, null));
        if (in.kill) {
            g.abandoning = true;
            throw new Abandoned();
        }
        if (in.error != null) {
            throw ThreadGenerator.<RuntimeException>sneaky(in.error);
        }
        return (S) in.value;
    }

    /** The reference's {@code Coroutines.yieldFrom(Generator)}: PEP 380's {@code yield from}. */
    @SuppressWarnings("unchecked")
    public static <R> R yieldFrom(Generator<?, ?, ? extends R> sub0) {
        if (sub0 == null) {
            throw new NullPointerException("cannot await or yield from null");
        }
        Generator<Object, Object, Object> sub = (Generator<Object, Object, Object>) sub0;
        Object y;
        try {
            y = sub.send(null);
        } catch (StopIteration end) {
            return (R) end.value();
        }
        for (;;) {
            Object sent;
            try {
                sent = ThreadGenerator.yield(y);
            } catch (Abandoned a) {
                throw a;
            } catch (GeneratorExit exit) {
                // PEP 380: close the sub-generator (its failure to close reaches us), then exit ourselves
                sub.close();
                throw exit;
            } catch (Throwable t) {
                try {
                    y = sub.throwIn(t);
                } catch (StopIteration end) {
                    return (R) end.value();
                }
                continue;
            }
            try {
                y = sub.send(sent);
            } catch (StopIteration end) {
                return (R) end.value();
            }
        }
    }

    /** The reference's {@code Coroutines.yieldFrom(Iterable)}. */
    public static void yieldFrom(Iterable<?> values) {
        if (values == null) {
            throw new NullPointerException("cannot await or yield from null");
        }
        Iterator<?> it = values.iterator();
        while (it.hasNext()) {
            Object sent = ThreadGenerator.yield(it.next());
            if (sent != null) {
                throw new IllegalArgumentException("can't send non-null value into a yieldFrom(iterable): "
                        + "a plain iterator takes no values");
            }
        }
    }

    /** The reference's {@code Coroutines.done(v)}: the body's return value itself. */
    public static Object done(Object value) {
        return value;
    }

    /** The reference's {@code Coroutines.done()}. */
    public static Object done() {
        return null;
    }

    /** The reference's {@code return otherGenerator;}: a tail delegation, run once the body has returned. */
    public static Object tail(Generator<?, ?, ?> sub) {
        return new Tail(sub);
    }

    // ---------------------------------------------------------------- the body's thread

    private void runBody() {
        CURRENT.set(this);
        Out out;
        try {
            Object r = body.run();
            if (r instanceof Tail) {
                r = yieldFrom(((Tail) r).sub);
            }
            out = new Out(null, true, r, null);
        } catch (Throwable t) {
            out = new Out(null, false, null, t);
        }
        LIVE.remove(this);
        try {
            toCaller.put(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private In handToCaller(Out out) {
        try {
            toCaller.put(out);
            return toBody.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** Resumes the body with {@code in} and waits for what it hands back. */
    private Out resume(In in) {
        state = St.RUNNING;
        try {
            if (thread == null) {
                // the first input of a started body is always a plain null: throwIn and close of a
                // created generator never start it
                thread = new Thread(this::runBody, "weft-reference");
                thread.setDaemon(true);
                LIVE.add(this);
                thread.start();
            } else if (!toBody.offer(in, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("reference generator body did not take its input");
            }
            Out out = toCaller.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (out == null) {
                throw new AssertionError("reference generator body hung for " + TIMEOUT_SECONDS + " s");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Turns what the body handed back into the protocol's outcome. */
    private Object outcome(Out out) {
        if (out.error != null) {
            state = St.CLOSED;
            Throwable t = out.error;
            if (t instanceof StopIteration) {
                t = new RuntimeException("generator raised StopIteration: reference", t);
            }
            throw ThreadGenerator.<RuntimeException>sneaky(t);
        }
        if (out.returned) {
            state = St.RETURNED;
            result = out.value;
            throw new StopIteration(out.value);
        }
        state = St.SUSPENDED;
        return out.yielded;
    }

    private boolean ended() {
        return state == St.RETURNED || state == St.CLOSED;
    }

    // ---------------------------------------------------------------- the protocol

    @Override
    public Object send(Object value) {
        if (state == St.RUNNING) {
            throw new IllegalStateException("generator already executing: reference");
        }
        if (state == St.CREATED && value != null) {
            throw new IllegalArgumentException("can't send non-null value to a just-started generator: reference");
        }
        if (peeked) {
            if (value != null) {
                throw new IllegalStateException("hasNext() ran the generator ahead to its next yield;"
                        + " send(non-null) cannot follow it");
            }
            peeked = false;
            Object v = peekValue;
            peekValue = null;
            return v;
        }
        if (ended()) {
            throw new StopIteration();
        }
        return outcome(resume(new In(value, null, false)));
    }

    @Override
    public Object throwIn(Throwable error) {
        if (error == null) {
            throw new NullPointerException("throwIn(null)");
        }
        if (state == St.RUNNING) {
            throw new IllegalStateException("generator already executing: reference");
        }
        if (state == St.CREATED || ended()) {
            if (state == St.CREATED) {
                state = St.CLOSED;
            }
            throw ThreadGenerator.<RuntimeException>sneaky(error);
        }
        clearPeek();
        return outcome(resume(new In(null, error, false)));
    }

    @Override
    public void close() {
        if (state == St.RUNNING) {
            throw new IllegalStateException("generator already executing: reference");
        }
        if (state == St.CREATED || ended()) {
            if (state == St.CREATED) {
                state = St.CLOSED;
            }
            return;
        }
        clearPeek();
        try {
            outcome(resume(new In(null, new GeneratorExit(), false)));
        } catch (GeneratorExit | StopIteration expected) {
            return;
        }
        throw new RuntimeException("generator ignored GeneratorExit: reference");
    }

    private void clearPeek() {
        peeked = false;
        peekValue = null;
    }

    @Override
    public CoroutineState state() {
        switch (state) {
            case CREATED:
                return CoroutineState.CREATED;
            case RUNNING:
                return CoroutineState.RUNNING;
            case SUSPENDED:
                return CoroutineState.SUSPENDED;
            default:
                return CoroutineState.CLOSED;
        }
    }

    @Override
    public Object returnValue() {
        if (state != St.RETURNED) {
            throw new IllegalStateException("generator has not returned (" + state() + "): reference");
        }
        return result;
    }

    @Override
    public Object next() {
        if (ended()) {
            throw new StopIteration();
        }
        return send(null);
    }

    @Override
    public boolean hasNext() {
        if (peeked) {
            return true;
        }
        if (ended()) {
            return false;
        }
        Object v;
        try {
            v = outcome(resume(new In(null, null, false)));
        } catch (StopIteration end) {
            return false;
        }
        peeked = true;
        peekValue = v;
        return true;
    }

    @Override
    public String toString() {
        return "ThreadGenerator " + state();
    }

    // ---------------------------------------------------------------- cleaning up

    /**
     * Ends every reference generator left suspended (a test stopped driving it): each is resumed with an
     * {@link Abandoned} error that no generated program catches, and whatever its finally blocks start
     * is ended in turn.
     */
    public static void abandonAll() {
        for (int round = 0; round < 1000 && !LIVE.isEmpty(); round++) {
            for (ThreadGenerator g : LIVE.toArray(new ThreadGenerator[0])) {
                if (g.state == St.SUSPENDED) {
                    g.abandon();
                }
            }
            if (!LIVE.isEmpty()) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void abandon() {
        state = St.RUNNING;
        try {
            if (!toBody.offer(new In(null, null, true), TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
            Out out = toCaller.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            state = out != null && out.error == null && !out.returned ? St.SUSPENDED : St.CLOSED;
            if (state == St.SUSPENDED) {
                // it yielded while abandoning: cannot happen (yield throws at once), but don't spin on it
                state = St.CLOSED;
                LIVE.remove(this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
