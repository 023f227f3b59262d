package dev.weft.agent;

import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * Woven classes kept on disk between runs (the agent's {@code cache=DIR}), so that a program started
 * again does not load and run the weaver and ASM for classes it wove before: at start-up those cost far
 * more than the weaving itself, as they run before the JIT has compiled them.
 *
 * <p>An entry is used for a class file only while all of this still holds; otherwise the class is woven
 * again and the entry replaced:
 * <ul>
 *   <li>the same class file, compared byte for byte (a checksum only names the entry's file);</li>
 *   <li>the same weaver and agent (the jars they came from: path, size, modification time) and the same JDK;</li>
 *   <li>the same answers about every other class the weaving asked about (its superclass, whether it is
 *       an interface, whether it is public), asked again, through the class's own loader, of the same
 *       hierarchy the weaving asked; except about {@code java.*} and weft's runtime, which are fixed for a
 *       JDK and a weaver ({@link RecordingHierarchy#isFixed}).</li>
 * </ul>
 * A result with diagnostics is not kept, so that they are reported on every run. An entry is written to a
 * temporary file and moved into place, so JVMs that share the folder never read half an entry; an entry
 * that cannot be read, or whose checksum (of all its bytes) does not match, is a miss. The folder holds class files the JVM will run: keep it as private as the
 * application's own jars. Thread-safe.
 */
final class WovenClassCache {
    private static final int MAGIC = 0x57656632; // "Wef2": entries end with a checksum of the rest

    private final Path dir;
    private final String version;
    /** A checksum of {@link #version} in each entry's file name: JDKs or weavers sharing the folder keep apart. */
    private final String versionTag;
    private final Function<ClassLoader, TypeHierarchy> validators;

    /**
     * A cache in {@code dir} for entries made by weaver {@code version}, whose recorded facts it checks
     * with the hierarchy {@code validators} gives for a class's loader.
     */
    WovenClassCache(Path dir, String version, Function<ClassLoader, TypeHierarchy> validators) {
        this.dir = dir;
        this.version = version;
        byte[] v = version.getBytes(StandardCharsets.UTF_8);
        this.versionTag = Long.toHexString(crc(v, 0, v.length));
        this.validators = validators;
    }

    /**
     * The cache in {@code dir} for the weaver and agent this JVM runs, whose entries' facts are checked
     * with the hierarchy {@code hierarchies} gives for a class's loader (the one weaving asks).
     *
     * @throws IllegalStateException if they were not loaded from jars: a class folder can change without
     *     its modification time saying so, so no entry could be trusted
     */
    static WovenClassCache in(Path dir, Function<ClassLoader, TypeHierarchy> hierarchies) {
        String version = jarIdentity(Weaver.class) + "|" + jarIdentity(WovenClassCache.class) + "|"
                + System.getProperty("java.runtime.version");
        return new WovenClassCache(dir, version, hierarchies);
    }

    private static String jarIdentity(Class<?> c) {
        Path jar;
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            jar = source == null || source.getLocation() == null ? null : Path.of(source.getLocation().toURI());
            if (jar != null && Files.isRegularFile(jar)) {
                return jar + ":" + Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot identify the jar of " + c.getName() + ": " + e, e);
        }
        throw new IllegalStateException("the weaver and the agent must come from jars, but " + c.getName()
                + " comes from " + (jar == null ? "no known place" : jar));
    }

    /** What weaving a class gave before: whether it changed, the class file, and the woven methods. */
    record Hit(boolean changed, byte[] bytes, List<String> wovenMethods) {}

    /**
     * The result kept for {@code className} woven from {@code input} by {@code loader}, if it still holds;
     * else null. Reads with {@code java.io} and by hand: at start-up, NIO's file channels and
     * {@code DataInputStream} would load some sixty JDK classes a program may not otherwise need.
     */
    Hit lookup(ClassLoader loader, String className, byte[] input) {
        File file = dir.resolve(fileName(className, input)).toFile();
        if (!file.isFile()) {
            return null;
        }
        try (FileInputStream in = new FileInputStream(file)) {
            Entry entry = Entry.checked(in.readAllBytes());
            if (entry == null || entry.readInt() != MAGIC || !entry.readString().equals(version)
                    || !Arrays.equals(entry.readBytes(), input)) {
                return null;
            }
            int facts = entry.readInt();
            TypeHierarchy now = null;
            for (int i = 0; i < facts; i++) {
                String question = entry.readString();
                String answer = entry.readString();
                if (now == null) {
                    now = validators.apply(loader);
                }
                if (!answer.equals(RecordingHierarchy.ask(now, question))) {
                    return null;
                }
            }
            boolean changed = entry.readInt() != 0;
            int count = entry.readInt();
            List<String> methods = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                methods.add(entry.readString());
            }
            byte[] output = entry.readBytes();
            return entry.atEnd() ? new Hit(changed, output, List.copyOf(methods)) : null;
        } catch (IOException | RuntimeException e) {
            return null; // an entry that cannot be read is no entry
        }
    }

    /**
     * Keeps what weaving {@code className} from {@code input} gave, with the {@code facts} about other
     * classes it depended on ({@link RecordingHierarchy#facts()}); a result with diagnostics is not kept.
     *
     * @throws IOException if the entry cannot be written
     */
    void store(String className, byte[] input, Map<String, String> facts, WeaveResult result) throws IOException {
        if (!result.diagnostics().isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(input.length * 2 + 256);
        writeInt(bytes, MAGIC);
        writeString(bytes, version);
        writeBytes(bytes, input);
        writeInt(bytes, facts.size());
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            writeString(bytes, fact.getKey());
            writeString(bytes, fact.getValue());
        }
        writeInt(bytes, result.changed() ? 1 : 0);
        writeInt(bytes, result.wovenMethods().size());
        for (String method : result.wovenMethods()) {
            writeString(bytes, method);
        }
        writeBytes(bytes, result.changed() ? result.bytes() : new byte[0]);
        byte[] body = bytes.toByteArray();
        writeInt(bytes, (int) crc(body, 0, body.length));
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".entry", ".tmp");
        try {
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, dir.resolve(fileName(className, input)), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The entry's file name: the class's name, a checksum of its bytes (so versions of a class do not
     * collide) and of the weaver, agent and JDK (so two JDKs sharing the folder do not replace each
     * other's entries on every run).
     */
    private String fileName(String className, byte[] input) {
        return className.replace('/', '.') + "-" + Long.toHexString(crc(input, 0, input.length)) + "-" + versionTag
                + ".woven";
    }

    private static long crc(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        writeInt(out, b.length);
        out.write(b, 0, b.length);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    /** An entry's bytes, read front to back; reading past the end throws. */
    private static final class Entry {
        private final byte[] bytes;
        private int at;

        private Entry(byte[] bytes) {
            this.bytes = bytes;
        }

        /**
         * The entry in {@code file}, whose last four bytes are a checksum of the others; null if they do not
         * match, so that a damaged entry is a miss rather than a broken or wrong class.
         */
        static Entry checked(byte[] file) {
            int body = file.length - 4;
            if (body < 0) {
                return null;
            }
            Entry sum = new Entry(file);
            sum.at = body;
            return sum.readInt() == (int) crc(file, 0, body) ? new Entry(Arrays.copyOf(file, body)) : null;
        }

        int readInt() {
            int v = (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                    | (bytes[at + 3] & 0xFF);
            at += 4;
            return v;
        }

        byte[] readBytes() {
            int length = readInt();
            if (length < 0 || length > bytes.length - at) {
                throw new IllegalStateException("a damaged cache entry");
            }
            byte[] b = Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return b;
        }

        /** True once every byte has been read: an entry with more is not one this code wrote. */
        boolean atEnd() {
            return at == bytes.length;
        }

        String readString() {
            return new String(readBytes(), StandardCharsets.UTF_8);
        }
    }
}
