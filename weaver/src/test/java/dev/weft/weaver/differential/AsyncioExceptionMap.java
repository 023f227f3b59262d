package dev.weft.weaver.differential;

import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.loop.CancelledError;
import dev.weft.loop.ExceptionGroup;
import dev.weft.loop.InvalidStateError;
import dev.weft.loop.QueueEmpty;
import dev.weft.loop.QueueFull;
import dev.weft.loop.TimeoutError;
import java.util.ArrayList;
import java.util.List;

/**
 * The mapping table between the exceptions of CPython's asyncio and weft's loop, as one canonical text
 * per exception computed on each side ({@link #canonical} in Java, {@link #PYTHON}'s {@code exc} in
 * Python). Two exceptions match exactly when their texts are equal.
 *
 * <table>
 * <caption>Python exception, weft exception, canonical text</caption>
 * <tr><th>Python</th><th>weft</th><th>text</th></tr>
 * <tr><td>{@code TestError(m)}</td><td>{@link PythonRt.TestError}{@code (m)}</td><td>{@code TestError(m)}:
 *     kind and message (the programs' own)</td></tr>
 * <tr><td>{@code asyncio.CancelledError}</td><td>{@link CancelledError}</td><td>{@code Cancelled}</td></tr>
 * <tr><td>{@code TimeoutError}</td><td>{@link TimeoutError}</td><td>{@code Timeout}</td></tr>
 * <tr><td>{@code BaseExceptionGroup} / {@code ExceptionGroup}</td><td>{@link ExceptionGroup}</td>
 *     <td>{@code EG[texts of its members, in order]}</td></tr>
 * <tr><td>{@code asyncio.QueueEmpty}, {@code asyncio.QueueFull}</td><td>{@link QueueEmpty},
 *     {@link QueueFull}</td><td>{@code QueueEmpty}, {@code QueueFull}</td></tr>
 * <tr><td>{@code asyncio.InvalidStateError}</td><td>{@link InvalidStateError}</td><td>{@code InvalidState}</td></tr>
 * <tr><td>{@code RuntimeError} (a lock released when not held, a task group misused) and {@code ValueError}
 *     ({@code task_done()} called too many times)</td><td>{@code IllegalStateException}, which weft documents
 *     for both (Java's convention for a call the object's state does not allow; messages are its own)</td>
 *     <td>{@code IllegalState}: kind only</td></tr>
 * <tr><td>{@code StopAsyncIteration}, {@code GeneratorExit}</td><td>{@link StopAsyncIteration},
 *     {@link GeneratorExit}</td><td>{@code StopAsyncIteration}, {@code GeneratorExit}</td></tr>
 * <tr><td>{@code RuntimeError("async generator ignored GeneratorExit")}, {@code RuntimeError("async
 *     generator raised StopAsyncIteration")}</td><td>{@code RuntimeException} saying the same (weft's
 *     {@code AsyncGenerator}; API.md for generators)</td><td>{@code RuntimeError(ignored GeneratorExit)},
 *     {@code RuntimeError(raised StopAsyncIteration)}</td></tr>
 * <tr><td>{@code RuntimeError("anext(): asynchronous generator is already running")} (and athrow's,
 *     aclose's), {@code RuntimeError("cannot reuse already awaited __anext__()/asend()")} (and
 *     aclose's/athrow's)</td><td>{@code IllegalStateException} saying "already running", "cannot reuse"
 *     (weft's convention for a call the object's state refuses)</td><td>{@code AlreadyRunning},
 *     {@code CannotReuse}</td></tr>
 * <tr><td>{@code TypeError("can't send non-None value to a just-started async generator")}</td>
 *     <td>{@code IllegalArgumentException} (API.md: "send with a non-null value to a CREATED
 *     generator/coroutine throws")</td><td>{@code CannotSend}</td></tr>
 * <tr><td>the harness's {@code Deadlock}, {@code Runaway}</td><td>{@link AsyncioTestClock.Deadlock},
 *     {@link AsyncioTestClock.Runaway}</td><td>{@code Deadlock}, {@code Runaway}</td></tr>
 * <tr><td>anything else</td><td>anything else</td><td>{@code py:Name(message)} /
 *     {@code java:Class(message)}: never equal</td></tr>
 * </table>
 *
 * <p>Classes are matched exactly, so that an unexpected exception never passes for an expected one.
 */
