package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the fixture classes of a package woven by the weaver, after checking each with ASM's
 * {@link CheckClassAdapter}; everything else comes from the parent loader.
 */
public final class WovenLoader extends ClassLoader {
    private final String prefix;
    private final Weaver weaver = new Weaver(TypeHierarchy.of(WovenLoader.class.getClassLoader()));

    /** A loader that weaves the classes whose names start with {@code prefix}. */
    public WovenLoader(String prefix) {
        super(WovenLoader.class.getClassLoader());
        this.prefix = prefix;
    }

    /** The original class bytes of {@code name}. */
    public static byte[] bytesOf(String name) {
        try (InputStream in = WovenLoader.class.getClassLoader()
                .getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no class file for " + name, e);
        }
    }

    /** Weaves {@code bytes} and checks the result with ASM's verifier; fails the test on any problem. */
    public byte[] weaveChecked(byte[] bytes) {
        WeaveResult result = weaver.weave(bytes);
        assertFalse(result.hasErrors(), () -> "weaving errors: " + result.diagnostics());
        verify(result.bytes());
        return result.bytes();
    }

    /** Runs ASM's CheckClassAdapter data-flow verification over {@code bytes}. */
    public static void verify(byte[] bytes) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), WovenLoader.class.getClassLoader(), false,
                new PrintWriter(out));
        if (!out.toString().isEmpty()) {
            throw new AssertionError("woven class fails verification:\n" + out);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] woven = weaveChecked(bytesOf(name));
                c = defineClass(name, woven, 0, woven.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
