package dev.weft.processor;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.weft.processor.WeftApi.Kind;
import dev.weft.processor.WeftApi.Suspension;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The type rules that {@code Coroutines.yield(Object)} and {@code yieldFrom} cannot state in Java: a
 * yielded value must fit the generator's yield type {@code Y}, the value {@code yield} returns is of its
 * send type {@code S}, and a sub-generator must yield values that fit {@code Y} and accept what is sent
 * into {@code S}. Unknown types (raw generators, unbounded wildcards) are not judged; poly expressions
 * are judged as {@link PolyExpressions} says.
 */
final class GeneratorTypes {
    private final Trees trees;
    private final Types types;
    private final Elements elements;
    private final WeftApi api;

    GeneratorTypes(Trees trees, Types types, Elements elements, WeftApi api) {
        this.trees = trees;
        this.types = types;
        this.elements = elements;
        this.api = api;
    }

    /** The generator an {@code @Async} method is: its declared yield and send types, as the messages name it. */
    private record Target(TypeMirror yieldType, TypeMirror sendType, String description) {}

    /** Checks the suspension point at {@code call} in {@code method}, a generator of {@code kind}. */
    void check(Suspension suspension, TreePath call, ExecutableElement method, Kind kind, BodyCheck.Reporter out) {
        List<? extends TypeMirror> declared = api.typeArgumentsAs(method.getReturnType(), kind.qualifiedName);
        if (declared == null) {
            return; // a raw Generator: nothing to hold the values against
        }
        Target target = new Target(upperBound(declared.get(0)), sentBound(declared.get(1)),
                (kind == Kind.ASYNC_GENERATOR ? "an " : "a ") + kind.simpleName + "<" + join(declared) + ">");
        MethodInvocationTree invocation = (MethodInvocationTree) call.getLeaf();
        TreePath argument = new TreePath(call, invocation.getArguments().get(0));
        boolean iterable = suspension != Suspension.YIELD
                && isIterable(((ExecutableElement) trees.getElement(call)).getParameters().get(0).asType());
        for (TreePath value : PolyExpressions.values(argument, trees)) {
            TypeMirror valueType = trees.getTypeMirror(value);
            if (!BodyCheck.isKnown(valueType)) {
                continue;
            }
            ExpressionTree at = (ExpressionTree) value.getLeaf();
            boolean inferred = PolyExpressions.isInferred(value, trees);
            if (suspension == Suspension.YIELD) {
                checkYieldValue(target, at, valueType, inferred, out);
            } else if (inferred) {
                // its type arguments were inferred for yieldFrom's parameter, not for this generator; but
                // values whose type the arguments alone decide (List.of("a"), each(1, 2)) would have been
                // inferred so for this generator too, and are judged as they are
                if (PolyExpressions.yieldsArgumentType(value, iterable ? "java.lang.Iterable" : WeftApi.GENERATOR,
                        valueType, trees, types, api)) {
                    if (iterable) {
                        checkYieldFromIterable(target, at, valueType, out);
                    } else {
                        checkYieldFromGenerator(target, at, valueType, false, out);
                    }
                }
            } else if (iterable) {
                checkYieldFromIterable(target, at, valueType, out);
            } else {
                checkYieldFromGenerator(target, at, valueType, true, out);
            }
        }
        if (suspension == Suspension.YIELD) {
            checkSent(target, call, out);
        }
    }

