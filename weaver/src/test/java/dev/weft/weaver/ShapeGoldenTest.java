package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * The woven form of tiny methods (fixture: shapes/Golden) as ASM text, compared with checked-in files in
 * src/test/resources/golden. After an intended change to the weaver's output, rewrite them with
 * {@code mvn -o test -pl weaver -Dtest=ShapeGoldenTest -Dweft.golden.update=true} and review the diff.
 */
class ShapeGoldenTest {
    private static final String GOLDEN = ShapeSupport.PACKAGE + "Golden";
    private static final String UPDATE = "weft.golden.update";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tinyYield", "tinyAwait", "tinyAwaitOfAClass", "tinyLevel"})
    void wovenMethodMatchesGoldenText(String method) throws IOException {
        WeaveResult r = new Weaver(TypeHierarchy.of(getClass().getClassLoader())).weave(WovenLoader.bytesOf(GOLDEN));
        WovenLoader.verify(r.bytes());
        String actual = text(r.bytes(), method);
        String file = "golden/Golden." + method + ".txt";
        if (Boolean.getBoolean(UPDATE)) {
            Path target = Path.of(System.getProperty("basedir", "."), "src/test/resources", file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            System.out.println("rewrote " + target.toAbsolutePath());
            return;
        }
        String expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                fail("no golden file " + file + "; create it with -D" + UPDATE + "=true. The woven text is:\n" + actual);
                return;
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            fail("woven " + method + " differs from src/test/resources/" + file + " (rerun with -D" + UPDATE
                    + "=true to accept the new output, then review the diff):\n" + diff(expected, actual));
        }
    }

    /** The entry, resume method and direct variant (if any) named {@code method}, as ASM text, entry first. */
    static String text(byte[] woven, String method) {
        ClassNode cn = new ClassNode();
        new ClassReader(woven).accept(cn, 0);
        StringBuilder out = new StringBuilder();
        for (boolean synthetic : new boolean[] {false, true}) {
            for (MethodNode m : cn.methods) {
                if (!m.name.equals(method) || ((m.access & org.objectweb.asm.Opcodes.ACC_SYNTHETIC) != 0) != synthetic) {
                    continue;
                }
                Textifier t = new Textifier();
                m.accept(new TraceMethodVisitor(t));
                StringWriter w = new StringWriter();
                t.print(new PrintWriter(w));
                out.append("// access 0x").append(Integer.toHexString(m.access)).append('\n')
                        .append(m.name).append(m.desc).append('\n')
                        .append(w.toString().replace("\r\n", "\n")).append('\n');
            }
        }
        return out.toString();
    }

    /** The lines that differ, with line numbers: enough to see the change without a diff tool. */
    static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder out = new StringBuilder();
        int first = 0;
        while (first < e.size() && first < a.size() && e.get(first).equals(a.get(first))) {
            first++;
        }
        int tail = 0;
        while (tail < e.size() - first && tail < a.size() - first
                && e.get(e.size() - 1 - tail).equals(a.get(a.size() - 1 - tail))) {
            tail++;
        }
        out.append("@@ line ").append(first + 1).append(" @@\n");
        for (int i = Math.max(0, first - 3); i < first; i++) {
            out.append("  ").append(e.get(i)).append('\n');
        }
        for (int i = first; i < e.size() - tail; i++) {
            out.append("- ").append(e.get(i)).append('\n');
        }
        for (int i = first; i < a.size() - tail; i++) {
            out.append("+ ").append(a.get(i)).append('\n');
        }
        for (int i = a.size() - tail; i < Math.min(a.size(), a.size() - tail + 3); i++) {
            out.append("  ").append(a.get(i)).append('\n');
        }
        return out.toString();
    }
}
