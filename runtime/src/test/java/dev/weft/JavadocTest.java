package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's Javadoc as the JDK's javadoc tool checks it (doclint): no errors, which would fail a
 * javadoc jar, and a comment on every public and protected member, the API's only manual. Tags such as
 * {@code @param} and {@code @return} are not required where the sentence says it.
 */
class JavadocTest {

    @Test
    void everyPublicMemberHasACommentAndNoCommentIsMalformed(@TempDir Path out) {
        ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow();
        StringWriter log = new StringWriter();
        PrintWriter writer = new PrintWriter(log);
        int status = javadoc.run(writer, writer, "-quiet", "-Xdoclint:all", "--release", "17",
                "-Xmaxwarns", "100000", "-Xmaxerrs", "100000", // past the missing tags, reported first
                "-d", out.toString(), "-sourcepath", Path.of("src", "main", "java").toString(),
                "-subpackages", "dev.weft");
        writer.flush();
        List<String> problems = log.toString().lines()
                .filter(l -> l.contains(" error: ") || l.contains(" warning: no comment"))
                .collect(Collectors.toList());
        assertEquals(List.of(), problems, log.toString());
        assertEquals(0, status, log.toString());
        assertEquals(true, Files.exists(out.resolve("index.html")));
    }
}
