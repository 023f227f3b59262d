package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Every class of the shape fixtures, woven, passes ASM's CheckClassAdapter (in {@link WovenLoader}) and the
 * JVM's verifier (initializing a class links it; verification is on for classes of non-boot loaders), even
 * methods no other test runs.
 */
class ShapeVerifyAllTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureClassNames")
    void wovenFixtureClassVerifiesAndLinks(String name) throws Exception {
        WovenLoader loader = ShapeSupport.loader();
        Class<?> c = Class.forName(name, true, loader);
        assertSame(loader, c.getClassLoader(), name);
    }

    /** Without this the JVM tests above would prove nothing: this JVM must reject unverifiable code. */
    @Test
    void theJvmVerifiesClassesOfThisLoader() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "dev/weft/weaver/fixtures/shapes/Broken", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "()I", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        VerifyingLoader v = new VerifyingLoader(getClass().getClassLoader());
        assertThrows(VerifyError.class, () -> Class.forName(v.define(bytes).getName(), true, v));
    }

    private static final class VerifyingLoader extends ClassLoader {
        VerifyingLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(byte[] bytes) {
            return defineClass(null, bytes, 0, bytes.length);
        }
    }

    /** The classes of the fixtures package, from the test class directory (not the refused subpackage). */
    static List<String> fixtureClassNames() throws URISyntaxException, IOException {
        String dir = ShapeSupport.PACKAGE.replace('.', '/');
        URL url = ShapeVerifyAllTest.class.getClassLoader().getResource(dir + "Locals.class");
        Path root = Path.of(url.toURI()).getParent();
        try (Stream<Path> files = Files.list(root)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> ShapeSupport.PACKAGE + f.substring(0, f.length() - ".class".length()))
                    .sorted()
                    .collect(Collectors.toList());
            assertTrue(names.size() > 20, () -> "found the fixtures: " + names);
            return names;
        }
    }
}