    /**
     * A value {@code yield} may be given fits Y. One whose type javac inferred against yield's
     * {@code Object} parameter ({@code List.of()}, {@code new ArrayList<>()}), not against Y, is held to
     * its class alone: its type arguments would have been inferred for Y had Java known it.
     */
    private void checkYieldValue(Target target, ExpressionTree value, TypeMirror valueType, boolean inferred,
                                 BodyCheck.Reporter out) {
        TypeMirror y = target.yieldType;
        // passed to yield(Object), a primitive is boxed as its own type: yield(1) hands out an Integer,
        // even where a constant 1 could be assigned to a Short, Byte or Character
        TypeMirror passed = valueType.getKind().isPrimitive()
                ? types.boxedClass((PrimitiveType) valueType).asType() : valueType;
        boolean fits = y == null || (inferred
                ? types.isAssignable(types.erasure(passed), types.erasure(y))
                : types.isAssignable(passed, y));
        if (!fits) {
            out.error(value, "yield of " + show(valueType) + " in " + target.description + " method: the value"
                    + (passed == valueType ? "" : ", boxed as " + show(passed) + " (yield takes an Object),")
                    + " is not assignable to the yield type " + show(y) + "; yield a value of type " + show(y)
                    + ", or change the method's yield type");
        }
    }

    /** What {@code yield} returns, a value sent in, fits where it is used. */
    private void checkSent(Target target, TreePath call, BodyCheck.Reporter out) {
        TypeMirror used = trees.getTypeMirror(call);
        TypeMirror s = target.sendType;
        if (s != null && BodyCheck.isKnown(used) && used.getKind() != TypeKind.VOID && provablyDistinct(s, used)) {
            out.error(((MethodInvocationTree) call.getLeaf()).getMethodSelect(), "yield returns the value sent in,"
                    + " of the send type " + show(s) + ", but it is used here as " + show(used) + "; change the"
                    + " variable's type, or the method's send type");
        }
    }

    /** {@code yieldFrom(iterable)}: its elements fit Y. */
    private void checkYieldFromIterable(Target target, ExpressionTree argument, TypeMirror argumentType,
                                        BodyCheck.Reporter out) {
        List<? extends TypeMirror> element = api.typeArgumentsAs(argumentType, "java.lang.Iterable");
        TypeMirror elementType = element == null ? null : upperBound(element.get(0));
        TypeMirror y = target.yieldType;
        if (y != null && elementType != null && !types.isAssignable(elementType, y)) {
            out.error(argument, "yieldFrom an Iterable of " + show(elementType) + " in " + target.description
                    + " method: its elements are not assignable to the yield type " + show(y) + "; delegate to an"
                    + " Iterable of " + show(y) + ", or change the method's yield type");
        }
    }

    /**
     * {@code yieldFrom(generator)}: its values fit Y, and (if {@code sends}) it accepts what is sent in (S).
     */
    private void checkYieldFromGenerator(Target target, ExpressionTree argument, TypeMirror argumentType,
                                         boolean sends, BodyCheck.Reporter out) {
        List<? extends TypeMirror> sub = api.typeArgumentsAs(argumentType, WeftApi.GENERATOR);
        if (sub == null) {
            return;
        }
        TypeMirror y = target.yieldType;
        TypeMirror subYield = upperBound(sub.get(0));
        if (y != null && subYield != null && !types.isAssignable(subYield, y)) {
            out.error(argument, "yieldFrom a generator that yields " + show(subYield) + " in " + target.description
                    + " method: its values are not assignable to the yield type " + show(y) + "; delegate to a"
                    + " generator of " + show(y) + ", or change the method's yield type");
        }
        TypeMirror s = target.sendType;
        TypeMirror subSend = acceptedBound(sub.get(1));
        if (sends && s != null && subSend != null && !types.isAssignable(s, subSend)) {
            out.error(argument, "yieldFrom a generator whose send type is " + show(subSend) + " in "
                    + target.description + " method: the values sent in (" + show(s) + ") pass through to it and"
                    + " do not fit " + show(subSend) + "; make the send types agree");
        }
    }

    private boolean isIterable(TypeMirror parameter) {
        return ((DeclaredType) types.erasure(parameter)).asElement().getSimpleName().contentEquals("Iterable");
    }

