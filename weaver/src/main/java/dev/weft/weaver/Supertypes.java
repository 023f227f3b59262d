package dev.weft.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * Subtype questions answered from a {@link TypeHierarchy}, with the class being woven answered from its
 * own bytes (an agent may be defining it right now, so it cannot be looked up).
 */
final class Supertypes {
    private static final String OBJECT = "java/lang/Object";
    private final TypeHierarchy hierarchy;
    private final String self;
    private final String selfSuper;
    private final boolean selfInterface;

    Supertypes(TypeHierarchy hierarchy, String self, String selfSuper, boolean selfInterface) {
        this.hierarchy = hierarchy;
        this.self = self;
        this.selfSuper = selfSuper;
        this.selfInterface = selfInterface;
    }

    /** The superclass of a class, or null for Object and for classes the hierarchy does not know. */
    String superName(String internalName) {
        if (internalName.equals(self)) {
            return selfSuper;
        }
        if (OBJECT.equals(internalName)) {
            return null;
        }
        String s = hierarchy.superName(internalName);
        return s == null ? OBJECT : s;
    }

    /** True if the hierarchy knows {@code internalName} as a class other than Object (not an interface). */
    boolean isKnownClass(String internalName) {
        if (internalName.equals(self)) {
            return !selfInterface;
        }
        return hierarchy.superName(internalName) != null && !hierarchy.isInterface(internalName);
    }

    /** True if the hierarchy knows {@code internalName} (a class, an interface, or Object itself). */
    boolean isKnown(String internalName) {
        return OBJECT.equals(internalName) || isKnownClass(internalName) || isInterface(internalName);
    }

    boolean isInterface(String internalName) {
        return internalName.equals(self) ? selfInterface : hierarchy.isInterface(internalName);
    }

    /** True if {@code sub} is {@code sup} or one of its subclasses (interfaces: see the verifier's rule). */
    boolean isSubclass(String sub, String sup) {
        if (sup.equals(OBJECT) || sup.equals(sub)) {
            return true;
        }
        for (String s = sub; s != null; s = superName(s)) {
            if (s.equals(sup)) {
                return true;
            }
        }
        return false;
    }

    /** The nearest common superclass, as the JVM's verifier merges: interfaces merge to Object. */
    String commonSuperClass(String a, String b) {
        if (isSubclass(b, a)) {
            return a;
        }
        if (isSubclass(a, b)) {
            return b;
        }
        if (isInterface(a) || isInterface(b)) {
            return OBJECT;
        }
        for (String s = superName(a); s != null; s = superName(s)) {
            if (isSubclass(b, s)) {
                return s;
            }
        }
        return OBJECT;
    }

    /**
     * The type to {@code checkcast} a restored reference to: the analysed type, with interfaces (also as
     * array elements) widened to Object, because the verifier lets any object stand for an interface and
     * a merge may have named an interface the value does not implement; and inaccessible classes widened
     * to what the woven class may name.
     */
    Type restoreType(Type type) {
        if (type.getSort() == Type.ARRAY) {
            Type element = type.getElementType();
            if (element.getSort() == Type.OBJECT) {
                String nameable = nameable(element.getInternalName());
                return nameable.equals(element.getInternalName()) ? type
                        : Type.getType("[".repeat(type.getDimensions()) + "L" + nameable + ";");
            }
            return type;
        }
        if (type.getSort() == Type.OBJECT) {
            return Type.getObjectType(nameable(type.getInternalName()));
        }
        return type;
    }

    /**
     * The classes {@link #restoreType} widens a value of {@code type} past (for an array, its element
     * class): the class itself and its superclasses up to the nearest one the woven class may name, which
     * the woven class cannot access (package-private, another package); empty if it can, or if it is an
     * interface (which the verifier lets any object stand for).
     */
    List<String> hiddenClasses(Type type) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() != Type.OBJECT || isInterface(element.getInternalName())) {
            return List.of();
        }
        List<String> hidden = new ArrayList<>();
        String nameable = nameable(element.getInternalName());
        for (String c = element.getInternalName(); c != null && !c.equals(nameable); c = superName(c)) {
            hidden.add(c);
        }
        return hidden;
    }

    /**
     * The class a cast in the woven class may name for a value of class {@code name}: itself, or, for an
     * interface, Object, or, for a class the woven class cannot access (not public, another package), its
     * nearest accessible superclass — the original code can only have used the value as that.
     */
    private String nameable(String name) {
        if (isInterface(name)) {
            return OBJECT;
        }
        for (String c = name; c != null; c = superName(c)) {
            if (c.equals(self) || samePackage(c, self) || hierarchy.isPublic(c)) {
                return c;
            }
        }
        return OBJECT;
    }

    private static boolean samePackage(String a, String b) {
        int i = a.lastIndexOf('/');
        int j = b.lastIndexOf('/');
        return i == j && (i < 0 || a.regionMatches(0, b, 0, i));
    }
}
