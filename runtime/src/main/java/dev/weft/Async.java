package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method to be rewritten into a resumable state machine.
 *
 * <p>An {@code @Async} method returns {@link Coroutine}, {@link Generator}, {@link AsyncGenerator},
 * {@link java.util.concurrent.CompletableFuture} or {@link java.util.concurrent.CompletionStage}.
 * Inside its body, {@link Coroutines#await}, {@link Coroutines#yield} and {@link Coroutines#yieldFrom}
 * are suspension points, and {@code return Coroutines.done(value)} ends it with a value. A
 * {@code CompletableFuture}/{@code CompletionStage} method ends as ea-async's do, with
 * {@code return CompletableFuture.completedFuture(value)} (or any stage, whose outcome becomes the
 * method's); it starts at once, and an exception it throws, even before its first await, completes its
 * future exceptionally.
 * The method must be woven by the weft agent, annotation processor or Maven plugin.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {}
