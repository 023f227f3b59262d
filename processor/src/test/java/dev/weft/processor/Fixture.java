package dev.weft.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test source and what compiling it must report, from its own comments:
 * {@code // expect: <line>: <message fragment>} for an error,
 * {@code // expect warning: <line>: <message fragment>} for a warning.
 */
record Fixture(Path source, List<Expectation> expectations) {
    private static final Pattern EXPECT = Pattern.compile("//\\s*expect( warning)?:\\s*(\\d+):\\s*(.+?)\\s*$");

    /** One diagnostic a fixture expects. */
    record Expectation(boolean warning, long line, String fragment) {
        @Override
        public String toString() {
            return (warning ? "warning" : "error") + " at line " + line + ": " + fragment;
        }
    }

    /** The {@code .java} fixtures of {@code directory} under the test resources, sorted by name. */
    static List<Fixture> in(String directory) {
        try (Stream<Path> files = Files.list(Compilation.RESOURCES.resolve(directory))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().map(Fixture::read)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Fixture read(Path source) {
        try {
            List<Expectation> expectations = new ArrayList<>();
            for (String line : Files.readAllLines(source)) {
                Matcher m = EXPECT.matcher(line);
                if (m.find()) {
                    expectations.add(new Expectation(m.group(1) != null, Long.parseLong(m.group(2)), m.group(3)));
                }
            }
            return new Fixture(source, List.copyOf(expectations));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return source.getFileName().toString();
    }

    List<Expectation> errors() {
        return expectations.stream().filter(e -> !e.warning()).collect(Collectors.toList());
    }

    List<Expectation> warnings() {
        return expectations.stream().filter(Expectation::warning).collect(Collectors.toList());
    }
}
