package dev.weft.weaver;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} with its subtype questions answered from class bytes instead of by loading
 * classes, and lenient where the JVM's verifier is (any object may stand for an interface).
 */
final class HierarchyVerifier extends SimpleVerifier {
    /** How ASM's verifier types the {@code null} constant. */
    private static final Type NULL_TYPE = Type.getObjectType("null");
    /** The packages of the weft runtime, whose classes woven code names. */
    private static final Set<String> RUNTIME_PACKAGES = Set.of("dev.weft", "dev.weft.internal", "dev.weft.loop");

    private final Supertypes supertypes;
    /** The classes asked about whose class files were not found, in the order asked. */
    private final Set<String> unknown = new LinkedHashSet<>();

    HierarchyVerifier(Supertypes supertypes, Type self, Type selfSuper, List<Type> interfaces, boolean itf) {
        super(Opcodes.ASM9, self, selfSuper, interfaces, itf);
        this.supertypes = supertypes;
    }

    @Override
    protected boolean isInterface(Type type) {
        return type.getSort() == Type.OBJECT && supertypes.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() != Type.OBJECT) {
            return type.getSort() == Type.ARRAY ? Type.getObjectType("java/lang/Object") : null;
        }
        String s = supertypes.superName(type.getInternalName());
        if (s == null) {
            noteIfUnknown(type);
        }
        return s == null ? null : Type.getObjectType(s);
    }

    @Override
    protected boolean isAssignableFrom(Type to, Type from) {
        if (to.equals(from)) {
            return true;
        }
        if (to.getSort() == Type.OBJECT) {
            String name = to.getInternalName();
            if (name.equals("java/lang/Object") || supertypes.isInterface(name)) {
                return true;
            }
            if (from.getSort() == Type.ARRAY) {
                return false;
            }
            noteIfUnknown(to);
            noteIfUnknown(from);
            return from.getSort() == Type.OBJECT && supertypes.isSubclass(from.getInternalName(), name);
        }
        if (to.getSort() == Type.ARRAY && from.getSort() == Type.ARRAY) {
            Type toElem = Type.getType(to.getDescriptor().substring(1));
            Type fromElem = Type.getType(from.getDescriptor().substring(1));
            boolean refs = (toElem.getSort() == Type.OBJECT || toElem.getSort() == Type.ARRAY)
                    && (fromElem.getSort() == Type.OBJECT || fromElem.getSort() == Type.ARRAY);
            return refs ? isAssignableFrom(toElem, fromElem) : toElem.equals(fromElem);
        }
        return false;
    }

    /**
     * ASM's check of a value against what an instruction expects, answered from the hierarchy alone (ASM's
     * own loads the expected class when they differ). A mismatch that involves a class whose class file
     * the hierarchy could not find is reported as that, since it may well be no mismatch at all.
     */
    @Override
    protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
        Type want = expected.getType();
        Type have = value.getType();
        if (!isReference(want) || !isReference(have)) {
            return super.isSubTypeOf(value, expected);
        }
        if (have.equals(NULL_TYPE) || isAssignableFrom(want, have)) {
            return true;
        }
        for (Type t : new Type[] {want, have}) {
            Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
            if (element.getSort() == Type.OBJECT && !supertypes.isKnown(element.getInternalName())) {
                throw new ClassFileNotFound(element.getClassName());
            }
        }
        return false;
    }

    private void noteIfUnknown(Type t) {
        if (t.getSort() == Type.OBJECT && !t.equals(NULL_TYPE) && !supertypes.isKnown(t.getInternalName())) {
            unknown.add(t.getClassName());
        }
    }

    /**
     * What to add to a complaint of the analysis when a class it asked about was not found: its types
     * were then merged or compared with less than the JVM will know, which may be all that is wrong. Nothing
     * when the complaint ({@code complaint}, the analysis's exception's cause) is that already.
     */
    String unknownClassesHint(Throwable complaint) {
        return unknown.isEmpty() || complaint instanceof ClassFileNotFound ? ""
                : "; perhaps only because " + notFound(unknown.iterator().next());
    }

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    /** What to say of a class whose class file the weaver could not read, and what helps. */
    private static String notFound(String className) {
        String pkg = className.substring(0, Math.max(className.lastIndexOf('.'), 0));
        if (RUNTIME_PACKAGES.contains(pkg)) {
            return "the class file of " + className + " was not found: put the weft runtime jar (weft-runtime)"
                    + " on the class path of the code being woven";
        }
        return "the class file of " + className + " was not found (the weaver reads each class it needs as a"
                + " .class resource of the woven class's loader, and loads none): make it readable there, or"
                + " weave at build time (weft-maven-plugin or weft-processor)";
    }

    /** Not reached ({@link #isSubTypeOf} and the other questions are answered from class bytes). */
    @Override
    protected Class<?> getClass(Type type) {
        throw new ClassFileNotFound(type.getClassName());
    }

    /** The analysis stopped at a question about a class whose class file was not found. */
    static final class ClassFileNotFound extends UnsupportedOperationException {
        private static final long serialVersionUID = 1L;

        ClassFileNotFound(String className) {
            super(notFound(className));
        }
    }
}
