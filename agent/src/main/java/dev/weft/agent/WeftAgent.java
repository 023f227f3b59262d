package dev.weft.agent;

import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.Weaver;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.util.function.Function;

/**
 * The agent's entry points: {@code java -javaagent:weft-agent.jar[=OPTIONS] -cp app.jar:weft-runtime.jar Main}
 * weaves every class that declares an {@code @Async} method as it is loaded. {@code OPTIONS} are
 * comma-separated: {@code verbose} prints a line per woven method on stderr; {@code dump=DIR} writes each
 * woven class file under {@code DIR}; {@code cache=DIR} keeps woven classes in {@code DIR} for later runs
 * ({@link WovenClassCache}), which then start without running the weaver.
 *
 * <p>The runtime ({@code dev.weft.*}) is not in this jar: the application puts {@code weft-runtime} on its
 * class path. Weaving adds members to classes, which the JVM allows only when a class is first defined:
 * classes loaded before the agent starts (before {@link #agentmain} attaches it) stay unwoven, and
 * calling one of their suspension points throws {@code IllegalStateException} that says so.
 *
 * <p>Beside other agents: the JVM runs weft's transformer after every retransformation-incapable one, so a
 * coverage agent such as JaCoCo's counts each class as compiled; when another agent retransforms a woven
 * class, weft weaves it again, into the same shape, and one loaded before the agent it leaves as it is
 * (see {@code WeavingTransformer}).
 */
public final class WeftAgent {
    private static ClassFileTransformer installed;

    private WeftAgent() {
    }

    /**
     * Installs the agent before {@code main} runs ({@code -javaagent}).
     *
     * @param arguments the option string after {@code =}, or null
     * @param instrumentation the JVM's instrumentation
     * @throws IllegalArgumentException for an unknown option (the JVM then refuses to start)
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    /**
     * Installs the agent in a running JVM (dynamic attach): classes loaded from now on are woven.
     *
     * @param arguments the option string, or null
     * @param instrumentation the JVM's instrumentation
     * @throws IllegalArgumentException for an unknown option (reported to the attaching tool)
     */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments, instrumentation);
    }

    private static synchronized void install(String arguments, Instrumentation instrumentation) {
        AgentOptions options = AgentOptions.parse(arguments);
        Reporter reporter = new Reporter(options, System.err);
        if (installed != null) {
            reporter.warning("the agent is already installed; ignoring another copy (options '"
                    + (arguments == null ? "" : arguments) + "')");
            return;
        }
        ClassFileLocatorHierarchy hierarchies = new ClassFileLocatorHierarchy();
        WeavingTransformer transformer = new WeavingTransformer(reporter, hierarchies,
                cache(options, hierarchies, reporter));
        warmUp(transformer);
        // Retransformation-capable, for its place in the chain: the JVM runs every incapable transformer
        // (JaCoCo's, for one) before any capable one, whatever the order of the -javaagent options, so a
        // coverage agent sees and counts the class as compiled and the report matches the class files.
        // Weaving is deterministic, so a retransformation (which starts again from the bytes the capable
        // transformers were given) weaves the class again into the same shape.
        instrumentation.addTransformer(transformer, true);
        installed = transformer;
    }

    /** The class cache the options ask for, or null: none asked, or none possible (reported). */
    private static WovenClassCache cache(AgentOptions options, Function<ClassLoader, TypeHierarchy> hierarchies,
                                         Reporter reporter) {
        if (options.cacheDir() == null) {
            return null;
        }
        try {
            return WovenClassCache.in(options.cacheDir(), hierarchies);
        } catch (IllegalStateException e) {
            reporter.warning("option 'cache=' is ignored: " + e.getMessage());
            return null;
        }
    }

    /**
     * Runs the pre-filter once before the transformer is registered, so that the classes it needs are
     * loaded now rather than while the JVM is loading some other class through it: on a minimal class file
     * that names {@code @Async}, said to be the agent's own (which the transformer leaves alone). Made by
     * hand rather than read from the jar: reading a resource at this point loads some sixty JDK classes
     * (URL connections, the runtime image reader) that a start-up-sensitive program may never need.
     */
    private static void warmUp(ClassFileTransformer transformer) {
        try {
            transformer.transform(WeftAgent.class.getClassLoader(), "dev/weft/agent/WarmUp", null,
                    WeftAgent.class.getProtectionDomain(), warmUpClassFile());
        } catch (IllegalClassFormatException | RuntimeException e) {
            // Only a warm-up: the transformer works without it.
        }
    }

    /** The start of a class file whose constant pool holds one entry, {@code Ldev/weft/Async;}. */
    static byte[] warmUpClassFile() {
        String name = Weaver.ASYNC_DESCRIPTOR;
        int[] header = {0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 61, 0, 2, 1, 0, name.length()};
        byte[] classFile = new byte[header.length + name.length()];
        for (int i = 0; i < header.length; i++) {
            classFile[i] = (byte) header[i];
        }
        for (int i = 0; i < name.length(); i++) {
            classFile[header.length + i] = (byte) name.charAt(i); // ASCII; a charset would load eight classes
        }
        return classFile;
    }
}
