package dev.weft.internal;

import dev.weft.AsyncGenerator;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Done;
import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.StopIteration;

/**
 * The suspended state of one woven method call, and the driver of the chain of frames it delegates to.
 * Not API: public only because woven code must reach it.
 *
 * <p>A woven {@code @Async} method returns a frame (a subclass with typed slots for its live values).
 * The frame is the {@link Generator} or {@link Coroutine} the user drives. When a body awaits a coroutine
 * or yields from a generator, the delegate is pushed on an explicit stack: {@link #parent} links point
 * outwards and the root remembers the innermost frame in {@link #leaf}, so a resume goes straight to the
 * innermost frame and a return pops to its parent, at any depth, without growing the Java stack. As a
 * shortcut, an {@code await} of a just-created coroutine first runs it as a call ({@link #enterInline},
 * at most {@link #MAX_INLINE_DEPTH} deep); only if it suspends does it join the chain. An await (or a
 * yieldFrom) of a call to a static or private {@code @Async} coroutine (or generator) method of the same
 * class goes further: the callee's direct variant runs its body with no frame, and makes one (of the class
 * its suspension points need, without room for its arguments) only if it suspends
 * ({@link #directOutcome}).
 *
 * <pre>
 * state:   0          created: the body has not started
 *          k &gt; 0      suspended at point k (bit DELEGATING: waiting for a delegate to finish)
 *          RUNNING    executing, itself or a delegate of it
 *          CLOSED     ended by an exception or close()
 *          RETURNED   ended by returning; {@link #result} holds the value
 * </pre>
 *
 * <p>Invariants for maintainers: only a root ({@code parent == null}) has a meaningful {@code leaf};
 * the frames from a root's leaf up the parent links to the root form one chain, all but the leaf in
 * state DELEGATING; the leaf of a chain that is executing is in state RUNNING, which is how re-entry
 * is detected in constant time.
 */
