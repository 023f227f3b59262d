package dev.weft.weaver.differential;

/**
 * What the CPython differential tests need of a program written in both languages ({@link PythonProgram},
 * {@link AsyncioProgram}): its names, its Java source for javac, and its title for reports; and the
 * indenting both use to assemble their sources.
 */
interface TwinProgram {
    /** The seed of a hand-written program. */
    long HAND_WRITTEN = Long.MIN_VALUE;

    long seed();

    /** The program's simple name: its Java class's simple name, and its key in both sides' results. */
    String name();

    /** The Java class's binary name. */
    String className();

    /** The Java source of the class. */
    String java();

    /** The program's sources (and whatever else drives it), for a failure report. */
    String describe();

    /** The program's name and where it comes from: its seed, or a hand-written one. */
    default String title() {
        return title(name(), seed());
    }

    /** {@link #title()} of a program not made yet (the sources start with it). */
    static String title(String name, long seed) {
        return name + (seed == HAND_WRITTEN ? " (hand-written)" : " (seed " + seed + ")");
    }

    /** {@code body} indented by {@code levels} steps of four spaces, without its blank lines. */
    static String indent(String body, int levels) {
        StringBuilder out = new StringBuilder();
        String pad = "    ".repeat(levels);
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.append(pad).append(line).append('\n');
            }
        }
        return out.toString();
    }
}
