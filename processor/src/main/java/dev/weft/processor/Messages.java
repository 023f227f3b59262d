package dev.weft.processor;

/** How the processor's diagnostics start, and the note it prints when it cannot weave. */
final class Messages {
    /** Every message of the processor starts with this, so a build log shows who complains. */
    static final String PREFIX = "weft: ";

    /** Printed once when javac's task API is unavailable: checks run, weaving does not. */
    static final String CHECKS_ONLY = PREFIX + "this compiler does not offer javac's task API (%s), so @Async"
            + " methods are checked but not woven here: weave the class files with the weft-maven-plugin"
            + " (goal weave) or run with -javaagent:weft-agent.jar";

    /** Printed once when the class output is not a directory the processor can rewrite. */
    static final String NOT_A_DIRECTORY = PREFIX + "the class output (%s) is not a directory of files, so @Async"
            + " methods are checked but not woven here: weave the class files with the weft-maven-plugin"
            + " (goal weave) or run with -javaagent:weft-agent.jar";

    private Messages() {}
}
