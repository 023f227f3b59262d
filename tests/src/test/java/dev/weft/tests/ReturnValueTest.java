package dev.weft.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.CoroutineState;
import dev.weft.Coroutines;
import dev.weft.Done;
import dev.weft.Generator;
import dev.weft.StopIteration;
import org.junit.jupiter.api.Test;

/**
 * {@code return Coroutines.done(v)} is woven to hand {@code v} to the driver without making the
 * {@code Done}; these pin that the value that comes out is exactly {@code v}, whatever it is.
 */
class ReturnValueTest {

    @Async
    static Coroutine<Object> returnsValue(Object v) {
        Object got = Coroutines.await(Leaf.of("x"));
        return Coroutines.done(got == null ? null : v);
    }

    @Async
    static Coroutine<Integer> returnsAKeptDone(int v) {
        Done<Object, Object, Integer> d = Coroutines.done(v);
        Coroutines.await(Leaf.of(0));
        return d;
    }

    @Async
    static Generator<Integer, Object, Object> generatorReturns(Object v) {
        Coroutines.yield(1);
        return Coroutines.done(v);
    }

    @Async
    static Coroutine<Object> awaitsAndReturns(Object v) {
        Object r = Coroutines.await(returnsValue(v));
        return Coroutines.done(r);
    }

    @Test
    void aPlainValueOrNullComesOutAsItIs() {
        assertEquals("v", Driver.runToEnd(returnsValue("v")));
        assertNull(Driver.runToEnd(returnsValue(null)));
        assertEquals(42, Driver.runToEnd(awaitsAndReturns(42)));
    }

    @Test
    void aCoroutineReturnedAsAValueIsTheValueNotATailCall() {
        Coroutine<Integer> c = returnsAKeptDone(7);
        assertSame(c, Driver.runToEnd(returnsValue(c)));
        assertEquals(CoroutineState.CREATED, c.state(), "a returned value is not run");
        assertSame(c, Driver.runToEnd(awaitsAndReturns(c)));
    }

    @Test
    void aDoneReturnedAsAValueIsTheValue() {
        Done<Object, Object, Integer> five = Coroutines.done(5);
        assertSame(five, Driver.runToEnd(returnsValue(five)));
    }

    @Test
    void aDoneKeptInAVariableStillEndsTheCoroutineWithItsValue() {
        assertEquals(3, Driver.runToEnd(returnsAKeptDone(3)));
    }

    @Test
    void aGeneratorReturnsAnyValueThroughStopIteration() {
        Generator<Integer, Object, Object> plain = generatorReturns("end");
        assertEquals(1, plain.next());
        assertEquals("end", assertThrows(StopIteration.class, plain::next).value());
        assertEquals("end", plain.returnValue());
        Generator<Integer, Object, Object> inner = generatorReturns("inner");
        Generator<Integer, Object, Object> outer = generatorReturns(inner);
        assertEquals(1, outer.next());
        assertSame(inner, assertThrows(StopIteration.class, outer::next).value());
        assertInstanceOf(Generator.class, outer.returnValue());
    }
}
