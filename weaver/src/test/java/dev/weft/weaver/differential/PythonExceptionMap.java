package dev.weft.weaver.differential;

import dev.weft.GeneratorExit;
import dev.weft.StopIteration;

/**
 * The mapping table between the exceptions of CPython's generator protocol and weft's, as one canonical
 * text per exception computed on each side ({@link #canonical} in Java, {@link #PYTHON}'s {@code exc} in
 * Python). Two exceptions match exactly when their texts are equal.
 *
 * <table>
 * <caption>Python exception, weft exception, what is compared</caption>
 * <tr><th>Python</th><th>weft</th><th>canonical text</th></tr>
 * <tr><td>{@code TestError(m)}</td><td>{@link PythonRt.TestError}{@code (m)}</td><td>{@code TestError(m)}:
 *     kind and message (ours on both sides)</td></tr>
 * <tr><td>{@code StopIteration(v)}</td><td>{@link StopIteration} with {@code value() v}</td>
 *     <td>{@code StopIteration(v)}: kind and value</td></tr>
 * <tr><td>{@code GeneratorExit}</td><td>{@link GeneratorExit}</td><td>{@code GeneratorExit}: kind only
 *     (weft's message "generator closed" is its own)</td></tr>
 * <tr><td>{@code RuntimeError("generator ignored GeneratorExit")}</td><td>{@code RuntimeException} whose
 *     message says "ignored GeneratorExit" (API.md: close())</td><td>{@code RuntimeError(ignored
 *     GeneratorExit)}</td></tr>
 * <tr><td>{@code RuntimeError("generator raised StopIteration")} from {@code StopIteration(v)}</td>
 *     <td>{@code RuntimeException} with the {@code StopIteration} as its cause (API.md: PEP 479)</td>
 *     <td>{@code RuntimeError(raised StopIteration(v))}: kind, and the cause's value</td></tr>
 * <tr><td>{@code ValueError("generator already executing")}</td><td>{@code IllegalStateException}
 *     ({@code Generator.send}'s Javadoc: "already running")</td><td>{@code ValueError}: kind only</td></tr>
 * <tr><td>{@code TypeError("can't send non-None value to a just-started generator")}, and
 *     {@code AttributeError("'list_iterator' object has no attribute 'send'")} (a send into a
 *     {@code yield from} of a list)</td>
 *     <td>{@code IllegalArgumentException} ({@code Generator.send}'s Javadoc; {@code Coroutines.yieldFrom
 *     (Iterable)}'s: "a non-null send into a plain iterator fails here", API.md: "as in Python")</td><td>{@code CannotSend}:
 *     kind only (which of the two it is shows from where it happens)</td></tr>
 * <tr><td>anything else</td><td>anything else</td><td>{@code py:Name(message)} / {@code java:Class(message)}:
 *     never equal, so any other exception is a difference</td></tr>
 * </table>
 *
 * <p>Classes are matched exactly (a subclass of {@code RuntimeException} is not a {@code RuntimeError}),
 * so that an unexpected exception never passes for a protocol one.
 */
final class PythonExceptionMap {
    private PythonExceptionMap() {}

    /** The canonical text of a Java exception (see the class comment). */
    static String canonical(Throwable e) {
        Class<?> c = e.getClass();
        if (c == PythonRt.TestError.class) {
            return "TestError(" + e.getMessage() + ")";
        }
        if (c == StopIteration.class) {
            return "StopIteration(" + PythonRt.fmt(((StopIteration) e).value()) + ")";
        }
        if (c == GeneratorExit.class) {
            return "GeneratorExit";
        }
        if (c == RuntimeException.class) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ignored GeneratorExit")) {
                return "RuntimeError(ignored GeneratorExit)";
            }
            if (e.getCause() != null && e.getCause().getClass() == StopIteration.class) {
                return "RuntimeError(raised StopIteration(" + PythonRt.fmt(((StopIteration) e.getCause()).value())
                        + "))";
            }
            return "RuntimeError(?" + m + ")";
        }
        if (c == IllegalStateException.class) {
            return "ValueError";
        }
        if (c == IllegalArgumentException.class) {
            return "CannotSend";
        }
        return "java:" + c.getName() + "(" + e.getMessage() + ")";
    }

    /** The same table in Python, for the driver script. */
    static final String PYTHON = """
            def exc(e):
                t = type(e)
                if t is TestError:
                    return "TestError(" + str(e) + ")"
                if t is StopIteration:
                    return "StopIteration(" + fmt(e.value) + ")"
                if t is GeneratorExit:
                    return "GeneratorExit"
                if t is RuntimeError:
                    m = str(e)
                    if "ignored GeneratorExit" in m:
                        return "RuntimeError(ignored GeneratorExit)"
                    if type(e.__cause__) is StopIteration and "raised StopIteration" in m:
                        return "RuntimeError(raised StopIteration(" + fmt(e.__cause__.value) + "))"
                    return "RuntimeError(?" + m + ")"
                if t is ValueError and "already executing" in str(e):
                    return "ValueError"
                if t is TypeError and "just-started" in str(e):
                    return "CannotSend"
                if t is AttributeError and "has no attribute 'send'" in str(e):
                    return "CannotSend"
                return "py:" + t.__name__ + "(" + str(e) + ")"
            """;
}
