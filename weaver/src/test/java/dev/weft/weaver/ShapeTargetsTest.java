package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("targets/Steps.java")) {
            assertNotNull(in);
            return ShapeSupport.compile(temp, "targets", "Steps", new String(in.readAllBytes(),
                    StandardCharsets.UTF_8), "--release", release, "-Xlint:-options");
        }
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
