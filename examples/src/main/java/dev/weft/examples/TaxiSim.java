package dev.weft.examples;

import dev.weft.Async;
import dev.weft.Coroutines;
import dev.weft.Generator;
import dev.weft.StopIteration;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fluent Python's taxi fleet simulation: a discrete-event simulation in which each taxi is a generator.
 *
 * <p>A taxi yields an {@link Event} for each thing it does; the simulator puts the events in a priority
 * queue ordered by time, and, taking the earliest, sends the taxi the time of its next event (the event's
 * time plus a random duration). The taxis never run at once and never see a clock: the main loop drives
 * every one of them, one step at a time, which is what coroutines are for.
 *
 * <pre>
 * usage: TaxiSim [--taxis N] [--end-time N] [--seed N]
 *   --taxis N     number of taxis (default 3)
 *   --end-time N  simulation end time (default 180)
 *   --seed N      seed of the random trip durations (default 3)
 * </pre>
 */
public final class TaxiSim {
    /** Taxis when {@code --taxis} is not given. */
    public static final int DEFAULT_NUMBER_OF_TAXIS = 3;
    /** End time when {@code --end-time} is not given. */
    public static final int DEFAULT_END_TIME = 180;
    /** Seed when {@code --seed} is not given: the one used in Fluent Python's sample run. */
    public static final long DEFAULT_SEED = 3;

    /** Mean time spent looking for a passenger. */
    static final int SEARCH_DURATION = 5;
    /** Mean time of a trip. */
    static final int TRIP_DURATION = 20;
    /** Time between two taxis leaving the garage. */
    static final int DEPARTURE_INTERVAL = 5;

    private TaxiSim() {}

    /** What a taxi does. */
    public enum Action {
        /** Starts its shift. */
        LEAVE_GARAGE("leave garage"),
        /** Finds a passenger. */
        PICK_UP_PASSENGER("pick up passenger"),
        /** Ends a trip. */
        DROP_OFF_PASSENGER("drop off passenger"),
        /** Ends its shift: its last event. */
        GOING_HOME("going home");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** The action's name as Fluent Python prints it, such as {@code "leave garage"}. */
        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Something a taxi does at a time.
     *
     * @param time when, in minutes from the start
     * @param taxi which taxi
     * @param action what it does
     */
    public record Event(int time, int taxi, Action action) {
        /** Earliest first; at equal times, the lower taxi number first, so runs are reproducible. */
        static final Comparator<Event> ORDER =
                Comparator.comparingInt(Event::time).thenComparingInt(Event::taxi);
    }

    /**
     * The life of one taxi: it leaves the garage, makes {@code trips} trips (a pick-up and a drop-off
     * each), and goes home. Each {@code yield} reports an event and receives the time of the next one.
     *
     * @param ident the taxi's number
     * @param trips how many trips it makes
     * @param startTime when it leaves the garage
     * @return the taxi's generator, in state {@code CREATED}; it returns after yielding
     *     {@link Action#GOING_HOME}
     */
    @Async
    public static Generator<Event, Integer, Void> taxi(int ident, int trips, int startTime) {
        int time = Coroutines.yield(new Event(startTime, ident, Action.LEAVE_GARAGE));
        for (int i = 0; i < trips; i++) {
            time = Coroutines.yield(new Event(time, ident, Action.PICK_UP_PASSENGER));
            time = Coroutines.yield(new Event(time, ident, Action.DROP_OFF_PASSENGER));
        }
        Coroutines.yield(new Event(time, ident, Action.GOING_HOME));
        // The time sent in after "going home" is ignored: the taxi is done, and send throws StopIteration.
        return Coroutines.done();
    }

    /** Runs taxis until the events run out or the simulation time is up. */
    public static final class Simulator {
        private final PriorityQueue<Event> events = new PriorityQueue<>(Event.ORDER);
        private final Map<Integer, Generator<Event, Integer, Void>> taxis;
        private final Random random;

