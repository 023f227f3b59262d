package dev.weft.agent;

import dev.weft.weaver.ResumeLayout;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent's transformer: a raw-byte pre-filter, then the shared weaver. A class whose constant pool
 * shows no sign of weft ({@link Weaver#mightNeedWeaving}: no {@code Ldev/weft/Async;}, as nearly every
 * class) costs one scan of its bytes and is left untouched. The others are woven from the bytes exactly as
 * the JVM handed them over, so the agent, the processor and the plugin give the same class files; the
 * weaver learns about the other classes it meets from their class files, which Byte Buddy's class file
 * locator finds ({@link ClassFileLocatorHierarchy}). A class that needed no change (one already woven, or
 * one that merely uses weft) is left untouched too, as are weft's own classes ({@link #isWeftsOwn}).
 *
 * <p>Byte Buddy locates class files only; its {@code AgentBuilder} is not used: the weaver already
 * writes the finished class, and routing it through Byte Buddy's type-building machinery cost some 700
 * more classes and half a second of start-up for nothing. Nothing of the weaver or of Byte Buddy is loaded
 * until the first class passes the pre-filter.
 *
 * <p>Never throws: a failure of the weaver or of Byte Buddy is reported and the class is left as it was,
 * so calling its methods fails later with a message that says why. Diagnostics about user code (an
 * {@code await} inside {@code synchronized}, say) are printed; the weaver has already replaced such a
 * method by one that throws an error carrying the diagnostic.
 *
 * <p>Thread-safe. Classes loaded while a class is being woven on the same thread (the weaver's and Byte
 * Buddy's own, loaded lazily) are left alone: weaving them would need the very classes being loaded.
 */
final class WeavingTransformer implements ClassFileTransformer {
    /** Whether this thread is weaving a class now. */
    private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();
    private final Function<ClassLoader, TypeHierarchy> hierarchies;
    private final Reporter reporter;
    private final WovenClassCache cache;
    private final String agentLocation;
    /** What the JVM defined through this transformer, which a redefinition must keep the shape of. */
    private final DefinedClasses defined = new DefinedClasses();
    /**
     * The package of an application's own weft-weaver (a build tool's), never this agent's copy, which the
     * agent jar holds relocated: joined at run time, since shading would relocate a literal naming it.
     */
    private static final String WEAVER_PACKAGE = "dev/weft/".concat("weaver/");
    /** In {@link #defined}: a class loaded before the agent, of which a redefinition was already reported. */
    private static final byte[] NOT_WOVEN = new byte[0];
    /** Whether writing to the cache has failed once already (reported once, not for every class). */
    private volatile boolean cacheWriteFailed;

    /**
     * A transformer that weaves each class with the hierarchy that {@code hierarchies} gives for the
     * class's loader (null for the boot loader), reporting through {@code reporter}, reusing and filling
     * {@code cache} (null: none).
     */
    WeavingTransformer(Reporter reporter, Function<ClassLoader, TypeHierarchy> hierarchies, WovenClassCache cache) {
        this.reporter = reporter;
        this.hierarchies = hierarchies;
        this.cache = cache;
        this.agentLocation = location(WeavingTransformer.class.getProtectionDomain());
    }

    /** Weaves {@code classBytes} if they may declare an {@code @Async} method; else returns null at once. */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classBytes) {
        return transform(loader, className, redefined, domain, classBytes);
    }

    /** Weaves {@code classBytes} if they may declare an {@code @Async} method; else returns null at once. */
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                            byte[] classBytes) {
        // the pre-filter first: it is the only test nearly every class the JVM loads should cost
        if (classBytes == null) {
            return null;
        }
        Weaver.Triage triage = Weaver.triage(classBytes);
        if (triage != Weaver.Triage.CANDIDATE || isAgentClass(domain) || isWeftsOwn(className)) {
            if (triage == Weaver.Triage.WOVEN) {
                byte[] before = redefined == null ? null : defined.get(loader, className);
                if (before != null && before != NOT_WOVEN) {
                    // a hot swap of classes woven at build time (an IDE that compiles with the processor)
                    warnOfMovedSuspensionPoints(className, before, classBytes);
                }
                defined.put(loader, className, classBytes); // woven at build time
            }
            return null;
        }
        if (weaving.get() != null) {
            reporter.warning(className + " was loaded while another class was being woven, and is not woven");
            return null;
        }
        weaving.set(Boolean.TRUE);
        WeaveResult result;
        Reporter.Origin origin = redefined != null ? Reporter.Origin.REDEFINITION : Reporter.Origin.WOVEN;
        try {
            WeaveResult cached = cache == null ? null : cached(loader, className, classBytes);
            if (cached != null) {
                result = cached;
                origin = Reporter.Origin.CACHE;
            } else {
                result = weave(loader, className, classBytes);
            }
        } catch (Throwable e) {
            reporter.failed(className, e);
            return null;
        } finally {
            weaving.remove();
        }
        byte[] woven = result.changed() ? result.bytes() : null;
        if (redefined != null && !mayRedefine(loader, className, woven, classBytes)) {
            return null;
        }
        defined.put(loader, className, woven == null ? classBytes : woven);
        reporter.woven(className, result, woven, origin);
        return woven;
    }

    /**
     * Whether a redefinition of {@code className} (a debugger's hot swap, another agent's
     * retransformation) to {@code classBytes} may go on, woven to {@code woven} (null: unchanged). The JVM
     * redefines method bodies only: a class loaded before the agent started (or with no {@code @Async}
     * method then) cannot gain the methods weaving adds, so it is left as it is, and reported once
     * (weaving it would make the JVM refuse the whole redefinition, another tool's included); a change
     * that alters the methods weaving gives a class (one more variable live across a suspension point,
     * a new overload) is refused by the JVM, and the user is told why.
     */
    private boolean mayRedefine(ClassLoader loader, String className, byte[] woven, byte[] classBytes) {
        byte[] before = defined.get(loader, className);
        if (before == null) {
            if (woven != null) {
                reporter.warning(className + " is redefined but cannot be woven: it was loaded before weft's agent"
                        + " started (or had no @Async method then), and the JVM does not let a loaded class gain"
                        + " the methods weaving adds, so its suspension points throw. Start the agent with"
                        + " -javaagent, or weave at build time");
                defined.put(loader, className, NOT_WOVEN);
            }
            return false;
        }
        if (before == NOT_WOVEN) {
            return false;
        }
        List<String> was = Weaver.declaredMethods(before);
        List<String> now = Weaver.declaredMethods(woven == null ? classBytes : woven);
        if (!new HashSet<>(was).equals(new HashSet<>(now))) {
            List<String> added = new ArrayList<>(now);
            added.removeAll(was);
            List<String> removed = new ArrayList<>(was);
            removed.removeAll(now);
            reporter.warning("the redefinition of " + className + " changes the methods it has once woven (added "
                    + added + ", removed " + removed + "), which the JVM refuses: it redefines method bodies"
                    + " only. Restart the program to run the change");
        } else {
            warnOfMovedSuspensionPoints(className, before, woven == null ? classBytes : woven);
        }
        return true;
    }

    /**
     * Warns of each woven method whose suspension points a redefinition adds, removes or makes save other
     * values: the JVM takes such a change, but a coroutine suspended in the method before it resumes at the
     * point of the same number in the new code, which may now be another one.
     */
    private void warnOfMovedSuspensionPoints(String className, byte[] before, byte[] after) {
        Map<String, ResumeLayout> was = ResumeLayout.of(before);
        for (ResumeLayout now : ResumeLayout.of(after).values()) {
            ResumeLayout old = was.get(now.method());
            if (old != null && !old.restores().equals(now.restores())) {
                reporter.warning("the redefinition of " + className + " changes the suspension points of "
                        + now.method() + " (at lines " + old.pointLines() + " before, " + now.pointLines()
                        + " now): a coroutine suspended in it before the change resumes at the suspension point"
                        + " of the same number, which may now be another one, with the values the old code saved."
                        + " Start such coroutines again, or restart the program");
            }
        }
    }

    /** The cached result for the class if the cache holds one that still holds, else null. */
    private WeaveResult cached(ClassLoader loader, String className, byte[] classBytes) {
        WovenClassCache.Hit hit = cache.lookup(loader, className, classBytes);
        return hit == null ? null
                : new WeaveResult(hit.changed() ? hit.bytes() : classBytes, hit.changed(), hit.wovenMethods(), List.of());
    }

    /** Weaves the class; with a cache, notes what the weaver asked of the hierarchy and keeps the result. */
    private WeaveResult weave(ClassLoader loader, String className, byte[] classBytes) {
        if (cache == null) {
            return new Weaver(hierarchies.apply(loader)).weave(classBytes);
        }
        RecordingHierarchy recording = new RecordingHierarchy(hierarchies.apply(loader));
        WeaveResult result = new Weaver(recording).weave(classBytes);
        try {
            cache.store(className, classBytes, recording.facts(), result);
        } catch (IOException | RuntimeException e) {
            if (!cacheWriteFailed) {
                cacheWriteFailed = true;
                reporter.warning("cannot write to the class cache (" + e + "); classes are woven anew each run");
            }
        }
        return result;
    }

    /**
     * True for the classes of weft's runtime and weaver, which never need weaving (the runtime declares no
     * {@code @Async} method) yet often pass the pre-filter, as they name weft's types: the runtime's are
     * loaded by every program that uses weft, so leaving them alone saves reading them at start-up, and so
     * does leaving alone the weaver of an application that weaves (a build tool). Only those packages
     * themselves: classes in their subpackages (tests, examples) are woven as any other. (The agent's own
     * classes, its relocated weaver among them, are left alone by their jar.)
     */
    static boolean isWeftsOwn(String className) {
        return className != null && (RecordingHierarchy.isWeftRuntime(className)
                || RecordingHierarchy.isIn(className, WEAVER_PACKAGE));
    }

    private boolean isAgentClass(ProtectionDomain domain) {
        return agentLocation != null && agentLocation.equals(location(domain));
    }

    private static String location(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }
}
