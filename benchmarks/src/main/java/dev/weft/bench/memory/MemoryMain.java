package dev.weft.bench.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The memory workload's runner: starts one JVM per row and N ({@link MemoryProbe}), each with a fixed,
 * pre-touched heap, and writes their results as JMH's JSON (one record per row, score in bytes per
 * object, error the 99.9% confidence half-width as JMH computes it), so that the report reads them like
 * any JMH result.
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.memory.MemoryMain [-o FILE] [-n N] [-sleepN N,N,...] [-reps R]
 *      [-warmups W] [-jvmArgs "ARGS"] [-rows REGEX] [-smoke]
 * </pre>
 */
public final class MemoryMain {
    private MemoryMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("memory.json");
        int n = 100_000;
        int[] sleepNs = {10_000, 100_000, 1_000_000};
        int reps = 5;
        int warmups = 3;
        String jvmArgs = "-Xms3g -Xmx3g -XX:+AlwaysPreTouch";
        Pattern rows = Pattern.compile(".*");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-o" -> out = Path.of(args[++i]);
                case "-n" -> n = Integer.parseInt(args[++i]);
                case "-sleepN" -> sleepNs = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "-reps" -> reps = Integer.parseInt(args[++i]);
                case "-warmups" -> warmups = Integer.parseInt(args[++i]);
                case "-jvmArgs" -> jvmArgs = args[++i];
                case "-rows" -> rows = Pattern.compile(args[++i]);
                case "-smoke" -> {
                    n = 1000;
                    sleepNs = new int[] {1000};
                    reps = 1;
                    warmups = 1;
                    jvmArgs = "-Xmx1g";
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: MemoryMain [-o FILE] [-n N] [-sleepN N,N] [-reps R] [-warmups W]"
                        + " [-jvmArgs ARGS] [-rows REGEX] [-smoke]");
            }
        }
        List<String> records = new ArrayList<>();
        for (String row : MemoryProbe.ROWS.keySet()) {
            if (!rows.matcher(row).find()) {
                continue;
            }
            boolean sleeping = row.startsWith("SleepMemory.");
            int[] ns = sleeping ? sleepNs : new int[] {n};
            for (int size : ns) {
                int rowN = size;
                if (row.endsWith("platformThread")) {
                    // Platform threads: a few thousand suffice for a per-thread figure; 100,000 do not fit
                    // this machine (kernel.pid_max 32768), so the sleeping row stops at 10,000.
                    if (sleeping && size > 10_000) {
                        continue;
                    }
                    rowN = sleeping ? size : Math.min(size, 2_000);
                }
                List<String> jvm = new ArrayList<>(Arrays.asList(jvmArgs.trim().split("\\s+")));
                jvm.removeIf(String::isEmpty);
                if (row.endsWith("P1")) {
                    jvm.add("-Djdk.virtualThreadScheduler.parallelism=1");
                }
                System.out.printf(Locale.ROOT, "# %s n=%d %s%n", row, rowN, String.join(" ", jvm));
                List<double[]> samples;
                if (row.endsWith("platformThread")) {
                    // One JVM per repetition: exited threads' native memory lingers and blurs the next reading.
                    samples = new ArrayList<>();
                    for (int r = 0; r < reps; r++) {
                        samples.addAll(probe(row, rowN, 1, warmups, jvm));
                    }
                } else {
                    samples = probe(row, rowN, reps, warmups, jvm);
                }
                records.add(record(row, rowN, samples, jvm, reps, warmups));
                System.out.printf(Locale.ROOT, "  %s%n", summary(samples));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, "[\n" + String.join(",\n", records) + "\n]\n", StandardCharsets.UTF_8);
        System.out.println("# wrote " + out);
    }

    private static List<double[]> probe(String row, int n, int reps, int warmups, List<String> jvmArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemoryProbe.class.getName());
        command.add(row);
        command.add(Integer.toString(n));
        command.add(Integer.toString(reps));
        command.add(Integer.toString(warmups));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<double[]> samples = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("sample ")) {
                    String[] f = line.split(" ");
                    samples.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                } else {
                    System.out.println("  | " + line);
                }
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || samples.size() != reps) {
            throw new IllegalStateException(row + " n=" + n + ": the probe exited with " + exit + " after "
                    + samples.size() + " of " + reps + " samples");
        }
        return samples;
    }

    private static String summary(List<double[]> samples) {
        StringBuilder b = new StringBuilder();
        for (double[] s : samples) {
            b.append(String.format(Locale.ROOT, "%.1f B heap, %.1f B resident; ", s[0], s[1]));
        }
        return b.toString();
    }

    /** The primary metric: resident bytes for platform threads (their stacks are outside the heap), else heap. */
    private static String record(String row, int n, List<double[]> samples, List<String> jvmArgs, int reps, int warmups) {
        boolean platform = row.endsWith("platformThread");
        int primary = platform && !row.startsWith("SleepMemory.") ? 1 : 0;
        String benchmark = "dev.weft.bench.memory." + row;
        StringBuilder b = new StringBuilder();
        b.append("  {\n");
        b.append("    \"jmhVersion\" : \"1.37\",\n");
        b.append("    \"benchmark\" : ").append(quote(benchmark)).append(",\n");
        b.append("    \"mode\" : \"ss\",\n");
        b.append("    \"threads\" : 1,\n");
        b.append("    \"forks\" : 1,\n");
        b.append("    \"jvm\" : ").append(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())).append(",\n");
        b.append("    \"jvmArgs\" : [").append(String.join(", ", jvmArgs.stream().map(MemoryMain::quote).toList())).append("],\n");
        b.append("    \"jdkVersion\" : ").append(quote(System.getProperty("java.version"))).append(",\n");
        b.append("    \"vmName\" : ").append(quote(System.getProperty("java.vm.name"))).append(",\n");
        b.append("    \"vmVersion\" : ").append(quote(System.getProperty("java.vm.version"))).append(",\n");
        b.append("    \"warmupIterations\" : ").append(warmups).append(",\n");
        b.append("    \"warmupTime\" : \"single-shot\",\n");
        b.append("    \"measurementIterations\" : ").append(reps).append(",\n");
        b.append("    \"measurementTime\" : \"single-shot\",\n");
        b.append("    \"params\" : {\n      \"n\" : \"").append(n).append("\"\n    },\n");
        b.append("    \"primaryMetric\" : ").append(metric(samples, primary, "B/op")).append(",\n");
        b.append("    \"secondaryMetrics\" : {\n");
        b.append("      \"heap\" : ").append(metric(samples, 0, "B/op")).append(",\n");
        b.append("      \"resident\" : ").append(metric(samples, 1, "B/op")).append("\n");
        b.append("    }\n  }");
        return b.toString();
    }

    private static String metric(List<double[]> samples, int column, String unit) {
        ListStatistics stats = new ListStatistics();
        List<String> raw = new ArrayList<>();
        for (double[] s : samples) {
            stats.addValue(s[column]);
            raw.add(number(s[column]));
        }
        double mean = stats.getMean();
        double error = stats.getN() > 2 ? stats.getMeanErrorAt(0.999) : Double.NaN;
        return "{ \"score\" : " + number(mean)
                + ", \"scoreError\" : " + (Double.isNaN(error) ? "\"NaN\"" : number(error))
                + ", \"scoreConfidence\" : [" + number(Double.isNaN(error) ? mean : mean - error) + ", "
                + number(Double.isNaN(error) ? mean : mean + error) + "]"
                + ", \"scoreUnit\" : " + quote(unit)
                + ", \"rawData\" : [[" + String.join(", ", raw) + "]] }";
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
