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
 *       {@code weft: wove demo/Shop.checkout(I)Ldev/weft/Coroutine;}, with {@code (from the class cache)}
 *       or {@code (again: redefined)} after it when the bytes came from the cache or a redefinition</td></tr>
 *   <tr><td>{@code dump=DIR}</td><td>writes each woven class file under {@code DIR}, in package folders</td></tr>
 *   <tr><td>{@code cache=DIR}</td><td>keeps woven classes in {@code DIR} and reuses them in later runs
 *       while the class files, the weaver and the classes they depend on are unchanged
 *       ({@link WovenClassCache})</td></tr>
 * </table>
 */
final class AgentOptions {
    private static final AgentOptions NONE = new AgentOptions(false, null, null);

    private final boolean verbose;
    private final Path dumpDir;
    private final Path cacheDir;

    /** Options as given: {@code dumpDir} null means no dump, {@code cacheDir} null no cache. */
    AgentOptions(boolean verbose, Path dumpDir, Path cacheDir) {
        this.verbose = verbose;
        this.dumpDir = dumpDir;
        this.cacheDir = cacheDir;
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
        Path cacheDir = null;
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
            } else if (option.startsWith("cache=")) {
                String dir = option.substring("cache=".length()).strip();
                if (dir.isEmpty()) {
                    throw new IllegalArgumentException(
                            "weft agent: option 'cache=' needs a folder, as in cache=.weft-cache");
                }
                cacheDir = Paths.get(dir);
            } else if (option.equals("dump") || option.equals("cache")) {
                throw new IllegalArgumentException("weft agent: option '" + option + "' needs a folder: " + option
                        + "=DIR, as in " + option + "=" + (option.equals("dump") ? "target/woven" : ".weft-cache"));
            } else {
                throw new IllegalArgumentException(
                        "weft agent: unknown option '" + option + "' (known: verbose, dump=DIR, cache=DIR)");
            }
        }
        return new AgentOptions(verbose, dumpDir, cacheDir);
    }

    /** Whether to print a line per woven method. */
    boolean verbose() {
        return verbose;
    }

    /** Where to write woven class files, or null not to write them. */
    Path dumpDir() {
        return dumpDir;
    }

    /** Where to keep woven classes between runs, or null to weave every class on every run. */
    Path cacheDir() {
        return cacheDir;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentOptions o && verbose == o.verbose && Objects.equals(dumpDir, o.dumpDir)
                && Objects.equals(cacheDir, o.cacheDir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verbose, dumpDir, cacheDir);
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
        if (cacheDir != null) {
            s.append(s.length() > 0 ? "," : "").append("cache=").append(cacheDir);
        }
        return s.toString();
    }
}
