package dev.weft.internal;

/**
 * The code of a woven method: a woven class's synthetic static method that resumes a {@link Frame}.
 * Not API: public only because woven code must reach it.
 *
 * <p>The weaver binds each woven method's resume method to this interface through
 * {@code LambdaMetafactory} (by way of {@link Linkage}, which first checks the runtime version), so the
 * driver's call is a plain interface call the JIT can inline.
 */
@FunctionalInterface
public interface Resumable {
    /** The label that asks the code to describe itself instead of resuming (see {@link FrameInfo}). */
    int DESCRIBE = -1;

    /**
     * Runs the body of {@code frame} from suspension point {@code label} until it suspends or ends.
     *
     * @param frame the frame holding the saved locals
     * @param label 0 to start, k to resume at suspension point k, or {@link #DESCRIBE}
     * @param input the value the suspension point returns (ignored when {@code error} is set)
     * @param error if not null, thrown at the suspension point
     * @return at a suspension: the yielded value, the awaited leaf, or the delegate; at the end: what the
     *     body returned ({@code Done}, another coroutine or generator to delegate to, or null)
     */
    Object resume(Frame frame, int label, Object input, Throwable error) throws Throwable;
}
