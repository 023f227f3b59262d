package dev.weft.weaver;

import java.util.List;

/**
 * What weaving one class produced.
 *
 * @param bytes the woven class (the input itself when nothing needed weaving). A method that could not
 *     be woven has a body that throws an error carrying its diagnostic, so the class is never half-woven
 *     in silence: build-time tools fail on {@link #hasErrors()}, the agent loads it and reports.
 * @param changed whether {@code bytes} differs from the input
 * @param wovenMethods the woven methods, as {@code demo/Shop.checkout(I)Ldev/weft/Coroutine;}
 * @param diagnostics errors and warnings, in the order found
 */
public record WeaveResult(byte[] bytes, boolean changed, List<String> wovenMethods, List<Diagnostic> diagnostics) {
    /** True if some method could not be woven. */
    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.severity() == Diagnostic.Severity.ERROR) {
                return true;
            }
        }
        return false;
    }
}
