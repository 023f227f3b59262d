package dev.weft.weaver.differential;

import java.util.List;

/**
 * Writes one coroutine body in Python and in Java at once, statement for statement ({@link TwinWriter}),
 * with what asyncio code needs besides: blocks that exist in Python only ({@code async with
 * asyncio.timeout(d):} around a statement Java writes as one call), lines in one language only, and blocks
 * whose Java end is not a plain brace ({@code async with L:} in Python is an acquire, a {@code try} and a
 * {@code finally} that releases in Java).
 */
final class AsyncioTwinWriter extends TwinWriter {
    /** Opens a block in Python only ({@code async with ...:}); Java's lines inside stay at this level. */
    void openPython(String python) {
        openPythonOnly(python);
    }

    /** Ends the open block (of both languages) with {@code javaLines} in Java instead of a brace. */
    void closeWith(List<String> javaLines) {
        closeWithJava(javaLines);
    }
}
