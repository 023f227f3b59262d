package dev.weft.loop;

/** {@link System#nanoTime()} in seconds, measured from when this class loaded so doubles stay precise. */
final class SystemClock implements LoopClock {
    static final SystemClock INSTANCE = new SystemClock();
    private static final long ORIGIN = System.nanoTime();

    private SystemClock() {}

    @Override
    public double time() {
        return (System.nanoTime() - ORIGIN) / 1e9;
    }

    @Override
    public String toString() {
        return "LoopClock.system()";
    }
}
