package dev.weft.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class the weaver has rewritten (an invisible class annotation), so that the agent, the
 * processor and the Maven plugin leave it alone when they meet it again. Not API.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Woven {}
