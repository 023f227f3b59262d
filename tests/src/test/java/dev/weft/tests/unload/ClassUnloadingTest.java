package dev.weft.tests.unload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Woven classes unload with their class loader: nothing in the runtime (nor the agent, when it wove them
 * as they were defined) holds on to them once the program is done with them, as an application server,
 * a hot-reloading framework or a test runner that drops a loader needs.
 */
class ClassUnloadingTest {
    private static final String PACKAGE = Reloadable.class.getPackageName() + ".";

    /** Defines its own copies of this package's classes from their class files; the rest it delegates. */
    private static final class OwnCopyLoader extends ClassLoader {
        OwnCopyLoader() {
            super(ClassUnloadingTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    /** Runs a copy of {@link Reloadable} in a loader of its own; returns the loader, weakly. */
    private static WeakReference<ClassLoader> runInOwnLoader() throws ReflectiveOperationException {
        OwnCopyLoader loader = new OwnCopyLoader();
        Class<?> copy = loader.loadClass(Reloadable.class.getName());
        assertNotSame(Reloadable.class, copy);
        assertEquals("12 true worker", copy.getMethod("run").invoke(null));
        return new WeakReference<>(loader);
    }

    @Test
    @Timeout(60)
    void wovenClassesUnloadWithTheirLoader() throws Exception {
        WeakReference<ClassLoader> loader = runInOwnLoader();
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "something keeps the class loader of woven classes alive");
    }
}
