package dev.weft.loop;

import java.security.ProtectionDomain;
import java.util.List;
import java.util.stream.Collectors;

/** Where an object was created, for debug mode: the caller's stack without weft's own frames. */
final class Tracebacks {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final ProtectionDomain RUNTIME = Tracebacks.class.getProtectionDomain();

    private Tracebacks() {}

    /** The current stack, innermost first, from the first frame outside the weft runtime. */
    static List<StackTraceElement> here() {
        return WALKER.walk(frames -> frames
                .dropWhile(f -> f.getDeclaringClass().getProtectionDomain() == RUNTIME)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(Collectors.toUnmodifiableList()));
    }

    /** The frames, one {@code at ...} line each. */
    static String format(List<StackTraceElement> frames) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : frames) {
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }
}
