package dev.weft.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;

/**
 * Checks the declaration of each {@code @Async} method: what the weaver cannot rewrite is refused at the
 * method, with the fix. Uses only the element model, so it runs under any compiler.
 */
final class SignatureCheck {
    private final WeftApi api;
    private final Messager messager;

    SignatureCheck(WeftApi api, Messager messager) {
        this.api = api;
        this.messager = messager;
    }

    /** Reports every problem of the {@code @Async} element {@code element}. */
    void check(Element element) {
        if (element.getKind() != ElementKind.METHOD) {
            return; // @Target(METHOD): the compiler itself refuses @Async on a constructor or anywhere else
        }
        ExecutableElement method = (ExecutableElement) element;
        if (method.getModifiers().contains(Modifier.SYNCHRONIZED)) {
            error(method, "an @Async method cannot be synchronized: a suspended coroutine cannot hold a monitor"
                    + " (it may resume on another thread); remove 'synchronized' and guard the state with a weft Lock");
        }
        if (method.getModifiers().contains(Modifier.ABSTRACT)) {
            error(method, "an @Async method cannot be abstract: it has no body to rewrite;"
                    + " remove @Async here and put it on the implementing methods");
        }
        if (method.getModifiers().contains(Modifier.NATIVE)) {
            error(method, "an @Async method cannot be native: it has no body to rewrite; remove @Async");
        }
        if (api.kindOf(method) == null) {
            error(method, "an @Async method must return " + WeftApi.ALLOWED_RETURNS + ", not "
                    + GeneratorTypes.show(method.getReturnType()) + "; change the return type"
                    + " (return Coroutines.done(value) ends the body with a value)");
        }
    }

    private void error(Element at, String message) {
        messager.printMessage(Diagnostic.Kind.ERROR, Messages.PREFIX + message, at);
    }
}
