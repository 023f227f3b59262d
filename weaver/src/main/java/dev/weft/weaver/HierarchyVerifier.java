package dev.weft.weaver;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier} with its subtype questions answered from class bytes instead of by loading
 * classes, and lenient where the JVM's verifier is (any object may stand for an interface).
 */
final class HierarchyVerifier extends SimpleVerifier {
    private final Supertypes supertypes;

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

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("the weaver loads no class: " + type);
    }
}
