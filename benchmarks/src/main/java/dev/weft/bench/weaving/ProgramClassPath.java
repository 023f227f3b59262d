package dev.weft.bench.weaving;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The class path of the program {@link AgentStartup} times: this JVM's, without weft's weaver, as the
 * class path of a program run with the agent is. The benchmarks' jar holds the weaver (for
 * {@link WeaverThroughput}); left there, it is the copy the agent would run, since the program's class
 * loader finds it before the agent jar's, together with the ASM the program loads anyway, and the
 * measurement would leave out the agent loading its own (shaded) weaver and ASM.
 */
final class ProgramClassPath {
    /** The weaver's package (only that package: the benchmarks' own classes stay). */
    private static final String WEAVER = "dev/weft/weaver/";

    private ProgramClassPath() {
    }

    /**
     * This JVM's class path with each jar that holds weaver classes replaced by a copy without them,
     * written into {@code dir}.
     */
    static String withoutWeaver(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isRegularFile(path) && holdsWeaver(path)) {
                Path copy = dir.resolve(entries.size() + "-" + path.getFileName());
                copyWithoutWeaver(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static boolean isWeaver(String name) {
        return name.startsWith(WEAVER) && name.indexOf('/', WEAVER.length()) < 0;
    }

    private static boolean holdsWeaver(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                if (isWeaver(entries.nextElement().getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void copyWithoutWeaver(Path jar, Path copy) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(copy);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isWeaver(entry.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
