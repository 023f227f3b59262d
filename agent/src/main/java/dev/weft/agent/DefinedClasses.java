package dev.weft.agent;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class files the JVM defined through the agent's transformer, for the classes that use weft (woven
 * then, or woven already at build time), by loader and name: what a later redefinition of such a class
 * (a debugger's hot swap, another agent's retransformation) must keep the shape of, since the JVM lets a
 * redefinition change method bodies only. A class absent here was defined before the agent started.
 * Loaders are held weakly. Thread-safe.
 */
final class DefinedClasses {
    private final Map<ClassLoader, Map<String, byte[]>> byLoader = new WeakHashMap<>();
    /** The boot loader's, which a weak map cannot key (it is null). */
    private final Map<String, byte[]> boot = new ConcurrentHashMap<>();

    /** Remembers that {@code loader} (null: the boot loader) defined {@code className} from {@code bytes}. */
    void put(ClassLoader loader, String className, byte[] bytes) {
        of(loader).put(className, bytes);
    }

    /** The class file {@code loader} defined {@code className} from through the agent, or null. */
    byte[] get(ClassLoader loader, String className) {
        return of(loader).get(className);
    }

    private Map<String, byte[]> of(ClassLoader loader) {
        if (loader == null) {
            return boot;
        }
        synchronized (byLoader) {
            return byLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
    }
}
