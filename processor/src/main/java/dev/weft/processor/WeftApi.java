package dev.weft.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * weft's API as the compiler's model sees it: which methods are {@code @Async}, what kind of body a
 * return type makes, and which calls are suspension points. Works from names, so the processor needs no
 * runtime classes of its own.
 */
final class WeftApi {
    static final String ASYNC = "dev.weft.Async";
    static final String COROUTINES = "dev.weft.Coroutines";
    static final String COROUTINE = "dev.weft.Coroutine";
    static final String GENERATOR = "dev.weft.Generator";
    static final String ASYNC_GENERATOR = "dev.weft.AsyncGenerator";

    /** What an {@code @Async} method's body is, by its return type. */
    enum Kind {
        COROUTINE("Coroutine", WeftApi.COROUTINE),
        GENERATOR("Generator", WeftApi.GENERATOR),
        ASYNC_GENERATOR("AsyncGenerator", WeftApi.ASYNC_GENERATOR),
        COMPLETABLE_FUTURE("CompletableFuture", "java.util.concurrent.CompletableFuture"),
        COMPLETION_STAGE("CompletionStage", "java.util.concurrent.CompletionStage");

        final String simpleName;
        final String qualifiedName;

        Kind(String simpleName, String qualifiedName) {
            this.simpleName = simpleName;
            this.qualifiedName = qualifiedName;
        }

        /** True for the kinds whose body may yield. */
        boolean yields() {
            return this == GENERATOR || this == ASYNC_GENERATOR;
        }

        /** True for the kinds whose body may await. */
        boolean awaits() {
            return this != GENERATOR;
        }
    }

    /** The suspension points, by the {@code Coroutines} method called. */
    enum Suspension {
        AWAIT("await"),
        YIELD("yield"),
        YIELD_FROM("yieldFrom");

        final String methodName;

        Suspension(String methodName) {
            this.methodName = methodName;
        }
    }

    /** The return types an {@code @Async} method may have, for messages. */
    static final String ALLOWED_RETURNS =
            "Coroutine<R>, Generator<Y, S, R>, AsyncGenerator<Y, S>, CompletableFuture<R> or CompletionStage<R>";

    private final Elements elements;
    private final Types types;

    WeftApi(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** True if {@code element} carries {@code @dev.weft.Async}. */
    boolean isAsync(Element element) {
        for (AnnotationMirror a : element.getAnnotationMirrors()) {
            Element type = a.getAnnotationType().asElement();
            if (type instanceof TypeElement && ((TypeElement) type).getQualifiedName().contentEquals(ASYNC)) {
                return true;
            }
        }
        return false;
    }

    /** The kind of body {@code method}'s declared return type makes, or null if weft does not allow it. */
    Kind kindOf(ExecutableElement method) {
        TypeMirror r = method.getReturnType();
        if (r.getKind() != TypeKind.DECLARED) {
            return null;
        }
        String name = ((TypeElement) ((DeclaredType) r).asElement()).getQualifiedName().toString();
        for (Kind k : Kind.values()) {
            if (k.qualifiedName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** The suspension point {@code method} is, or null if it is not one of {@code Coroutines}' markers. */
    static Suspension suspensionOf(Element method) {
        if (method == null || method.getKind() != ElementKind.METHOD) {
            return null;
        }
        Element owner = method.getEnclosingElement();
        if (!(owner instanceof TypeElement) || !((TypeElement) owner).getQualifiedName().contentEquals(COROUTINES)) {
            return null;
        }
        for (Suspension s : Suspension.values()) {
            if (method.getSimpleName().contentEquals(s.methodName)) {
                return s;
            }
        }
        return null;
    }

    /** True if {@code method} is {@code Coroutines.done}. */
    static boolean isDone(Element method) {
        return method != null && method.getKind() == ElementKind.METHOD
                && method.getSimpleName().contentEquals("done")
                && method.getEnclosingElement() instanceof TypeElement
                && ((TypeElement) method.getEnclosingElement()).getQualifiedName().contentEquals(COROUTINES);
    }

    /** The type element named {@code qualifiedName}, or null if it is not on the class path. */
    TypeElement type(String qualifiedName) {
        return elements.getTypeElement(qualifiedName);
    }

    /**
     * True if {@code method} is {@code unlock()} of a {@code java.util.concurrent.locks.Lock} (a
     * {@code ReentrantLock}, a read-write lock's halves): a lock its holding thread must release.
     */
    boolean isThreadLockUnlock(Element method) {
        if (method == null || method.getKind() != ElementKind.METHOD || !method.getSimpleName().contentEquals("unlock")
                || !((ExecutableElement) method).getParameters().isEmpty()) {
            return false;
        }
        TypeElement lock = type("java.util.concurrent.locks.Lock");
        Element owner = method.getEnclosingElement();
        return lock != null && owner instanceof TypeElement
                && types.isSubtype(types.erasure(owner.asType()), types.erasure(lock.asType()));
    }

    /** True if {@code type}, erased, is {@code Coroutine} or one of its subtypes. */
    boolean isCoroutine(TypeMirror type) {
        TypeElement coroutine = type(COROUTINE);
        if (coroutine == null || type == null || type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        return types.isSubtype(types.erasure(type), types.erasure(coroutine.asType()));
    }

    /**
     * The type arguments of {@code type} seen as the generic type {@code qualifiedName} (one of its
     * supertypes), or null if it is not one or is raw.
     */
    List<? extends TypeMirror> typeArgumentsAs(TypeMirror type, String qualifiedName) {
        if (type == null) {
            return null;
        }
        if (type.getKind() == TypeKind.TYPEVAR) {
            return typeArgumentsAs(((javax.lang.model.type.TypeVariable) type).getUpperBound(), qualifiedName);
        }
        if (type.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror bound : ((javax.lang.model.type.IntersectionType) type).getBounds()) {
                List<? extends TypeMirror> args = typeArgumentsAs(bound, qualifiedName);
                if (args != null) {
                    return args;
                }
            }
            return null;
        }
        if (type.getKind() != TypeKind.DECLARED) {
            return null;
        }
        DeclaredType declared = (DeclaredType) type;
        if (((TypeElement) declared.asElement()).getQualifiedName().contentEquals(qualifiedName)) {
            return declared.getTypeArguments().isEmpty() ? null : declared.getTypeArguments();
        }
        for (TypeMirror s : types.directSupertypes(type)) {
            List<? extends TypeMirror> args = typeArgumentsAs(s, qualifiedName);
            if (args != null) {
                return args;
            }
        }
        return null;
    }
}