final class AsyncioExceptionMap {
    private AsyncioExceptionMap() {}

    /** The canonical text of a Java exception (see the class comment). */
    static String canonical(Throwable e) {
        Class<?> c = e.getClass();
        if (c == PythonRt.TestError.class) {
            return "TestError(" + e.getMessage() + ")";
        }
        if (c == CancelledError.class) {
            return "Cancelled";
        }
        if (c == TimeoutError.class) {
            return "Timeout";
        }
        if (c == ExceptionGroup.class) {
            List<String> members = new ArrayList<>();
            for (Throwable m : ((ExceptionGroup) e).exceptions()) {
                members.add(canonical(m));
            }
            return "EG[" + String.join(",", members) + "]";
        }
        if (c == QueueEmpty.class) {
            return "QueueEmpty";
        }
        if (c == QueueFull.class) {
            return "QueueFull";
        }
        if (c == InvalidStateError.class) {
            return "InvalidState";
        }
        if (c == StopAsyncIteration.class) {
            return "StopAsyncIteration";
        }
        if (c == GeneratorExit.class) {
            return "GeneratorExit";
        }
        String m = String.valueOf(e.getMessage());
        if (c == RuntimeException.class && m.contains("async generator ignored GeneratorExit")) {
            return "RuntimeError(ignored GeneratorExit)";
        }
        if (c == RuntimeException.class && m.contains("async generator raised StopAsyncIteration")) {
            return "RuntimeError(raised StopAsyncIteration)";
        }
        if (c == IllegalStateException.class) {
            return m.contains("already running") ? "AlreadyRunning"
                    : m.contains("cannot reuse") ? "CannotReuse" : "IllegalState";
        }
        if (c == IllegalArgumentException.class) {
            return "CannotSend";
        }
        if (c == AsyncioTestClock.Deadlock.class) {
            return "Deadlock";
        }
        if (c == AsyncioTestClock.Runaway.class) {
            return "Runaway";
        }
        return "java:" + c.getName() + "(" + e.getMessage() + ")";
    }

    /** The same table in Python: {@code exc(e)}; {@code Deadlock} and {@code Runaway} are the harness's. */
    static final String PYTHON = """
            def exc(e):
                t = type(e)
                if t is TestError:
                    return "TestError(" + str(e) + ")"
                if t is asyncio.CancelledError:
                    return "Cancelled"
                if t is TimeoutError:
                    return "Timeout"
                if t is ExceptionGroup or t is BaseExceptionGroup:
                    return "EG[" + ",".join(exc(m) for m in e.exceptions) + "]"
                if t is asyncio.QueueEmpty:
                    return "QueueEmpty"
                if t is asyncio.QueueFull:
                    return "QueueFull"
                if t is asyncio.InvalidStateError:
                    return "InvalidState"
                if t is StopAsyncIteration:
                    return "StopAsyncIteration"
                if t is GeneratorExit:
                    return "GeneratorExit"
                if t is RuntimeError and "async generator ignored GeneratorExit" in str(e):
                    return "RuntimeError(ignored GeneratorExit)"
                if t is RuntimeError and "async generator raised StopAsyncIteration" in str(e):
                    return "RuntimeError(raised StopAsyncIteration)"
                if t is RuntimeError and "already running" in str(e):
                    return "AlreadyRunning"
                if t is RuntimeError and "cannot reuse" in str(e):
                    return "CannotReuse"
                if t is TypeError and "just-started" in str(e):
                    return "CannotSend"
                if t is RuntimeError or t is ValueError:
                    return "IllegalState"
                if t is Deadlock:
                    return "Deadlock"
                if t is Runaway:
                    return "Runaway"
                return "py:" + t.__name__ + "(" + str(e) + ")"
            """;
}