    /** True if {@code functionalType} is a functional interface whose method returns void. */
    boolean returnsVoid(TypeMirror functionalType) {
        if (functionalType == null || functionalType.getKind() != TypeKind.DECLARED) {
            return false;
        }
        DeclaredType declared = (DeclaredType) functionalType;
        TypeElement type = (TypeElement) declared.asElement();
        if (type.getKind() != ElementKind.INTERFACE) {
            return false;
        }
        for (Element member : elements.getAllMembers(type)) {
            if (member.getKind() == ElementKind.METHOD && member.getModifiers().contains(Modifier.ABSTRACT)
                    && !isObjectMethod((ExecutableElement) member)) {
                TypeMirror r = ((ExecutableType) types.asMemberOf(declared, member)).getReturnType();
                return r.getKind() == TypeKind.VOID;
            }
        }
        return false;
    }

    private boolean isObjectMethod(ExecutableElement method) {
        TypeElement object = elements.getTypeElement("java.lang.Object");
        for (Element m : object.getEnclosedElements()) {
            if (m.getKind() == ElementKind.METHOD && m.getSimpleName().equals(method.getSimpleName())
                    && elements.overrides(method, (ExecutableElement) m, (TypeElement) method.getEnclosingElement())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if no value of {@code a} can be a {@code b}: both are classes (not interfaces, not type
     * variables) and neither is a subclass of the other, so a cast from one to the other always fails.
     */
    private boolean provablyDistinct(TypeMirror a, TypeMirror b) {
        if (!isClass(a) || !isClass(b)) {
            return false;
        }
        TypeMirror ea = types.erasure(a);
        TypeMirror eb = types.erasure(b);
        return !types.isSubtype(ea, eb) && !types.isSubtype(eb, ea);
    }

    private static boolean isClass(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        ElementKind kind = ((DeclaredType) type).asElement().getKind();
        return kind.isClass();
    }

    /** What values of {@code type} are at most: a wildcard's or capture's upper bound; null if unknown. */
    private TypeMirror upperBound(TypeMirror type) {
        if (type.getKind() == TypeKind.WILDCARD) {
            TypeMirror bound = ((WildcardType) type).getExtendsBound();
            return bound == null ? null : upperBound(bound);
        }
        if (isCapture(type)) {
            return upperBound(((TypeVariable) type).getUpperBound());
        }
        return known(type);
    }

    /** The type a generator declared with {@code type} as its send type is sent: null if unknown. */
    private TypeMirror sentBound(TypeMirror type) {
        if (type.getKind() == TypeKind.WILDCARD) {
            TypeMirror bound = ((WildcardType) type).getExtendsBound();
            return bound == null ? null : known(bound);
        }
        return isCapture(type) ? null : known(type);
    }

    /** The values a sub-generator with send type {@code type} surely accepts: a lower bound; null if unknown. */
    private TypeMirror acceptedBound(TypeMirror type) {
        if (type.getKind() == TypeKind.WILDCARD) {
            TypeMirror bound = ((WildcardType) type).getSuperBound();
            return bound == null ? null : known(bound);
        }
        if (isCapture(type)) {
            TypeMirror lower = ((TypeVariable) type).getLowerBound();
            return lower == null || lower.getKind() == TypeKind.NULL || lower.getKind() == TypeKind.NONE
                    ? null : known(lower);
        }
        return known(type);
    }

    private static TypeMirror known(TypeMirror type) {
        return BodyCheck.isKnown(type) ? type : null;
    }

    /** True for the type variables javac makes when it captures a wildcard. */
    private static boolean isCapture(TypeMirror type) {
        return type.getKind() == TypeKind.TYPEVAR
                && ((TypeVariable) type).asElement().getSimpleName().toString().contains("captured");
    }

    private static String join(List<? extends TypeMirror> types) {
        StringBuilder b = new StringBuilder();
        for (TypeMirror t : types) {
            b.append(b.length() == 0 ? "" : ", ").append(show(t));
        }
        return b.toString();
    }

    /** A type as the messages show it: {@code java.lang.} dropped, as javac's own messages do. */
    static String show(TypeMirror type) {
        return type.toString().replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
    }
}
