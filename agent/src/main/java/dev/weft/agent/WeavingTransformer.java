package dev.weft.agent;

import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.function.Function;

/**
 * The agent's transformer: a raw-byte pre-filter in front of Byte Buddy. A class whose constant pool
 * shows no sign of weft ({@link Weaver#mightNeedWeaving}: no {@code Ldev/weft/Async;}, as nearly every
 * class) costs one scan of its bytes and is left untouched; only the others are handed to the Byte Buddy
 * transformer that runs the weaver. A class that needed no change (one already woven, or one that merely
 * uses weft) is left untouched too.
 *
 * <p>Never throws: a failure of the weaver or of Byte Buddy is reported and the class is left as it was,
 * so calling its methods fails later with a message that says why. Diagnostics about user code (an
 * {@code await} inside {@code synchronized}, say) are printed; the weaver has already replaced such a
 * method by one that throws an error carrying the diagnostic.
 *
 * <p>Byte Buddy is set up when the first class passes the pre-filter, not before: a program that loads
 * no {@code @Async} class never loads Byte Buddy (some 800 classes, a third of a second).
 *
 * <p>Thread-safe. Classes loaded while a class is being woven (the weaver's and Byte Buddy's own, loaded
 * lazily) are left alone: Byte Buddy cannot transform on a thread that is already transforming.
 */
final class WeavingTransformer implements ClassFileTransformer {
    /** The weaving in progress on this thread, or null. */
    private final ThreadLocal<Capture> active = new ThreadLocal<>();
    private final Function<WeaveSink, ClassFileTransformer> delegate;
    private final Reporter reporter;
    private final String agentLocation;

    /** The Byte Buddy transformer, once the first class has needed it. */
    private volatile ClassFileTransformer byteBuddy;

    /** A transformer that weaves with Byte Buddy and the shared weaver, reporting through {@code reporter}. */
    WeavingTransformer(Reporter reporter) {
        this(reporter, sink -> WeavingAgentBuilder.makeRaw(sink, reporter));
    }

    /**
     * A transformer in front of the raw transformer that {@code delegate} makes (when first needed); that
     * transformer must hand each weaver result to the sink it is given, on the calling thread, before it
     * returns.
     */
    WeavingTransformer(Reporter reporter, Function<WeaveSink, ClassFileTransformer> delegate) {
        this.reporter = reporter;
        this.delegate = delegate;
        this.agentLocation = location(WeavingTransformer.class.getProtectionDomain());
    }

    /** Weaves {@code classBytes} if they may declare an {@code @Async} method; else returns null at once. */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classBytes) {
        return transform(module, true, loader, className, redefined, domain, classBytes);
    }

    /** Weaves {@code classBytes} if they may declare an {@code @Async} method; else returns null at once. */
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classBytes) {
        return transform(null, false, loader, className, redefined, domain, classBytes);
    }

    private byte[] transform(Module module, boolean withModule, ClassLoader loader, String className,
                             Class<?> redefined, ProtectionDomain domain, byte[] classBytes) {
        if (classBytes == null) {
            return null;
        }
        if (active.get() != null) {
            nested(className, domain, classBytes);
            return null;
        }
        if (!Weaver.mightNeedWeaving(classBytes) || isAgentClass(domain)) {
            return null;
        }
        Capture capture = new Capture();
        capture.original = classBytes;
        active.set(capture);
        byte[] woven;
        try {
            ClassFileTransformer weaving = byteBuddy();
            woven = withModule && module != null
                    ? weaving.transform(module, loader, className, redefined, domain, classBytes)
                    : weaving.transform(loader, className, redefined, domain, classBytes);
        } catch (Throwable e) {
            reporter.failed(className, e);
            return null;
        } finally {
            active.remove();
        }
        WeaveResult result = capture.result;
        if (result == null) {
            return null;
        }
        // The weaver's own bytes, not Byte Buddy's re-serialization of them (which keeps the original
        // constant pool and appends to it): so the agent, the processor and the plugin give the same bytes.
        byte[] defined = woven != null && result.changed() ? result.bytes() : null;
        reporter.woven(className, result, defined);
        return defined;
    }

    private ClassFileTransformer byteBuddy() {
        ClassFileTransformer transformer = byteBuddy;
        if (transformer == null) {
            synchronized (this) {
                transformer = byteBuddy;
                if (transformer == null) {
                    transformer = delegate.apply(new WeaveSink() {
                        @Override
                        public byte[] input(byte[] buffered) {
                            Capture capture = active.get();
                            return capture != null && capture.original != null ? capture.original : buffered;
                        }

                        @Override
                        public void accept(WeaveResult result) {
                            capture(result);
                        }
                    });
                    byteBuddy = transformer;
                }
            }
        }
        return transformer;
    }

    /** Called from inside Byte Buddy's transformation, on this thread: keeps the weaver's result. */
    private void capture(WeaveResult result) {
        Capture capture = active.get();
        if (capture != null) {
            capture.result = result;
        }
    }

    private void nested(String className, ProtectionDomain domain, byte[] classBytes) {
        if (Weaver.mightNeedWeaving(classBytes) && !isAgentClass(domain)) {
            reporter.warning(className + " was loaded while another class was being woven, and is not woven");
        }
    }

    private boolean isAgentClass(ProtectionDomain domain) {
        return agentLocation != null && agentLocation.equals(location(domain));
    }

    private static String location(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }

    /** The weaver's result for the class being transformed on this thread. */
    private static final class Capture {
        byte[] original;
        WeaveResult result;
    }
}
