package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the runtime learns about a woven method ({@link FrameInfo}, looked up by its code's class) must not
 * keep that class, and so its class loader, alive: an application server, a hot-reloading framework or a
 * test runner that drops a loader of woven classes must get its memory back.
 */
class FrameInfoUnloadingTest {
    /** A woven method's code, as the weaver's lambda class would describe itself. */
    public static final class Describing implements Resumable {
        @Override
        public Object resume(Frame frame, int label, Object input, Throwable error) {
            if (label == Resumable.DESCRIBE) {
                return "C|demo/Unloaded|work|()Ldev/weft/Coroutine;|Unloaded.java|7,9";
            }
            throw new IllegalStateException("not run in this test");
        }
    }

    /** Defines its own copy of {@link Describing}; everything else comes from the test's loader. */
    private static final class OwnCopyLoader extends ClassLoader {
        OwnCopyLoader() {
            super(FrameInfoUnloadingTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Describing.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
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

    /** Describes a frame whose code is of a class of a loader of its own; returns the loader, weakly. */
    private static WeakReference<ClassLoader> describeInOwnLoader() throws ReflectiveOperationException {
        OwnCopyLoader loader = new OwnCopyLoader();
        Class<?> copy = loader.loadClass(Describing.class.getName());
        assertNotSame(Describing.class, copy);
        Frame frame = new FrameR0P0((Resumable) copy.getConstructor().newInstance());
        assertEquals("Unloaded.work()", frame.info().method());
        assertEquals(7, frame.position().getLineNumber());
        return new WeakReference<>(loader);
    }

    @Test
    @Timeout(60)
    void aDescribedClassCanBeUnloadedWithItsLoader() throws Exception {
        WeakReference<ClassLoader> loader = describeInOwnLoader();
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "the runtime keeps the class loader of a woven class alive");
    }
}
