package dev.weft.weaver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The {@code @Async} methods of one class that get a direct variant: methods a call of which names
 * exactly the body that runs ({@code static}, {@code private} or {@code final} methods, and any method of
 * a {@code final} class, a record say: nothing can override them) returning {@code Coroutine} or
 * {@code Generator}, in a class that is not an interface. An await whose awaitable is the result of a
 * call to such a coroutine method made just before it ({@code await(level(d - 1))}), or a
 * {@code yieldFrom} of a call to such a generator method ({@code yieldFrom(walk(node.left))}), calls the
 * variant instead: the callee's body runs at once with its arguments as they are, and makes its frame only
 * if it suspends (for a generator, at its first yield), so that a chain that completes without waiting
 * allocates nothing and a suspended one holds no arguments it no longer needs (see
 * {@code Frame.directOutcome}). What this changes is unobservable: the coroutine or generator such a call
 * makes is started at once by the await or the yieldFrom (PEP 380 sends it {@code None} first), before
 * anything else can see it.
 */
final class DirectTargets {
    /** No direct variants: what a weaver without a class around it uses. */
    static final DirectTargets NONE = new DirectTargets(Map.of());

    private static final String COROUTINE_RETURN = ")Ldev/weft/Coroutine;";
    private static final String GENERATOR_RETURN = ")Ldev/weft/Generator;";

    /** Name + descriptor of each target, to whether it is static. */
    private final Map<String, Boolean> isStatic;

    private DirectTargets(Map<String, Boolean> isStatic) {
        this.isStatic = isStatic;
    }

    /** The methods of {@code cn} that may have a direct variant. */
    static DirectTargets of(ClassNode cn) {
        if ((cn.access & Opcodes.ACC_INTERFACE) != 0) {
            return NONE;
        }
        Set<String> signatures = new HashSet<>();
        for (MethodNode m : cn.methods) {
            signatures.add(m.name + m.desc);
        }
        Map<String, Boolean> targets = new HashMap<>();
        // variant signature -> how many targets would have it: an instance method g(P) and a static
        // g(Self, P) would both get g(Self, P, InlineDepth), so neither gets a variant
        Map<String, Integer> variants = new HashMap<>();
        boolean finalClass = (cn.access & Opcodes.ACC_FINAL) != 0;
        for (MethodNode m : cn.methods) {
            boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
            boolean notOverridable = finalClass || (m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0;
            String variant = m.name + variantDescriptor(cn.name, m.desc, isStatic);
            if (ClassWeaver.isAsync(m) && (m.desc.endsWith(COROUTINE_RETURN) || m.desc.endsWith(GENERATOR_RETURN))
                    && (isStatic || notOverridable)
                    && (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_SYNCHRONIZED)) == 0
                    && !m.name.startsWith("<")
                    && !signatures.contains(variant)) {
                targets.put(m.name + m.desc, isStatic);
                variants.put(variant, variants.getOrDefault(variant, 0) + 1);
            }
        }
        Map<String, Boolean> unique = new HashMap<>();
        for (Map.Entry<String, Boolean> t : targets.entrySet()) {
            String name = t.getKey().substring(0, t.getKey().indexOf('('));
            String desc = t.getKey().substring(name.length());
            if (variants.get(name + variantDescriptor(cn.name, desc, t.getValue())) == 1) {
                unique.put(t.getKey(), t.getValue());
            }
        }
        return new DirectTargets(unique);
    }

    /** True if the method with this name + descriptor is a target. */
    boolean contains(String key) {
        return isStatic.containsKey(key);
    }

    /** These targets but the method with this name + descriptor. */
    DirectTargets without(String key) {
        Map<String, Boolean> rest = new HashMap<>(isStatic);
        rest.remove(key);
        return new DirectTargets(rest);
    }

    /**
     * The descriptor of a direct variant of the method {@code desc} of class {@code owner}: its receiver
     * (unless static) and arguments, then the inline depth it runs at; it returns the body's plain
     * return value or its frame.
     */
    static String variantDescriptor(String owner, String desc, boolean isStatic) {
        StringBuilder d = new StringBuilder("(");
        if (!isStatic) {
            d.append('L').append(owner).append(';');
        }
        for (Type t : Type.getArgumentTypes(desc)) {
            d.append(t.getDescriptor());
        }
        return d.append("Ldev/weft/internal/InlineDepth;)Ljava/lang/Object;").toString();
    }

    /**
     * The call of a target whose result {@code point} (a call of {@code Coroutines.await}, or of
     * {@code Coroutines.yieldFrom} of a generator, in {@code method} of {@code owner}) takes straight from
     * the stack, or null: the call must come right before the point, with nothing between them but line
     * numbers and labels no jump, switch or exception handler refers to (so that no other path reaches the
     * point), and return a coroutine to an await, a generator to a yieldFrom.
     */
    MethodInsnNode callTakenBy(ClassNode owner, MethodNode method, MethodInsnNode point, Calls.Kind kind) {
        String returns = kind == Calls.Kind.AWAIT ? COROUTINE_RETURN
                : kind == Calls.Kind.YIELD_FROM ? GENERATOR_RETURN : null;
        if (returns == null) {
            return null;
        }
        if (isStatic.isEmpty()) {
            return null;
        }
        Set<LabelNode> referenced = null;
        AbstractInsnNode prev = point.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            if (prev instanceof LabelNode) {
                if (referenced == null) {
                    referenced = referencedLabels(method);
                }
                if (referenced.contains(prev)) {
                    return null;
                }
            }
            prev = prev.getPrevious();
        }
        if (!(prev instanceof MethodInsnNode)) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) prev;
        Boolean targetIsStatic = isStatic.get(call.name + call.desc);
        if (targetIsStatic == null || !call.owner.equals(owner.name) || call.itf || !call.desc.endsWith(returns)) {
            return null;
        }
        int op = call.getOpcode();
        boolean matches = targetIsStatic ? op == Opcodes.INVOKESTATIC
                : op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKESPECIAL;
        return matches ? call : null;
    }

    /** The labels control can reach other than by falling through: jump, switch and handler targets and ranges. */
    private static Set<LabelNode> referencedLabels(MethodNode method) {
        Set<LabelNode> labels = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof JumpInsnNode) {
                labels.add(((JumpInsnNode) insn).label);
            } else if (insn instanceof TableSwitchInsnNode) {
                labels.add(((TableSwitchInsnNode) insn).dflt);
                labels.addAll(((TableSwitchInsnNode) insn).labels);
            } else if (insn instanceof LookupSwitchInsnNode) {
                labels.add(((LookupSwitchInsnNode) insn).dflt);
                labels.addAll(((LookupSwitchInsnNode) insn).labels);
            }
        }
        if (method.tryCatchBlocks != null) {
            for (TryCatchBlockNode tc : method.tryCatchBlocks) {
                labels.add(tc.start);
                labels.add(tc.end);
                labels.add(tc.handler);
            }
        }
        return labels;
    }
}
