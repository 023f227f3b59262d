package dev.weft.examples;

/**
 * Runs every example in turn, with its default options, so that one command shows them all:
 * {@link RunningAverager}, {@link Grouper} and {@link TaxiSim}.
 */
public final class Showcase {
    private Showcase() {}

    /**
     * Runs the examples one after the other, each under a heading.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        heading("RunningAverager: a generator driven by send (Fluent Python, coroaverager0)");
        RunningAverager.main(new String[0]);

        heading("Grouper: averagers' return values collected through yieldFrom (PEP 380, coroaverager3)");
        Grouper.main(new String[0]);

        heading("TaxiSim: a discrete-event simulation of " + TaxiSim.DEFAULT_NUMBER_OF_TAXIS
                + " taxis, seed " + TaxiSim.DEFAULT_SEED + " (Fluent Python, taxi_sim)");
        TaxiSim.main(new String[0]);
    }

    private static void heading(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}
