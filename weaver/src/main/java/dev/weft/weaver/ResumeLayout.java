package dev.weft.weaver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * How one woven method resumes, read back from a woven class file: for each suspension point, in the
 * order of its number, the code that moves what the frame saved back into locals and onto the stack.
 * Two versions of a method resume alike when these are equal; a coroutine suspended in one version and
 * resumed in the other (after a debugger's hot swap) then finds its values where it left them.
 * Different ones mean a suspension point was added, removed, or saves other values: such a coroutine
 * resumes at the point of the same number, which may now be another one.
 *
 * @param method the woven method, as {@code name(descriptor)}
 * @param lines the method's first line, then the line of each suspension point, as {@code 12,15,18}
 *     (empty without line numbers)
 * @param restores the restoring code of each suspension point, one line each, in a form fit only for
 *     comparing
 */
public record ResumeLayout(String method, String lines, String restores) {

    /** The layouts of the woven methods of {@code wovenClass}, by {@link #method}; none in a class not woven. */
    public static Map<String, ResumeLayout> of(byte[] wovenClass) {
        ClassNode cn = new ClassNode();
        new ClassReader(wovenClass).accept(cn, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        Map<String, ResumeLayout> layouts = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            ResumeLayout layout = of(m);
            if (layout != null) {
                layouts.put(layout.method, layout);
            }
        }
        return layouts;
    }

    /**
     * The layout of {@code m} if it is a resume method: static and synthetic, it begins by switching on
     * its label (the suspension point to resume at), and its default case returns the method's
     * description (see {@code MethodWeaver.buildResume}).
     */
    private static ResumeLayout of(MethodNode m) {
        int required = Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        if ((m.access & required) != required) {
            return null;
        }
        AbstractInsnNode load = next(m.instructions.getFirst());
        AbstractInsnNode first = load == null ? null : next(load.getNext());
        if (load == null || load.getOpcode() != Opcodes.ILOAD || !(first instanceof TableSwitchInsnNode dispatch)) {
            return null;
        }
        AbstractInsnNode described = next(dispatch.dflt);
        if (!(described instanceof LdcInsnNode ldc) || !(ldc.cst instanceof String description)) {
            return null;
        }
        String[] parts = description.split("\\|", -1);
        if (parts.length != 6) {
            return null;
        }
        StringBuilder restores = new StringBuilder();
        for (LabelNode target : dispatch.labels) {
            for (AbstractInsnNode i = next(target); i != null && i.getOpcode() != Opcodes.GOTO; i = next(i.getNext())) {
                restores.append(render(i)).append(' ');
            }
            restores.append('\n');
        }
        return new ResumeLayout(parts[2] + parts[3], parts[5], restores.toString());
    }

    /** The lines of the suspension points alone, as {@code 15, 18}, or {@code "none"}. */
    public String pointLines() {
        List<String> points = new ArrayList<>(List.of(lines.split(",")));
        if (!points.isEmpty()) {
            points.remove(0); // the method's first line
        }
        return points.isEmpty() ? "none" : String.join(", ", points);
    }

    /** The first real instruction at or after {@code i}: labels, line numbers and frames skipped. */
    private static AbstractInsnNode next(AbstractInsnNode i) {
        while (i != null && i.getOpcode() < 0) {
            i = i.getNext();
        }
        return i;
    }

    /** An instruction with its operands, enough to tell two restoring sequences apart. */
    private static String render(AbstractInsnNode i) {
        String operands;
        if (i instanceof VarInsnNode v) {
            operands = String.valueOf(v.var);
        } else if (i instanceof FieldInsnNode f) {
            operands = f.owner + '.' + f.name + ':' + f.desc;
        } else if (i instanceof TypeInsnNode t) {
            operands = t.desc;
        } else if (i instanceof MethodInsnNode c) {
            operands = c.owner + '.' + c.name + c.desc;
        } else if (i instanceof LdcInsnNode c) {
            operands = String.valueOf(c.cst);
        } else if (i instanceof IntInsnNode n) {
            operands = String.valueOf(n.operand);
        } else if (i instanceof IincInsnNode n) {
            operands = n.var + "," + n.incr;
        } else {
            operands = "";
        }
        return i.getOpcode() + (operands.isEmpty() ? "" : ":" + operands);
    }
}
