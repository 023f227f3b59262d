package dev.weft.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * A class woven in memory, waiting to be written.
 *
 * @param file the class file to replace
 * @param bytes the woven class
 * @param wovenMethods the woven methods, as {@code demo/Shop.checkout(I)Ldev/weft/Coroutine;}
 */
public record WovenClass(Path file, byte[] bytes, List<String> wovenMethods) {
    /** Copies the list of methods; the bytes are taken as they are. */
    public WovenClass {
        wovenMethods = List.copyOf(wovenMethods);
    }
}
