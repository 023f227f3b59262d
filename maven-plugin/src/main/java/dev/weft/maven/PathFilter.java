package dev.weft.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Chooses class files by Ant-style patterns over their paths relative to the classes directory, with
 * {@code /} as the separator: {@code *} matches within one directory, {@code ?} one character,
 * {@code **} any number of directories (none included), and a pattern ending in {@code /} everything
 * below that directory. A path is chosen when it matches some include (every path, when there is none)
 * and no exclude. Immutable and thread-safe.
 */
public final class PathFilter {
    /** The filter that chooses every path. */
    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    private PathFilter(List<Pattern> includes, List<Pattern> excludes) {
        this.includes = includes;
        this.excludes = excludes;
    }

    /**
     * A filter from Ant-style patterns; null or blank entries are ignored, and a null or empty
     * {@code includes} means every path.
     */
    public static PathFilter of(List<String> includes, List<String> excludes) {
        return new PathFilter(compile(includes), compile(excludes));
    }

    /** True if {@code relativePath} (separated by {@code /} or the platform's separator) is chosen. */
    public boolean accepts(String relativePath) {
        String path = relativePath.replace('\\', '/');
        return (includes.isEmpty() || matchesAny(includes, path)) && !matchesAny(excludes, path);
    }

    private static boolean matchesAny(List<Pattern> patterns, String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> compiled = new ArrayList<>();
        if (patterns != null) {
            for (String p : patterns) {
                if (p != null && !p.isBlank()) {
                    compiled.add(toRegex(p.trim()));
                }
            }
        }
        return List.copyOf(compiled);
    }

    /** Translates one Ant-style pattern into a regular expression over {@code /}-separated paths. */
    static Pattern toRegex(String antPattern) {
        String p = antPattern.replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.endsWith("/")) {
            p = p + "**";
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (p.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (p.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return Pattern.compile(regex.toString());
    }
}