        /**
         * A simulator of the given taxis.
         *
         * @param taxis the taxis' generators, by taxi number, none of them started
         * @param random the source of trip durations; seed it for a reproducible run
         */
        public Simulator(Map<Integer, Generator<Event, Integer, Void>> taxis, Random random) {
            this.taxis = new TreeMap<>(taxis);
            this.random = random;
        }

        /**
         * Runs the simulation and prints each event, indented by taxi number, then how it ended.
         *
         * @param endTime the time after which no more events are processed
         * @param out where the event log goes
         */
        public void run(int endTime, PrintStream out) {
            // Prime every taxi, in taxi order: each runs to its first yield, "leave garage".
            for (Generator<Event, Integer, Void> taxi : taxis.values()) {
                events.add(taxi.next());
            }
            int simTime = 0;
            while (simTime < endTime) {
                Event current = events.poll();
                if (current == null) {
                    out.println("*** end of events ***");
                    return;
                }
                simTime = current.time();
                out.println("taxi: " + current.taxi() + " " + "   ".repeat(current.taxi()) + " " + current);
                Generator<Event, Integer, Void> active = taxis.get(current.taxi());
                int nextTime = simTime + computeDuration(current.action());
                try {
                    // Resumes the taxi: its yield returns nextTime, and it runs to its next event.
                    events.add(active.send(nextTime));
                } catch (StopIteration finished) {
                    taxis.remove(current.taxi());
                }
            }
            out.println("*** end of simulation time: " + events.size() + " events pending ***");
        }

        /**
         * How long until the next event of a taxi whose last action was {@code previous}: an exponentially
         * distributed time around the action's mean, in whole minutes, at least 1.
         */
        int computeDuration(Action previous) {
            int mean = switch (previous) {
                case LEAVE_GARAGE, DROP_OFF_PASSENGER -> SEARCH_DURATION;
                case PICK_UP_PASSENGER -> TRIP_DURATION;
                case GOING_HOME -> 1;
            };
            // Inverse transform sampling; 1 - nextDouble() is in (0, 1], so the logarithm is finite.
            double sample = -Math.log(1.0 - random.nextDouble()) * mean;
            return (int) sample + 1;
        }
    }

    /**
     * Runs a fleet: taxi {@code i} leaves at {@code i * DEPARTURE_INTERVAL} and makes {@code (i + 1) * 2}
     * trips, as in Fluent Python.
     *
     * @param numberOfTaxis how many taxis
     * @param endTime when the simulation stops
     * @param seed the seed of the trip durations: the same seed gives the same log
     * @param out where the event log goes
     */
    public static void simulate(int numberOfTaxis, int endTime, long seed, PrintStream out) {
        Map<Integer, Generator<Event, Integer, Void>> taxis = new TreeMap<>();
        for (int i = 0; i < numberOfTaxis; i++) {
            taxis.put(i, taxi(i, (i + 1) * 2, i * DEPARTURE_INTERVAL));
        }
        new Simulator(taxis, new Random(seed)).run(endTime, out);
    }

    /**
     * Parses the options and runs the simulation on standard output.
     *
     * @param args {@code --taxis N}, {@code --end-time N}, {@code --seed N}, in any order, or {@code --help}
     */
    public static void main(String[] args) {
        int numberOfTaxis = DEFAULT_NUMBER_OF_TAXIS;
        int endTime = DEFAULT_END_TIME;
        long seed = DEFAULT_SEED;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--taxis" -> numberOfTaxis = Integer.parseInt(valueOf(args, ++i));
                    case "--end-time" -> endTime = Integer.parseInt(valueOf(args, ++i));
                    case "--seed" -> seed = Long.parseLong(valueOf(args, ++i));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]);
                }
            }
            if (numberOfTaxis < 0) {
                throw new IllegalArgumentException("--taxis must not be negative: " + numberOfTaxis);
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            System.err.println("TaxiSim: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        simulate(numberOfTaxis, endTime, seed, System.out);
    }

    private static final String USAGE = """
            usage: TaxiSim [--taxis N] [--end-time N] [--seed N]
              --taxis N     number of taxis (default 3)
              --end-time N  simulation end time (default 180)
              --seed N      seed of the random trip durations (default 3)""";

    private static String valueOf(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
