package dev.weft.agent;

import dev.weft.weaver.TypeHierarchy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TypeHierarchy} that answers from another and writes down every answer about a class whose
 * facts may change ({@link #isFixed}): the facts about other classes that one weaving depended on, which
 * a cached result is good for only while they still hold (see {@link WovenClassCache}). Not thread-safe:
 * one weaving.
 */
final class RecordingHierarchy implements TypeHierarchy {
    /** The three questions, as the cache file names them. */
    static final char SUPER = 's';
    static final char INTERFACE = 'i';
    static final char PUBLIC = 'p';

    private final TypeHierarchy answers;
    /** {@code question + internalName} to the answer ({@code superName}, or "true"/"false"); null answers as "". */
    private final Map<String, String> facts = new LinkedHashMap<>();

    RecordingHierarchy(TypeHierarchy answers) {
        this.answers = answers;
    }

    @Override
    public String superName(String internalName) {
        String answer = answers.superName(internalName);
        record(SUPER, internalName, answer == null ? "" : answer);
        return answer;
    }

    @Override
    public boolean isInterface(String internalName) {
        boolean answer = answers.isInterface(internalName);
        record(INTERFACE, internalName, Boolean.toString(answer));
        return answer;
    }

    @Override
    public boolean isPublic(String internalName) {
        boolean answer = answers.isPublic(internalName);
        record(PUBLIC, internalName, Boolean.toString(answer));
        return answer;
    }

    private void record(char question, String internalName, String answer) {
        if (internalName != null && !isFixed(internalName)) {
            facts.put(question + internalName, answer);
        }
    }

    /**
     * Whether the facts about a class are fixed for a given JDK and weaver: the platform's {@code java.*}
     * (only the platform may define it), and weft's runtime ({@link #isWeftRuntime}), whose classes woven
     * code is bound to and which must match the weaver anyway.
     */
    static boolean isFixed(String internalName) {
        return internalName.startsWith("java/") || isWeftRuntime(internalName);
    }

    /** True for a class of weft's runtime: in {@code dev.weft}, {@code dev.weft.internal} or {@code dev.weft.loop} (not their subpackages). */
    static boolean isWeftRuntime(String internalName) {
        return isIn(internalName, "dev/weft/") || isIn(internalName, "dev/weft/internal/")
                || isIn(internalName, "dev/weft/loop/");
    }

    /** True for a class directly in the package {@code pkg} (an internal name prefix ending in '/'). */
    static boolean isIn(String internalName, String pkg) {
        return internalName.startsWith(pkg) && internalName.indexOf('/', pkg.length()) < 0;
    }

    /** What was asked and answered, in the order first asked: question letter and name, to the answer. */
    Map<String, String> facts() {
        return facts;
    }

    /** Asks {@code hierarchy} the question {@code key} (as in {@link #facts()}) and gives its answer as recorded. */
    static String ask(TypeHierarchy hierarchy, String key) {
        String name = key.substring(1);
        switch (key.charAt(0)) {
            case SUPER: {
                String answer = hierarchy.superName(name);
                return answer == null ? "" : answer;
            }
            case INTERFACE:
                return Boolean.toString(hierarchy.isInterface(name));
            case PUBLIC:
                return Boolean.toString(hierarchy.isPublic(name));
            default:
                return null;
        }
    }
}
