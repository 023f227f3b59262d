package dev.weft;

/**
 * Raised at a generator's suspension point by {@link Generator#close()}. An {@link Error}, so that
 * {@code catch (Exception e)} does not swallow it; a body may catch it to clean up, but must not yield again.
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** A new exit request. */
    public GeneratorExit() {
        super("generator closed");
    }
}
