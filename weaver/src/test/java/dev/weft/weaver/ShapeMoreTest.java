package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Narrow and interface-typed arrays, lambdas, pattern bindings, local classes, qualified inner and
 * anonymous class creation across suspension points (fixture: shapes/MoreShapes).
 */
class ShapeMoreTest {
    private final WovenLoader loader = ShapeSupport.loader();
    private final Class<?> more = ShapeSupport.load(loader, "MoreShapes");

    @Test
    void booleanByteCharShortFloatArrays() throws Throwable {
        run(call(more, "narrowArrays"), null, null).is(List.of("arrays", "changed"),
                "[true, false][-1, -2][a, c][600, -300][2.0]");
    }

    @Test
    void interfaceTypedArraysAndLambdas() throws Throwable {
        run(call(more, "interfaceArraysAndLambdas", 3), null, null).is(List.of("suspended", 10),
                "g2[r0, r1 3, replaced]010");
    }

    @Test
    void patternBindingVariables() throws Throwable {
        run(call(more, "patternBinding", "abc"), (Object) null).is(List.of("string"), "string 3abc");
        run(call(more, "patternBinding", 41), (Object) null).is(List.of("integer"), "integer 42");
        run(call(more, "patternBinding", 1.0)).is(List.of(), "neither");
    }

    @Test
    void localClassWithItsOwnAsyncMethod() throws Throwable {
        run(call(more, "localClass", "p"), null, null, "X").is(List.of("p1", "p2", "after"), "p!X");
    }

    @Test
    void qualifiedInnerClassCreation() throws Throwable {
        Object m = more.getConstructor(String.class).newInstance("M");
        Object o = more.getConstructor(String.class).newInstance("O");
        run(call(m, "qualifiedInnerCreation"), o, "v", "w").is(List.of("outer?", "value?", "again?"), "O:v,M:w");
    }

    @Test
    void anonymousClassWithSuspendingConstructorArgument() throws Throwable {
        run(call(more, "anonymousWithArgument", "c"), "A", null).is(List.of("arg?", "made"), "cA");
    }
}
