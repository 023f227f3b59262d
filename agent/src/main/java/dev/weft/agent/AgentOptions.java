package dev.weft.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * The agent's options, parsed from its argument string ({@code -javaagent:weft-agent.jar=verbose,dump=DIR}):
 * comma-separated, in any order.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>effect</th></tr>
 *   <tr><td>{@code verbose}</td><td>one line on stderr per woven method:
 *       {@code weft: wove demo/Shop.checkout(I)Ldev/weft/Coroutine;}</td></tr>
 *   <tr><td>{@code dump=DIR}</td><td>writes each woven class file under {@code DIR}, in package folders</td></tr>
 * </table>
 */
final class AgentOptions {
    private static final AgentOptions NONE = new AgentOptions(false, null);

    private final boolean verbose;
    private final Path dumpDir;

    /** Options as given: {@code dumpDir} null means no dump. */
    AgentOptions(boolean verbose, Path dumpDir) {
        this.verbose = verbose;
        this.dumpDir = dumpDir;
    }

    /**
     * Parses an agent argument string; null or blank means no options.
     *
     * @throws IllegalArgumentException naming the option, for an unknown option or a {@code dump=} without a folder
     */
    static AgentOptions parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return NONE;
        }
        boolean verbose = false;
        Path dumpDir = null;
        for (String raw : arguments.split(",")) {
            String option = raw.strip();
            if (option.isEmpty()) {
                continue;
            }
            if (option.equals("verbose")) {
                verbose = true;
            } else if (option.startsWith("dump=")) {
                String dir = option.substring("dump=".length()).strip();
                if (dir.isEmpty()) {
                    throw new IllegalArgumentException("weft agent: option 'dump=' needs a folder, as in dump=target/woven");
                }
                dumpDir = Paths.get(dir);
            } else {
                throw new IllegalArgumentException(
                        "weft agent: unknown option '" + option + "' (known: verbose, dump=DIR)");
            }
        }
        return new AgentOptions(verbose, dumpDir);
    }

    /** Whether to print a line per woven method. */
    boolean verbose() {
        return verbose;
    }

    /** Where to write woven class files, or null not to write them. */
    Path dumpDir() {
        return dumpDir;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentOptions o && verbose == o.verbose && Objects.equals(dumpDir, o.dumpDir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verbose, dumpDir);
    }

    /** The options as they would be written in the agent argument string. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (verbose) {
            s.append("verbose");
        }
        if (dumpDir != null) {
            s.append(s.length() > 0 ? "," : "").append("dump=").append(dumpDir);
        }
        return s.toString();
    }
}
