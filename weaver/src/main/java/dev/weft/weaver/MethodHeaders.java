package dev.weft.weaver;

import org.objectweb.asm.tree.MethodNode;

/** Copies what a method is to its callers (signature, annotations, parameter names) onto a new, empty body. */
final class MethodHeaders {
    private MethodHeaders() {}

    /**
     * A method with {@code m}'s name, descriptor, generic signature, exceptions, annotations (the
     * method's, its parameters', its type annotations), parameter names and attributes, with access
     * {@code access} and no code yet.
     */
    static MethodNode emptyCopy(MethodNode m, int access) {
        MethodNode copy = new MethodNode(access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        copy.visibleAnnotations = m.visibleAnnotations;
        copy.invisibleAnnotations = m.invisibleAnnotations;
        copy.visibleParameterAnnotations = m.visibleParameterAnnotations;
        copy.invisibleParameterAnnotations = m.invisibleParameterAnnotations;
        copy.visibleAnnotableParameterCount = m.visibleAnnotableParameterCount;
        copy.invisibleAnnotableParameterCount = m.invisibleAnnotableParameterCount;
        copy.visibleTypeAnnotations = m.visibleTypeAnnotations;
        copy.invisibleTypeAnnotations = m.invisibleTypeAnnotations;
        copy.parameters = m.parameters;
        copy.annotationDefault = m.annotationDefault;
        copy.attrs = m.attrs;
        return copy;
    }
}
