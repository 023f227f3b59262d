package dev.weft.weaver;

import static dev.weft.weaver.ShapeSupport.call;
import static dev.weft.weaver.ShapeSupport.run;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every switch form javac emits for --release 17 (fixture: shapes/Switches). */
class ShapeSwitchTest {
    private final Class<?> switches = ShapeSupport.load(ShapeSupport.loader(), "Switches");

    private Object color(String name) throws Exception {
        Class<?> c = Class.forName(ShapeSupport.PACKAGE + "Switches$Color", true, switches.getClassLoader());
        return c.getMethod("valueOf", String.class).invoke(null, name);
    }

    @Test
    void tableswitchWithFallThrough() throws Throwable {
        run(call(switches, "table", -1), "A").is(List.of("default"), "A");
        run(call(switches, "table", 0), "A", "B").is(List.of("zero", "one"), "AB");
        run(call(switches, "table", 1), "A").is(List.of("one"), "A");
        run(call(switches, "table", 2)).is(List.of(), "two");
        run(call(switches, "table", 3), "A").is(List.of("three"), "A");
        run(call(switches, "table", 4), "A").is(List.of("default"), "A");
    }

    @Test
    void lookupswitchOnAValueSentIn() throws Throwable {
        run(call(switches, "lookup", 1), -1000, 5L).is(List.of("key?", "minus"), "-1000:6");
        run(call(switches, "lookup", 2), 7).is(List.of("key?"), "7:14");
        run(call(switches, "lookup", 3), 1_000_000, 10L, 100L).is(List.of("key?", "million", "again"), "1000000:113");
        run(call(switches, "lookup", 4), 0).is(List.of("key?"), "0:-4");
    }

    @Test
    void stringSwitchWithCollidingHashes() throws Throwable {
        run(call(switches, "strings", "Aa"), "!").is(List.of("Aa"), "Aa!");
        run(call(switches, "strings", "BB"), "!").is(List.of("BB"), "BB!");
        run(call(switches, "strings", "hello")).is(List.of(), "hello");
        run(call(switches, "strings", "zz"), "!").is(List.of("zz"), "other!");
    }

    @Test
    void enumSwitch() throws Throwable {
        run(call(switches, "enums", color("RED")), "1").is(List.of(1), "red1");
        run(call(switches, "enums", color("GREEN"))).is(List.of(), "green");
        run(call(switches, "enums", color("BLUE")), "1", "2").is(List.of(3, 4), "blue12");
    }

    @Test
    void switchExpressionsWithArrowsAndYield() throws Throwable {
        run(call(switches, "expressions", 1, "x", color("RED")), 5, "s", "r")
                .is(List.of("arm1", "sx", "red"), "5Xsr");
        run(call(switches, "expressions", 3, "y", color("GREEN")), 6).is(List.of("arm23"), "26Yg");
        run(call(switches, "expressions", 9, "z", color("BLUE")), 7, "low", "B")
                .is(List.of("block", "sdefault", "blue"), "700LOWbB");
    }

    @Test
    void switchExpressionWithValuesBelowOnTheStack() throws Throwable {
        run(call(switches, "switchOnStack", 0, 10L), "Z").is(List.of("zero"), "<10Z>11");
        run(call(switches, "switchOnStack", 1, 20L), "A", "B", 5L).is(List.of("one-a", "one-b", "long"), "<20A+B>25");
        run(call(switches, "switchOnStack", 2, 30L), 6L).is(List.of("long"), "<30d>36");
    }

    @Test
    void switchInALoopWithContinueAndReturn() throws Throwable {
        run(call(switches, "loopSwitch"), "add", "x", "huh", "add", "y", "quit")
                .is(List.of("cmd?", "what?", "cmd?", "cmd?", "what?", "cmd?"), "x?y");
    }
}