public abstract class Frame implements Generator<Object, Object, Object>, Coroutine<Object>,
        AsyncGenerator<Object, Object> {
    /** State: the body is executing. */
    public static final int RUNNING = -1;
    /** State: ended by an exception or by close(). */
    public static final int CLOSED = -2;
    /** State: ended by a normal return. */
    public static final int RETURNED = -3;
    /** State bit: suspended waiting for the delegate the body returned to finish. */
    public static final int DELEGATING = 1 << 24;
    /** State bit: an async generator's suspension at a {@code yield} rather than an {@code await}. */
    public static final int YIELDING = 1 << 25;
    /** State bit: {@code hasNext()} ran ahead; {@link #result} holds the next value. */
    static final int PEEKED = 1 << 26;
    /** Mask for the suspension point number in {@link #state}. */
    public static final int LABEL = DELEGATING - 1;
    /** Label at which a frame that returned another coroutine or generator waits for it (a tail call). */
    static final int TAIL_CALL = LABEL;
    /**
     * What {@link #step} returns when the frame has returned (its value is then {@link #returnValue()}):
     * drivers inside the runtime end a frame without the cost of throwing {@link StopIteration}.
     */
    public static final Object ENDED = new Object() {
        @Override
        public String toString() {
            return "ENDED";
        }
    };
    /**
     * How many created coroutines an {@code await} may run directly on the Java stack, one inside
     * another, before it falls back to delegation on the heap chain (which needs no Java stack). One such
     * level takes 0.4-0.7 KB of Java stack (measured on JDK 17, compiled and interpreted), so a full nest
     * takes at most about 90 KB: a tenth of a default 1 MB thread stack.
     */
    static final int MAX_INLINE_DEPTH = 128;
    /** See the class comment. Woven code writes the label here as it suspends. */
    public int state;
    /** The woven method's code. */
    final Resumable code;
    /** The frame that delegates to this one, or null for a root. */
    Frame parent;
    /**
     * At a root: the innermost frame of its chain, or null when that is the root itself (see
     * {@link #innermost}): a frame never refers to itself, so that the JIT can keep a frame that lives
     * inside one compiled method (a for-each over a generator) off the heap altogether.
     */
    Frame leaf;
    /**
     * The return value once RETURNED, or the value {@code hasNext()} ran ahead to. While the frame runs
     * inside an inline await, an {@link InlineDepth}: how many inline awaits are on the Java stack up to
     * it (the field is otherwise unused while a frame runs, and keeps the count off a thread-local).
     */
    Object result;

    /** A created frame for the given code. */
    protected Frame(Resumable code) {
        this.code = code;
    }

    /** Drops the references this frame's slots hold, once it has ended. */
    protected abstract void clearSlots();

    // ---------------------------------------------------------------- the driver

    /**
     * Resumes the chain this frame belongs to with {@code input} (or {@code error}) at its innermost
     * frame, runs until this frame's chain suspends, and returns what it suspended with, or
     * {@link #ENDED} when this frame returns.
     */
    final Object drive(Object input, Throwable error) {
        if (error == null && parent == null) {
            Frame f = innermost();
            if ((f.state & ~LABEL) == 0) {
                return resumeLeaf(f, input);
            }
        }
        return driveChain(input, error, null, null, null, null);
    }

    /**
     * {@link #drive} for the common cases, kept small so that the JIT inlines it into the caller: the
     * innermost frame {@code f} of this root's chain (this root itself, at depth 1) is created or suspended
     * at a plain point and resumed with a value. Returns at once if {@code f} suspends at a plain point
     * again, or if {@code f} is this root and returns a value; if {@code f} is this root's own delegate and
     * returns a value (a task's coroutine awaiting a loop coroutine: a sleep, a queue's get), goes on to
     * resume this root the same way ({@link #leafReturned}); the chain driver takes any other outcome.
     * The same path at every depth keeps a resume as cheap at depth 100 as at depth 1.
     */
    private Object resumeLeaf(Frame f, Object input) {
        int s = f.state;
        f.state = RUNNING;
        Object out;
        try {
            out = f.code.resume(f, s, input, null);
        } catch (Throwable t) {
            return driveChain(null, null, f, null, t, null);
        }
        // Every test that leads to an out-of-line call taking a frame is made on every resume, not only
        // on the rare ones that end the body: the JIT keeps both sides of a branch it has seen fewer than
        // about 40 times, and one such call left compiled in makes the frame escape, so that a generator
        // living inside one for-each stays on the heap, with its boxes (2-3 ns per element instead of 0.6).
        int now = f.state;
        if (f == this) {
            if (now == RUNNING) {
                // this root returned: ended here with no call the JIT might not inline, so that a frame
                // that lives only inside one loop (a for-each over a generator) need not exist on the heap
                if (out instanceof Done<?, ?, ?>) {
                    out = ((Done<?, ?, ?>) out).value();
                } else if (out instanceof Coroutine<?> || out instanceof Generator<?, ?, ?>) {
                    return delegateAndDrive(tailCall(this, out));
                }
                state = RETURNED;
                result = out;
                clearSlots();
                return ENDED;
            }
            if (now > 0) {
                return (now & DELEGATING) == 0 ? out : delegateAndDrive((Frame) out);
            }
        } else if (now > 0 && (now & DELEGATING) == 0) {
            return out;
        } else if (now == RUNNING && f.parent == this && (state & LABEL) != TAIL_CALL && isPlainReturn(out)) {
            return leafReturned(f, out);
        }
        return driveChain(null, null, f, out, null, null);
    }

    /**
     * The innermost frame {@code f} of this root's chain, delegated to by this root itself, returned
     * {@code out}, a plain value: ends it and resumes this root's body with the value, as the chain driver
     * would, at its own label (the root waits at an await or yieldFrom, not at a tail call). The driver's
     * general loop was the larger part of a task step that ends a loop coroutine: skipping it took ~3 ns
     * off a ping-pong handoff (~57 ns) and ~1.3 ns off a task's step through {@code sleep(0)} (~30 ns).
     */
    private Object leafReturned(Frame f, Object out) {
        f.end(RETURNED, out);
        popTo(this, f);
        state &= LABEL;
        return resumeLeaf(this, out);
    }

    /**
     * This root has just suspended delegating to {@code child} (a task's coroutine awaiting one that
     * suspended): pushes it as the chain driver would; the common case, a child that has already run to
     * its first suspension, needs no more.
     */
    private Object delegateAndDrive(Frame child) {
        Throwable refused = child.refuseDelegation(this, this);
        if (refused != null || child.state < 0) {
            return driveChain(null, refused, null, null, null, null);
        }
        child.parent = this;
        leaf = child.innermost();
        if (child.isPeeked()) {
            return child.takePeeked();
        }
        return driveChain(null, null, null, null, null, null);
    }

    /**
     * What {@code t}, escaping the body of {@code f}, is raised as: itself, except that a StopIteration is
     * a bug in the body, not its end (PEP 479), and becomes a RuntimeException, and so does a
     * StopAsyncIteration escaping an async generator's body (the same rule, as CPython applies it). An
     * adapter around a delegate that is not a woven frame has no body: what it lets through (an error
     * thrown into a plain iterator, which has no throw of its own) is raised at its parent's yieldFrom as
     * it is (PEP 380).
     */
    private static Throwable escaping(Frame f, Throwable t) {
        if (t instanceof StopIteration && !(f instanceof Delegates.Adapter)) {
            return new RuntimeException(f.kindWord() + " raised StopIteration: " + f.info().method(), t);
        }
        if (t instanceof StopAsyncIteration && !(f instanceof Delegates.Adapter)
                && f.info().kind() == FrameInfo.Kind.ASYNC_GENERATOR) {
            // its own end would look the same to whoever awaits its step
            return new RuntimeException("async generator raised StopAsyncIteration: " + f.info().method(), t);
        }
        return t;
    }

    /** What a body returned: its value, or, for a coroutine or generator (a tail call), the delegate. */
    private static Object returnedValue(Frame f, Object out) {
        if (out instanceof Done<?, ?, ?>) {
            return ((Done<?, ?, ?>) out).value();
        }
        if (out instanceof Coroutine<?> || out instanceof Generator<?, ?, ?>) {
            return tailCall(f, out);
        }
        return out;
    }

    /** {@code f} returned {@code delegate}, a coroutine or generator: it now waits for it, and this gives the delegate. */
    private static Frame tailCall(Frame f, Object delegate) {
        f.state = TAIL_CALL | DELEGATING;
        return Delegates.of(delegate);
    }

    /**
     * {@link #drive} in general: the whole chain, delegation, tail calls and close semantics. If
     * {@code resumed} is not null, the innermost frame {@code resumed} has just been resumed by a fast path
     * and {@code resumedOut} or {@code resumedError} is what came of it. {@code inlineDepth} is null, or,
     * when an inline await drives the chain on its own stack, its depth: each frame resumed here runs at
     * that depth (see {@link #result}), so that the chain's own awaits do not nest inline ever deeper.
     */
    private Object driveChain(Object input, Throwable error, Frame resumed, Object resumedOut,
            Throwable resumedError, InlineDepth inlineDepth) {
        Frame root = this;
        if (parent != null) {
            root = rootOf(this);
        }
        Frame f = root.innermost();
        if (resumed == null) {
            if (f.state == RUNNING) {
                throw new IllegalStateException(kindWord() + " already executing: " + this);
            }
            if (f != this && f.isPeeked()) {
                // hasNext() on the innermost frame, driven directly, ran it ahead: the value it holds is the
                // chain's next, as a generator's own hasNext() value is its next (see sendStep, throwStep)
                if (error != null) {
                    f.takePeeked(); // raised where it is suspended, past that value
                } else if (input != null) {
                    throw new IllegalStateException("hasNext() ran the " + f.kindWord()
                            + " this one delegates to ahead to its next yield; send(non-null) cannot follow it");
                } else {
                    return f.takePeeked();
                }
            }
        }
        // PEP 380: a GeneratorExit thrown into a frame that delegates makes its yield from close() the
        // delegate, whose own yield from closes its delegate, and so on: every frame from the innermost
        // up to (not including) this one is being closed by its parent. The exit is thrown into the
        // innermost at once; `closing` is the frame whose close() by its parent is the innermost one
        // still under way, and moves up the chain as each finishes (see the three outcomes below).
        Frame closing = null;
        Throwable exit = null;
        if (error instanceof GeneratorExit && f != this) {
            closing = f;
            exit = error;
        }
        // for AsyncStackTrace: the frame whose body raised `error` on this stack (null: it came from
        // outside the chain), and the last error whose trace got a frame here, with the element added
        Frame raiser = null;
        Throwable traced = null;
        StackTraceElement tracedAt = null;
        for (;;) {
            Object out = null;
            Throwable thrown = null;
            boolean returned;
            if (resumed != null) {
                f = resumed;
                resumed = null;
                if (resumedError != null) {
                    thrown = escaping(f, resumedError);
                }
                out = resumedOut;
                if (thrown == null && f.state == RUNNING) {
                    out = returnedValue(f, out);
                }
            } else {
                int s = f.state;
                if (s < 0) {
                    // A delegate that was finished by someone driving it directly: the parent's delegation
                    // ends with no value, or with the error, as Python's yield from sees it. Being closed, it
                    // closes at once (close() of a finished generator does nothing), and its parent is next.
                    boolean closed = f == closing;
                    f = popTo(root, f);
                    if (closed) {
                        closing = closedNext(f);
                    }
                    continue;
                }
                if (error != null && !(f instanceof Delegates.Adapter) && AsyncStackTrace.applies(error)) {
                    // the body is about to raise it at its suspension point (or, in a tail call, to end
                    // with it at the return, whose line is not known): that point joins its trace
                    tracedAt = traceRaise(error, f, error == traced ? tracedAt : null, raiser);
                    traced = error;
                }
                f.state = RUNNING;
                if ((s & LABEL) == TAIL_CALL) {
                    // the delegate this frame returned has finished: its outcome is this frame's
                    thrown = error;
                    out = input;
                } else {
                    f.result = inlineDepth;
                    try {
                        out = f.code.resume(f, s & LABEL, input, error);
                    } catch (Throwable t) {
                        thrown = escaping(f, t);
                    }
                    f.result = null;
                    if (thrown == null && f.state == RUNNING) {
                        out = returnedValue(f, out);
                    }
                }
            }
            returned = f.state == RUNNING;
            if (thrown != null) {
                boolean closed = f == closing;
                f.end(CLOSED, null);
                if (f == this) {
                    root.setInnermost(this);
                    throw Sneaky.raise(thrown);
                }
                raiser = f instanceof Delegates.Adapter ? null : f; // an adapter has no body of its own
                f = popTo(root, f);
                input = null;
                error = thrown;
                if (closed) {
                    // 1. the closed delegate raised: another error reaches its parent as it is; a
                    // GeneratorExit (any instance, of any subclass) means its close() succeeded, so its parent
                    // gets the original exit, as CPython's close of a delegate gives its delegator
                    closing = closedNext(f);
                    if (thrown instanceof GeneratorExit) {
                        error = exit;
                    }
                }
                continue;
            }
            if (returned) {
                f.end(RETURNED, out);
                if (f == this) {
                    root.setInnermost(this);
                    return ENDED;
                }
                boolean closed = f == closing;
                f = popTo(root, f);
                input = out;
                error = null;
                if (closed) {
                    // 2. the closed delegate returned: its parent still gets the GeneratorExit
                    closing = closedNext(f);
                    input = null;
                    error = exit;
                }
                continue;
            }
            if ((f.state & DELEGATING) != 0) {
                Frame child = (Frame) out;
                Throwable refused = child.refuseDelegation(root, f);
                input = null;
                error = refused;
                if (refused != null || child.state < 0) {
                    // refused: raised at the delegation point; a finished generator: ends at once, no value
                    raiser = f; // a refusal is made by the driver: f's frame goes on top of the driver's
                    continue;
                }
                child.parent = f;
                f = child.innermost();
                root.setInnermost(f);
                if (!child.isPeeked()) {
                    continue;
                }
                // hasNext(), an inline await or a direct call already ran the delegate ahead, to a yield:
                // that value is what the chain suspends with (the delegating frame suspended with it)
                out = child.takePeeked();
            }
            if (closing != null) {
                // 3. the closed delegate yielded instead of finishing: it stays suspended, detached, and its
                // parent gets the error close() would have raised
                Frame delegator = closing.parent;
                closing.parent = null;
                closing.setInnermost(f);
                root.setInnermost(delegator);
                error = new RuntimeException(closing.kindWord() + " ignored GeneratorExit: " + closing);
                raiser = closing; // made by the driver, as a refusal is
                input = null;
                f = delegator;
                closing = closedNext(f);
                continue;
            }
            root.setInnermost(f);
            return out;
        }
    }

    /**
     * While a GeneratorExit closes the chain below this frame: {@code parent}, whose close of its delegate
     * has just finished, is the one being closed next, unless it is this frame, where the close began.
     */
    private Frame closedNext(Frame parent) {
        return parent == this ? null : parent;
    }

    /**
     * Adds where {@code into} is suspended to the stack trace of {@code error}, about to be raised there,
     * and returns the element added, or null (see {@link AsyncStackTrace#add}; {@code raiser} is the
     * frame whose body raised it on this stack, or null). Never fails: the error itself matters more.
     */
    private static StackTraceElement traceRaise(Throwable error, Frame into, StackTraceElement after, Frame raiser) {
        try {
            return AsyncStackTrace.add(error, into.position(), after,
                    raiser == null ? null : raiser.info().position(0));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Ends {@code done} (a finished delegate) and returns its parent, now the innermost frame. */
    private static Frame popTo(Frame root, Frame done) {
        Frame p = done.parent;
        done.parent = null;
        done.leaf = null;
        root.setInnermost(p);
        return p;
    }

    /** At a root: the innermost frame of its chain (this root itself when it delegates to nothing). */
    private Frame innermost() {
        Frame f = leaf;
        return f == null ? this : f;
    }

    /** At a root: records {@code f} as the innermost frame of its chain. */
    private void setInnermost(Frame f) {
        leaf = f == this ? null : f;
    }

    private static Frame rootOf(Frame f) {
        while (f.parent != null) {
            f = f.parent;
        }
        return f;
    }

    /** Why this frame cannot be delegated to now, or null if it can. */
    private Throwable refuseDelegation(Frame root, Frame delegator) {
        if (this == root || this == delegator) {
            return new IllegalStateException(kindWord() + " already executing: " + this);
        }
        if (parent != null) {
            return new IllegalStateException(kindWord() + " is already being awaited or yielded from: " + this);
        }
        if (state == RUNNING || (leaf != null && leaf.state == RUNNING)) {
            return new IllegalStateException(kindWord() + " already executing: " + this);
        }
        if (state < 0 && isCoroutine()) {
            return new IllegalStateException("cannot reuse already awaited coroutine: " + this);
        }
        if (state > 0 && !isPeeked() && isCoroutine()) {
            // Started and suspended, yet not by an inline run for this await (which leaves it peeked): it
            // has a driver already, a task or whoever sent to it, and two drivers of one chain would each
            // resume it. A generator may be yielded from after it started (PEP 380); a coroutine may not.
            return new IllegalStateException("coroutine is being awaited already: " + this);
        }
        return null;
    }

    /** Ends this frame; its parent link stays until the chain pops past it (see {@link #popTo}). */
    private void end(int how, Object value) {
        state = how;
        result = value;
        leaf = null;
        clearSlots();
    }

    // ---------------------------------------------------------------- Generator and Coroutine

    @Override
    public final Object send(Object value) {
        return ended(sendStep(value));
    }

    @Override
    public final Object throwIn(Throwable error) {
        return ended(throwStep(error));
    }

    /** As {@link #send}, with no {@link StopIteration}: ends with a {@code Done} holding the result. */
    @Override
    public final Object sendOrDone(Object value) {
        int s = state;
        if (s < 0 && s != RUNNING) {
            refuseIfFinishedCoroutine();
            return Coroutines.done(); // a generator finished before: what send's StopIteration() would say
        }
        return endedAsDone(sendStep(value));
    }

    /** As {@link #throwIn}, with no {@link StopIteration}: ends with a {@code Done} holding the result. */
    @Override
    public final Object throwInOrDone(Throwable error) {
        return endedAsDone(throwStep(error));
    }

    /**
     * Throws if this is a coroutine that has finished (returned, raised, or was closed), as CPython's
     * send and throw do: a coroutine is awaited once, so resuming it again is a mistake, where a finished
     * generator answers with StopIteration, or the error thrown in. So does {@link #step}: a task made
     * of a finished coroutine fails with it, as asyncio's does.
     */
    private void refuseIfFinishedCoroutine() {
        int s = state;
        if (s < 0 && s != RUNNING && isCoroutine()) {
            throw new IllegalStateException("cannot reuse already awaited coroutine: " + this);
        }
    }

    private Object endedAsDone(Object out) {
        return out == ENDED ? Coroutines.done(result) : out;
    }

    /**
     * {@link #send} or {@link #throwIn} (when {@code error} is not null) for drivers inside the runtime:
     * the same, except that when the frame returns it gives back {@link #ENDED} instead of throwing
     * {@link StopIteration}. Not API.
     */
    public final Object step(Object value, Throwable error) {
        return error == null ? sendStep(value) : throwStep(error);
    }

    private Object ended(Object out) {
        if (out == ENDED) {
            throw new StopIteration(result);
        }
        return out;
    }

    private Object sendStep(Object value) {
        int s = state;
        if (s == 0 && value != null) {
            throw new IllegalArgumentException("can't send non-null value to a just-started " + kindWord()
                    + ": " + this);
        }
        if (isPeeked()) {
            if (value != null) {
                throw new IllegalStateException("hasNext() ran the " + kindWord()
                        + " ahead to its next yield; send(non-null) cannot follow it");
            }
            return takePeeked();
        }
        if (s < 0 && s != RUNNING) {
            refuseIfFinishedCoroutine();
            throw new StopIteration();
        }
        return drive(value, null);
    }

    private Object throwStep(Throwable error) {
        if (error == null) {
            throw new NullPointerException("throwIn(null)");
        }
        int s = state;
        if (s == 0) {
            // raised where the body starts, before anything that could catch it: the body raised it
            // (so PEP 479 applies, as in CPython), and the frame ends
            end(CLOSED, null);
            throw Sneaky.raise(escaping(this, error));
        }
        if (s < 0 && s != RUNNING) {
            refuseIfFinishedCoroutine();
            throw Sneaky.raise(error); // no body to raise it in: it comes back as it is
        }
        clearPeek();
        return drive(null, error);
    }

    // ---------------------------------------------------------------- inline await

    /*
     * Woven code makes an await of x in the body of frame a as a direct call when x is a created frame, so
     * that a chain of awaits costs one call per level (the body of one level calls the next one's):
     *
     *     Resumable code = Frame.enterInline(x, a);
     *     value = code == null ? Suspend.poll(x)            // NOT_READY for a frame: delegate to it
     *             : Frame.inlineReturned(code.resume((Frame) x, 0, null, null), x);
     *
     * and every woven body ends its own frame if it throws (its outermost handler calls bodyFailed).
     * The helpers never call a body themselves: a method that does is compiled with the next level
     * inlined into it, grows too big to be inlined in turn, and costs a second call per level.
     */

    /**
     * Starts the inline run of {@code awaitable} if it is a created frame, awaited by the body of
     * {@code awaiter}: returns the code to call with {@code (awaitable, 0, null, null)}, or null if it is
     * not a frame or must be delegated to instead (it has already started, or {@link #MAX_INLINE_DEPTH}
     * inline awaits are already on the Java stack, so that a deep chain of awaits cannot overflow it).
     * Not API: woven code calls it at an await.
     */
    public static Resumable enterInline(Object awaitable, Frame awaiter) {
        return enterInlineAt(awaitable, depthBelow(awaiter));
    }

    /**
     * {@link #enterInline} in a woven method's direct variant, which runs at depth {@code depth} and has
     * no frame. Not API.
     */
    public static Resumable enterInline(Object awaitable, InlineDepth depth) {
        return enterInlineAt(awaitable, depth.deeper);
    }

    private static Resumable enterInlineAt(Object awaitable, InlineDepth mark) {
        if (!(awaitable instanceof Frame)) {
            return null;
        }
        Frame f = (Frame) awaitable;
        if (f.state != 0 || mark == null) {
            return null;
        }
        f.state = RUNNING;
        f.result = mark;
        return f.code;
    }

    // ---------------------------------------------------------------- direct variants

    /*
     * An await of a call to an @Async coroutine method of the same class (static or private), as in
     * `await(level(d - 1))`, calls the method's direct variant instead: its body, run with the arguments
     * as they are and no frame, so that a level of a chain that does not suspend allocates nothing. The
     * variant makes its frame only when it must (the body suspends, ends in a tail call or a Done, or
     * throws), and hands it to the caller, which goes on as after an inline run of that frame:
     *
     *     InlineDepth d = Frame.depthBelow(a);              // or depthBelow(its own depth), in a variant
     *     Object r = d == null ? <the plain call and await> : level(args, d);
     *     value = Frame.directOutcome(r, d);                 // NOT_READY: r is the frame; delegate to it
     *
     * A variant returns either the body's plain return value (never a frame: a coroutine returned is a
     * tail call) or its frame, whose result field holds what the body ended or suspended with.
     */

    /**
     * The depth a coroutine awaited inline by the body of {@code awaiter} runs at, or null if
     * {@link #MAX_INLINE_DEPTH} inline awaits are already on the Java stack. Not API.
     */
    public static InlineDepth depthBelow(Frame awaiter) {
        Object enclosing = awaiter.result;
        return enclosing instanceof InlineDepth ? ((InlineDepth) enclosing).deeper : InlineDepth.FIRST;
    }

    /** The depth below {@code depth} (null past {@link #MAX_INLINE_DEPTH}), for a direct variant. Not API. */
    public static InlineDepth depthBelow(InlineDepth depth) {
        return depth.deeper;
    }

    /** A direct variant has just made its frame {@code f}, to suspend or to fail: it is running. Not API. */
    public static void directStarted(Frame f) {
        f.state = RUNNING;
    }

    /**
     * True if {@code out}, returned by a body, is its plain return value: not a {@code Done}, nor a
     * coroutine or generator to delegate to (a tail call). Not API.
     */
    public static boolean isPlainReturn(Object out) {
        return !(out instanceof Done<?, ?, ?>) && !(out instanceof Coroutine<?>) && !(out instanceof Generator<?, ?, ?>);
    }

    /**
     * A direct variant's body returned {@code out}, which is not plain ({@link #isPlainReturn}), and made
     * {@code f} for it: what the variant returns. Not API.
     */
    public static Object directEnded(Object out, Frame f) {
        f.state = RUNNING;
        f.result = out;
        return f;
    }

    /** A direct variant's frame {@code f} suspended with {@code out}: what the variant returns. Not API. */
    public static Object directSuspended(Object out, Frame f) {
        f.result = out;
        return f;
    }

    /**
     * What the await of a direct variant's result {@code r} gives, the variant having run at
     * {@code depth}: {@code r} itself if it is a plain value; else {@code r} is the variant's frame, ended
     * or suspended, and this ends its inline run as {@link #inlineReturned} does: the value, or
     * {@link Suspend#NOT_READY} if it suspended (the awaiting body then delegates to it). Not API.
     */
    public static Object directOutcome(Object r, InlineDepth depth) {
        if (!(r instanceof Frame)) {
            return r;
        }
        Frame f = (Frame) r;
        Object out = f.result;
        f.result = depth;
        return inlineReturned(out, f);
    }

    /**
     * Ends the inline run of {@code awaited} (the frame {@link #enterInline} started), whose body returned
     * or suspended with {@code out}: returns the value the await gives if it has returned, or
     * {@link Suspend#NOT_READY} if it suspended (it keeps what it suspended with, as {@code hasNext()}
     * does, and the awaiting body then delegates to it; the driver passes that value on first). Not API:
     * woven code calls it after {@link #enterInline}.
     */
    public static Object inlineReturned(Object out, Object awaited) {
        Frame f = (Frame) awaited;
        if (f.state == RUNNING && isPlainReturn(out)) {
            // end(RETURNED, out) but for leaf, which is still null: a frame run inline had no delegate
            f.state = RETURNED;
            f.result = out;
            f.clearSlots();
            return out;
        }
        return f.inlineOutcome(out);
    }

    /** {@link #inlineReturned} for everything but a plain value: a {@code Done}, a suspension, a delegation. */
    private Object inlineOutcome(Object out) {
        InlineDepth mark = (InlineDepth) result;
        result = null;
        int now = state;
        if (now == RUNNING) {
            out = returnedValue(this, out);
            if (state == RUNNING) {
                end(RETURNED, out);
                return out;
            }
        } else if ((now & DELEGATING) == 0) {
            keepPeeked(out);
            return Suspend.NOT_READY;
        }
        // a delegation or a tail call: the chain driver takes it, on this stack, at this depth
        Object v = driveChain(null, null, this, out, null, mark);
        if (v == ENDED) {
            return result;
        }
        keepPeeked(v);
        return Suspend.NOT_READY;
    }

    /**
     * Ends {@code f}, whose body threw {@code error}, and returns what to throw instead (PEP 479: a
     * {@link StopIteration} escaping a body becomes a {@code RuntimeException}). Not API: the outermost
     * handler of every woven body calls it, so that a frame run inline by an await ends as it would under
     * a driver; the drivers do the same for code that has no such handler.
     */
    public static Throwable bodyFailed(Throwable error, Frame f) {
        f.end(CLOSED, null);
        return escaping(f, error);
    }

    @Override
    public final void close() {
        int s = state;
        if (s == 0 || (s < 0 && s != RUNNING)) {
            if (s == 0) {
                end(CLOSED, null);
            }
            return;
        }
        clearPeek();
        Object out;
        try {
            out = drive(null, new GeneratorExit());
        } catch (GeneratorExit expected) {
            return;
        }
        if (out == ENDED) {
            return;
        }
        throw new RuntimeException(kindWord() + " ignored GeneratorExit: " + this);
    }

    private void clearPeek() {
        if (isPeeked()) {
            takePeeked();
        }
    }

    /** True if this frame was run ahead (by {@code hasNext()} or an inline await) and holds what it suspended with. */
    private boolean isPeeked() {
        return state > 0 && (state & PEEKED) != 0;
    }

    /** Keeps {@code value}, what this frame suspended with when run ahead, to hand on at its next resume. */
    private void keepPeeked(Object value) {
        result = value;
        state |= PEEKED;
    }

    /** Takes the value {@link #keepPeeked} kept; the frame is plainly suspended again. */
    private Object takePeeked() {
        state &= ~PEEKED;
        Object value = result;
        result = null;
        return value;
    }

    @Override
    public final CoroutineState state() {
        int s = state;
        if (s == 0) {
            return CoroutineState.CREATED;
        }
        if (s < 0) {
            return s == RUNNING ? CoroutineState.RUNNING : CoroutineState.CLOSED;
        }
        if ((s & YIELDING) == 0 && parent == null && info().kind() == FrameInfo.Kind.ASYNC_GENERATOR) {
            return CoroutineState.RUNNING; // an asend/athrow/aclose of it is under way, awaiting
        }
        Frame root = rootOf(this);
        return root.innermost().state == RUNNING ? CoroutineState.RUNNING : CoroutineState.SUSPENDED;
    }

    @Override
    public final Object returnValue() {
        if (state != RETURNED) {
            throw new IllegalStateException(kindWord() + " has not returned (" + state() + "): " + this);
        }
        return result;
    }

    @Override
    public final Object next() {
        if (isPeeked()) {
            // the for-each path: hasNext() ran ahead (kept apart so the JIT sees nothing else there)
            return takePeeked();
        }
        if (state < 0 && state != RUNNING) {
            throw new StopIteration();
        }
        return send(null);
    }

    @Override
    public final boolean hasNext() {
        if (isPeeked()) {
            return true;
        }
        int s = state;
        if (s < 0 && s != RUNNING) {
            return false;
        }
        Object v = drive(null, null);
        if (v == ENDED) {
            return false;
        }
        keepPeeked(v);
        return true;
    }

    // ---------------------------------------------------------------- AsyncGenerator

    /**
     * For an async generator: whether its body is running, or suspended at an await (not a yield), that
     * is, whether an {@code asend}/{@code athrow}/{@code aclose} of it is under way (Python's
     * {@code ag_running}).
     */
    final boolean runningAsync() {
        int s = state;
        return s == RUNNING || (s > 0 && (s & YIELDING) == 0);
    }

    @Override
    public final Coroutine<Object> asend(Object value) {
        return new AsyncGeneratorStep(this, value, null);
    }

    @Override
    public final Coroutine<Object> athrow(Throwable error) {
        return new AsyncGeneratorStep(this, null, error);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public final Coroutine<Void> aclose() {
        return (Coroutine) new AsyncGeneratorStep(this, null, AsyncGeneratorStep.CLOSE);
    }

    // ---------------------------------------------------------------- introspection

    /** What the woven code says about itself: kind, method, file, and the line of each suspension point. */
    public final FrameInfo info() {
        return FrameInfo.of(code, this);
    }

    /** True if this frame is a coroutine's (awaited once only), false for a generator's. */
    boolean isCoroutine() {
        return info().kind() == FrameInfo.Kind.COROUTINE;
    }

    private String kindWord() {
        return info().kind().word();
    }

    /** The source position of the point this frame is suspended at, or of its method if not started. */
    public StackTraceElement position() {
        return info().position(state > 0 ? state & LABEL : 0);
    }

    /** The frames from this one's innermost delegate outwards to this one: where its chain is suspended. */
    public final java.util.List<StackTraceElement> stack() {
        java.util.ArrayList<StackTraceElement> out = new java.util.ArrayList<>();
        Frame f = (parent == null ? this : rootOf(this)).innermost();
        while (f != null) {
            out.add(f.position());
            if (f == this) {
                break;
            }
            f = f.parent;
        }
        return out;
    }

    /** The method, the state, and where it is suspended: {@code Spin.spin() suspended at Spin.java:23}. */
    @Override
    public String toString() {
        FrameInfo info = info();
        CoroutineState st = state();
        String text = info.method() + " " + st.name().toLowerCase(java.util.Locale.ROOT);
        if (st == CoroutineState.SUSPENDED) {
            StackTraceElement at = position();
            text += " at " + at.getFileName() + ":" + at.getLineNumber();
        }
        return text;
    }
}
