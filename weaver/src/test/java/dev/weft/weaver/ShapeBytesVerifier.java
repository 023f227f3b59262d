package dev.weft.weaver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Verifies woven class bytes without loading any class (for class files newer than the running JVM):
 * CheckClassAdapter's structural checks and basic data flow, then ASM's SimpleVerifier with the type
 * hierarchy read from class files, written here independently of the weaver's own.
 */
final class ShapeBytesVerifier {
    private static final String OBJECT = "java/lang/Object";
    private final ClassLoader resources;
    private final Map<String, ClassReader> readers = new ConcurrentHashMap<>();

    ShapeBytesVerifier(ClassLoader resources) {
        this.resources = resources;
    }

    /** Verifies {@code bytes}; throws AssertionError listing every problem. */
    void verify(byte[] bytes) {
        StringWriter problems = new StringWriter();
        try {
            new ClassReader(bytes).accept(new CheckClassAdapter(new ClassNode(), true), 0);
        } catch (RuntimeException e) {
            problems.append("CheckClassAdapter: ").append(e.toString()).append('\n');
        }
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        readers.put(cn.name, new ClassReader(bytes));
        List<Type> interfaces = new ArrayList<>();
        for (String i : cn.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        for (MethodNode m : cn.methods) {
            if (m.instructions.size() == 0) {
                continue;
            }
            Verifier v = new Verifier(Type.getObjectType(cn.name),
                    cn.superName == null ? null : Type.getObjectType(cn.superName), interfaces,
                    (cn.access & Opcodes.ACC_INTERFACE) != 0);
            try {
                new Analyzer<>(v).analyze(cn.name, m);
            } catch (AnalyzerException e) {
                problems.append(cn.name).append('.').append(m.name).append(m.desc).append(": ")
                        .append(e.getMessage()).append('\n');
            }
        }
        if (problems.getBuffer().length() > 0) {
            PrintWriter out = new PrintWriter(problems);
            out.flush();
            throw new AssertionError("woven class fails verification:\n" + problems);
        }
    }

    private ClassReader reader(String internalName) {
        return readers.computeIfAbsent(internalName, n -> {
            try (InputStream in = open(n + ".class")) {
                if (in == null) {
                    throw new AssertionError("no class file for " + n);
                }
                return new ClassReader(in);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private InputStream open(String resource) {
        InputStream in = resources.getResourceAsStream(resource);
        return in != null ? in : ClassLoader.getSystemResourceAsStream(resource);
    }

    private boolean isInterfaceName(String name) {
        return (reader(name).getAccess() & Opcodes.ACC_INTERFACE) != 0;
    }

    private boolean isSubclass(String sub, String sup) {
        for (String s = sub; s != null; s = reader(s).getSuperName()) {
            if (s.equals(sup)) {
                return true;
            }
        }
        return false;
    }

    /** SimpleVerifier with its class questions answered from class files, lenient on interfaces as the JVM is. */
    private final class Verifier extends SimpleVerifier {
        Verifier(Type self, Type superType, List<Type> interfaces, boolean itf) {
            super(Opcodes.ASM9, self, superType, interfaces, itf);
        }

        @Override
        protected boolean isInterface(Type type) {
            return type.getSort() == Type.OBJECT && isInterfaceName(type.getInternalName());
        }

        @Override
        protected Type getSuperClass(Type type) {
            if (type.getSort() == Type.ARRAY) {
                return Type.getObjectType(OBJECT);
            }
            String s = reader(type.getInternalName()).getSuperName();
            return s == null ? null : Type.getObjectType(s);
        }

        @Override
        protected boolean isAssignableFrom(Type to, Type from) {
            if (to.equals(from)) {
                return true;
            }
            if (to.getSort() == Type.OBJECT) {
                String name = to.getInternalName();
                if (name.equals(OBJECT) || isInterfaceName(name)) {
                    return from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY;
                }
                return from.getSort() == Type.OBJECT && isSubclass(from.getInternalName(), name);
            }
            if (to.getSort() == Type.ARRAY && from.getSort() == Type.ARRAY) {
                Type toElement = Type.getType(to.getDescriptor().substring(1));
                Type fromElement = Type.getType(from.getDescriptor().substring(1));
                boolean refs = toElement.getSort() >= Type.ARRAY && fromElement.getSort() >= Type.ARRAY;
                return refs ? isAssignableFrom(toElement, fromElement) : toElement.equals(fromElement);
            }
            return false;
        }

        @Override
        protected Class<?> getClass(Type type) {
            throw new AssertionError("loads no class: " + type);
        }
    }
}
