// expect result: tour square-0 circle-1 square-2 tour! bye bye
package good;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.concurrent.CompletableFuture;

/**
 * @Async methods in member, inner, anonymous and local classes, each class file woven on its own
 * (javac writes nested classes before their outer class).
 */
public class Shapes {
    abstract static class Shape {
        final int id;

        Shape(int id) {
            this.id = id;
        }

        abstract String name();

        @Override
        public String toString() {
            return name() + "-" + id;
        }
    }

    static final class Square extends Shape {
        Square(int id) {
            super(id);
        }

        @Override
        String name() {
            return "square";
        }
    }

    static final class Circle extends Shape {
        Circle(int id) {
            super(id);
        }

        @Override
        String name() {
            return "circle";
        }
    }

    static final class Gallery {
        @Async
        Generator<Shape, Object, Void> shapes(int n) {
            for (int i = 0; i < n; i++) {
                Shape s = i % 2 == 0 ? new Square(i) : new Circle(i);
                Coroutines.yield(s);
                s.name();
            }
            return Coroutines.done();
        }
    }

    final class Inner {
        @Async
        Coroutine<String> describe(Shape s) {
            return Coroutines.done(s.toString());
        }
    }

    /** Not generic: javac would add a bridge method for Supplier<Coroutine<String>>.get(). */
    interface Later {
        Coroutine<String> get();
    }

    @Async
    Coroutine<String> tour(CompletableFuture<String> ready) {
        String prefix = Coroutines.await(ready);
        StringBuilder b = new StringBuilder(prefix);
        for (Shape s : new Gallery().shapes(3)) {
            b.append(' ').append(Coroutines.await(new Inner().describe(s)));
        }
        Later later = new Later() {
            @Async
            @Override
            public Coroutine<String> get() {
                return Coroutines.done(Coroutines.await(ready) + "!");
            }
        };
        b.append(' ').append(Coroutines.await(later.get()));
        class Twice {
            @Async
            Generator<String, Object, Void> say(String word) {
                Coroutines.yield(word);
                Coroutines.yield(word);
                return Coroutines.done();
            }
        }
        for (String w : new Twice().say("bye")) {
            b.append(' ').append(w);
        }
        return Coroutines.done(b.toString());
    }

    public static String run() {
        Coroutine<String> c = new Shapes().tour(CompletableFuture.completedFuture("tour"));
        try {
            Object waitingOn = c.send(null);
            return "suspended on " + waitingOn;
        } catch (StopIteration stop) {
            return (String) stop.value();
        }
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
