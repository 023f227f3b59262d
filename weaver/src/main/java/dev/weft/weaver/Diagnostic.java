package dev.weft.weaver;

/**
 * A problem the weaver found in a class: where (class, method, source line) and what, with the fix.
 *
 * @param severity whether weaving the method failed
 * @param className the class, in internal form ({@code demo/Shop})
 * @param methodName the method's name
 * @param descriptor the method's descriptor
 * @param sourceFile the source file, or null if the class has no debug information
 * @param line the source line, or -1 if unknown
 * @param message what is wrong and how to fix it
 */
public record Diagnostic(Severity severity, String className, String methodName, String descriptor,
                         String sourceFile, int line, String message) {
    /** How bad a diagnostic is. */
    public enum Severity {
        /** The method could not be woven. */
        ERROR,
        /** The method was woven, but something deserves a look. */
        WARNING
    }

    /** The place, then the problem: {@code demo/Shop.checkout(I)Ldev/weft/Coroutine; (Shop.java:42): ...}. */
    @Override
    public String toString() {
        String where = className + "." + methodName + descriptor;
        String at = (sourceFile == null ? "unknown source" : sourceFile) + (line > 0 ? ":" + line : "");
        return where + " (" + at + "): " + message;
    }
}
