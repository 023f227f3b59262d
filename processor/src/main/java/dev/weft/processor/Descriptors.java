package dev.weft.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** JVM method descriptors of model elements, to match the weaver's diagnostics to source methods. */
final class Descriptors {
    private Descriptors() {}

    /** The descriptor of {@code method} as javac writes it ({@code (I[Ljava/lang/String;)Ldev/weft/Coroutine;}). */
    static String of(Elements elements, Types types, ExecutableElement method) {
        StringBuilder b = new StringBuilder("(");
        for (VariableElement p : method.getParameters()) {
            append(b, elements, types, p.asType());
        }
        b.append(')');
        append(b, elements, types, method.getReturnType());
        return b.toString();
    }

    private static void append(StringBuilder b, Elements elements, Types types, TypeMirror type) {
        TypeMirror t = types.erasure(type);
        switch (t.getKind()) {
            case BOOLEAN: b.append('Z'); break;
            case BYTE: b.append('B'); break;
            case CHAR: b.append('C'); break;
            case SHORT: b.append('S'); break;
            case INT: b.append('I'); break;
            case LONG: b.append('J'); break;
            case FLOAT: b.append('F'); break;
            case DOUBLE: b.append('D'); break;
            case VOID: b.append('V'); break;
            case ARRAY:
                b.append('[');
                append(b, elements, types, ((ArrayType) t).getComponentType());
                break;
            case DECLARED:
                b.append('L').append(CompiledClasses.internalName(elements,
                        (TypeElement) ((DeclaredType) t).asElement())).append(';');
                break;
            default:
                b.append("Ljava/lang/Object;"); // an erroneous type: matches nothing javac wrote
        }
    }
}
