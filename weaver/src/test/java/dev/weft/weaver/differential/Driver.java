package dev.weft.weaver.differential;

import dev.weft.CoroutineState;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Drives a generator through a script fixed by a seed (sends of values derived from a counter, next,
 * hasNext, throwIn of user exceptions, an occasional close) and writes down everything it observes: each
 * value out, each exception (class and message), the return value, and the state after every step. Two
 * generators behave the same exactly when their transcripts are equal.
 */
final class Driver {
    /** Counts over all the programs driven. */
    static final class Stats {
        long yields;
        long sends;
        long throwIns;
        long closes;
        long hasNexts;
        long returned;
        long threw;

        void add(Stats o) {
            yields += o.yields;
            sends += o.sends;
            throwIns += o.throwIns;
            closes += o.closes;
            hasNexts += o.hasNexts;
            returned += o.returned;
            threw += o.threw;
        }
    }

    private Driver() {}

    /** What a step of a script does. */
    private enum Action {
        SEND, NEXT, HAS_NEXT, THROW_IN, CLOSE;

        /** The action of a letter of a written script: s, n, h, t, c. */
        static Action of(char letter) {
            return values()["snhtc".indexOf(letter)];
        }

        /** A random action: mostly sends, a throwIn now and then, rarely a close. */
        static Action choose(Random r, boolean created, boolean peeked) {
            int a = r.nextInt(1000);
            if (peeked && a < 640) {
                a = 640; // after hasNext, mostly take the value it ran ahead to
            }
            if (a < 640) {
                return SEND;
            }
            if (a < 880) {
                return NEXT;
            }
            if (a < 965) {
                return HAS_NEXT;
            }
            if (a < 995 && (!created || a < 975)) {
                return THROW_IN;
            }
            return CLOSE;
        }
    }

    /** The value sent at step {@code k}: every type a program must convert. */
    static Object value(int k) {
        switch (k % 8) {
            case 0: return null;
            case 1: return k * 13 - 20;
            case 2: return "s" + k;
            case 3: return k * 1000003L - 7;
            case 4: return k / 4.0;
            case 5: return k % 3 == 0;
            case 6: return (char) ('a' + k % 26);
            default: return null;
        }
    }

    private static Throwable error(Random r, int k) {
        int a = r.nextInt(10);
        if (a < 6) {
            return new Rt.Marker("m" + k);
        }
        if (a < 8) {
            return new Rt.ExA("a" + k);
        }
        if (a < 9) {
            return new Rt.ExB("b" + k);
        }
        return new Rt.ExC("c" + k);
    }

    /**
     * Drives {@code g} by {@code script} (one letter a step: s send, n next, h hasNext, t throwIn, c close),
     * or if it is null by a random script from {@code seed}; returns the transcript.
     */
    static List<String> drive(Generator<Object, Object, Object> g, long seed, String script, Stats stats) {
        Random r = new Random(ProgramGenerator.mix(seed ^ 0x5DEECE66DL)); // nearby seeds, unrelated scripts
        List<String> t = new ArrayList<>();
        // a third of the runs are cut short (and closed): close() and finally blocks at every depth
        int steps = script != null ? script.length() : r.nextInt(3) == 0 ? 1 + r.nextInt(15) : 10 + r.nextInt(300);
        boolean peeked = false;
        boolean ended = false;
        for (int k = 0; k < steps && !ended; k++) {
            boolean created = g.state() == CoroutineState.CREATED;
            Action action = script != null ? Action.of(script.charAt(k)) : Action.choose(r, created, peeked);
            String what;
            try {
                Object out;
                if (action == Action.SEND) {
                    Object v = created ? null : value(k); // a first send must be null
                    what = "send(" + Rt.describe(v) + ")";
                    stats.sends++;
                    out = g.send(v);
                } else if (action == Action.NEXT) {
                    what = "next()";
                    stats.sends++;
                    out = g.next();
                } else if (action == Action.HAS_NEXT) {
                    what = "hasNext()";
                    stats.hasNexts++;
                    boolean has = g.hasNext();
                    peeked = has;
                    t.add(what + " = " + has + " [" + g.state() + "]");
                    continue;
                } else if (action == Action.THROW_IN) {
                    Throwable e = script != null ? new Rt.Marker("m" + k) : error(r, k);
                    what = "throwIn(" + Rt.describe(e) + ")";
                    stats.throwIns++;
                    out = g.throwIn(e);
                } else {
                    what = "close()";
                    stats.closes++;
                    g.close();
                    t.add(what + " [" + g.state() + "]");
                    ended = g.state() == CoroutineState.CLOSED;
                    continue;
                }
                peeked = false;
                stats.yields++;
                t.add(what + " -> " + Rt.describe(out) + " [" + g.state() + "]");
            } catch (StopIteration stop) {
                stats.returned++;
                t.add("stop " + Rt.describe(stop.value()) + " [" + g.state() + "]");
                ended = true;
            } catch (AssertionError hung) {
                throw hung;
            } catch (Throwable e) {
                stats.threw++;
                t.add("threw " + Rt.describe(e) + " [" + g.state() + "]");
                ended = g.state() == CoroutineState.CLOSED;
            }
        }
        if (!ended) {
            try {
                stats.closes++;
                g.close();
                t.add("final close() [" + g.state() + "]");
            } catch (AssertionError hung) {
                throw hung;
            } catch (Throwable e) {
                t.add("final close() threw " + Rt.describe(e) + " [" + g.state() + "]");
            }
        }
        // after the end: the protocol's answers
        try {
            t.add("returnValue " + Rt.describe(g.returnValue()));
        } catch (Throwable e) {
            t.add("returnValue threw " + Rt.describe(e));
        }
        if (g.state() == CoroutineState.CLOSED) {
            try {
                t.add("send after end -> " + Rt.describe(g.send(null)));
            } catch (Throwable e) {
                t.add("send after end threw " + Rt.describe(e));
            }
        }
        return t;
    }
}
