package dev.weft.processor;

import dev.weft.weaver.TypeHierarchy;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Answers the weaver's hierarchy questions inside javac: from javac's own model of the classes, which
 * knows the classes of this compilation before their class files are written (nested classes are
 * written before their outer class), and else from the class files on the output and class paths.
 * Used on javac's thread only.
 */
final class ModelTypeHierarchy implements TypeHierarchy {
    /**
     * What is known of a class: its superclass (null for Object), whether it is an interface, and whether
     * its class file makes it public (javac writes a protected nested class as public).
     */
    private record Answer(String superName, boolean isInterface, boolean isPublic) {}

    private static final Answer UNKNOWN = new Answer(null, false, true);
    private static final String OBJECT = "java/lang/Object";

    private final Elements elements;
    private final Filer filer;
    private final CompiledClasses compiled;
    private final Map<String, Answer> cache = new HashMap<>();

    /**
     * @param compiled the classes of this compilation, local and anonymous ones included (the model cannot
     *     find those by name)
     */
    ModelTypeHierarchy(Elements elements, Filer filer, CompiledClasses compiled) {
        this.elements = elements;
        this.filer = filer;
        this.compiled = compiled;
    }

    @Override
    public String superName(String internalName) {
        return lookup(internalName).superName;
    }

    @Override
    public boolean isInterface(String internalName) {
        return lookup(internalName).isInterface;
    }

    @Override
    public boolean isPublic(String internalName) {
        return lookup(internalName).isPublic;
    }

    private Answer lookup(String internalName) {
        Answer a = cache.get(internalName);
        if (a == null) {
            a = fromModel(internalName);
            if (a == null) {
                a = fromClassFile(internalName);
            }
            cache.put(internalName, a);
        }
        return a;
    }

    private Answer fromModel(String internalName) {
        TypeElement type = compiled.byInternalName(internalName);
        if (type == null) {
            type = byBinaryName(internalName);
        }
        if (type == null) {
            return null;
        }
        boolean isInterface = type.getKind().isInterface();
        boolean isPublic = type.getModifiers().contains(javax.lang.model.element.Modifier.PUBLIC)
                || type.getModifiers().contains(javax.lang.model.element.Modifier.PROTECTED);
        TypeMirror sup = type.getSuperclass();
        if (isInterface) {
            return new Answer(OBJECT, true, isPublic); // as in the class file of an interface
        }
        if (sup.getKind() == TypeKind.NONE) {
            return new Answer(null, false, true); // java.lang.Object
        }
        if (sup.getKind() != TypeKind.DECLARED) {
            return null; // an erroneous supertype: let the class files answer
        }
        return new Answer(CompiledClasses.internalName(elements, (TypeElement) ((DeclaredType) sup).asElement()),
                false, isPublic);
    }

    /**
     * The model looks classes up by canonical name: {@code a/b/Outer$Inner} is tried as
     * {@code a.b.Outer.Inner}, then as written (a top-level class may have '$' in its name), and kept only
     * if its binary name is the one asked for.
     */
    private TypeElement byBinaryName(String internalName) {
        String binary = internalName.replace('/', '.');
        for (String candidate : new String[] {binary.replace('$', '.'), binary}) {
            TypeElement t;
            try {
                t = elements.getTypeElement(candidate);
            } catch (RuntimeException e) {
                t = null; // javac may fail to complete a broken class file: the class files are asked next
            }
            if (t != null && elements.getBinaryName(t).contentEquals(binary)) {
                return t;
            }
            if (candidate.equals(binary)) {
                break;
            }
        }
        return null;
    }

    private Answer fromClassFile(String internalName) {
        int slash = internalName.lastIndexOf('/');
        String pkg = slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
        String file = internalName.substring(slash + 1) + ".class";
        for (JavaFileManager.Location location
                : new JavaFileManager.Location[] {StandardLocation.CLASS_OUTPUT, StandardLocation.CLASS_PATH}) {
            try {
                FileObject f = filer.getResource(location, pkg, file);
                try (InputStream in = f.openInputStream()) {
                    ClassReader reader = new ClassReader(in);
                    boolean itf = (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0;
                    boolean pub = (reader.getAccess() & Opcodes.ACC_PUBLIC) != 0;
                    return new Answer(reader.getSuperName(), itf, pub);
                }
            } catch (IOException | RuntimeException e) {
                // not there: try the next location
            }
        }
        return UNKNOWN;
    }
}
