package dev.weft.bench.weaving;

import java.util.List;

/**
 * The program whose start-up {@link AgentStartup} times: loads (without initializing) every class of the
 * class path's third-party jars (Kotlin, kotlinx.coroutines, JMH, Commons Math, JOpt Simple, ASM: a few
 * thousand classes), and with argument {@code async} also weft's runtime and the benchmarks' classes, among
 * them unwoven {@code @Async} classes (the weaver is not on its class path: see {@link ProgramClassPath}).
 * Prints the number of classes loaded.
 */
public final class LoadClasses {
    private static final List<String> THIRD_PARTY = List.of("kotlin/", "kotlinx/", "org/openjdk/jmh/",
            "org/apache/commons/math3/", "joptsimple/", "org/objectweb/asm/");

    private LoadClasses() {
    }

    public static void main(String[] args) {
        boolean async = args.length > 0 && args[0].equals("async");
        List<String> names = ClassFiles.onClassPath(name -> THIRD_PARTY.stream().anyMatch(name::startsWith)
                || async && name.startsWith("dev/weft/"));
        ClassLoader loader = LoadClasses.class.getClassLoader();
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name.replace('/', '.'), false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // an optional dependency missing: not loadable here, with or without the agent
            }
        }
        System.out.println("loaded " + loaded + " of " + names.size());
    }
}
