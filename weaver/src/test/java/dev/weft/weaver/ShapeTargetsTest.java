package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One source (src/test/resources/targets/Steps.java) compiled at test time for several --release levels,
 * woven, loaded and run: the bytecode javac emits differs between them.
 */
class ShapeTargetsTest {
    @TempDir
    Path temp;

    private Path compile(String release) throws IOException {
        Path src = temp.resolve("src/Steps.java");
        Files.createDirectories(src.getParent());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("targets/Steps.java")) {
            assertNotNull(in);
            Files.write(src, in.readAllBytes());
        }
        Path out = Files.createDirectories(temp.resolve("classes"));
        StringWriter errors = new StringWriter();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, "--release", release, "-nowarn", "-Xlint:-options", "-proc:none", "-cp",
                System.getProperty("java.class.path"), "-d", out.toString(), src.toString());
        assertEquals(0, rc, errors::toString);
        return out;
    }

    @ParameterizedTest(name = "--release {0}")
    @ValueSource(strings = {"9", "10", "11", "17"})
    void privateInterfaceMethodCalledOnThisAfterResume(String release) throws Throwable {
        ShapeDebugInfoTest.DirLoader loader = new ShapeDebugInfoTest.DirLoader(compile(release));
        Class.forName("targets.Steps", true, loader);
        Object impl = Class.forName("targets.Steps$Impl", true, loader).getConstructor().newInstance();
        ShapeSupport.run(ShapeSupport.call(impl, "walk"), "A", "B").is(List.of("one", "<sA>"), "<sB>s");
    }
}
