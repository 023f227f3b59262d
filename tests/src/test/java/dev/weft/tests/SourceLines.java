package dev.weft.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lines of the tests' own sources, found by a marker comment, for tests about source positions. */
public final class SourceLines {
    private SourceLines() {
    }

    /**
     * The line number of the one line of {@code source} (a path below the tests module, the working
     * directory of every route's test run) that ends with the comment {@code // marker}.
     */
    public static int lineOf(String source, String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(source));
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// " + marker)) {
                if (found >= 0) {
                    throw new AssertionError(marker + " marks two lines of " + source);
                }
                found = i + 1;
            }
        }
        if (found < 0) {
            throw new AssertionError(marker + " not found in " + source);
        }
        return found;
    }
}
