package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The agent weaves while the JVM starts, in the interpreter, where the first run of each
 * {@code invokedynamic} (a lambda, a method reference, a string concatenation) spins a class: the weaver's
 * own code has none, but for the members javac generates for records (never called while weaving).
 */
class StartUpPathTest {
    @Test
    void theWeaversClassesHaveNoInvokeDynamicOutsideRecordMembers() throws IOException, URISyntaxException {
        Path classes = Path.of(Weaver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(classes.resolve("dev/weft/weaver"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                ClassNode cn = new ClassNode();
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(cn, ClassReader.SKIP_DEBUG);
                }
                read++;
                boolean record = "java/lang/Record".equals(cn.superName);
                for (MethodNode m : cn.methods) {
                    if (record && List.of("toString", "hashCode", "equals").contains(m.name)) {
                        continue;
                    }
                    for (AbstractInsnNode insn : m.instructions) {
                        if (insn.getOpcode() == Opcodes.INVOKEDYNAMIC) {
                            found.add(cn.name + "." + m.name + ": " + ((InvokeDynamicInsnNode) insn).bsm.getName());
                        }
                    }
                }
            }
        }
        assertTrue(read > 20, "read only " + read + " classes from " + classes);
        assertEquals(List.of(), found);
    }
}
