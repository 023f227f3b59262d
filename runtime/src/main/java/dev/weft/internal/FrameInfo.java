package dev.weft.internal;

/**
 * What a woven method says about itself when resumed with {@link Resumable#DESCRIBE}: its kind, its
 * class and name, its source file, and the source line of each suspension point. Not API.
 *
 * <p>The weaver encodes this as one string constant in the woven code, so a frame carries no metadata
 * of its own: {@code kind|owner|name|descriptor|file|line0,line1,...} with the owner in internal form,
 * kind one of {@code G}, {@code C}, {@code A}, {@code F}, and -1 for an unknown line.
 */
public final class FrameInfo {
    /** What an {@code @Async} method returns. */
    public enum Kind {
        /** A {@code Generator}. */
        GENERATOR("generator"),
        /** A {@code Coroutine}. */
        COROUTINE("coroutine"),
        /** An {@code AsyncGenerator}. */
        ASYNC_GENERATOR("async generator"),
        /** A {@code CompletableFuture} or {@code CompletionStage}. */
        FUTURE("coroutine");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The word messages use for it, as Python's do. */
        public String word() {
            return word;
        }

        static Kind ofLetter(char c) {
            switch (c) {
                case 'G': return GENERATOR;
                case 'C': return COROUTINE;
                case 'A': return ASYNC_GENERATOR;
                case 'F': return FUTURE;
                default: throw new IllegalArgumentException("unknown frame kind " + c);
            }
        }
    }

    /**
     * One per woven method: the code's class is the method's own lambda class. Kept with that class (a
     * map keyed by it would keep it, and its class loader, alive for as long as the runtime lives).
     */
    private static final ClassValue<Slot> BY_CODE = new ClassValue<>() {
        @Override
        protected Slot computeValue(Class<?> type) {
            return new Slot();
        }
    };

    /** Where one code class's info goes once its code has described itself. */
    private static final class Slot {
        volatile FrameInfo info;
    }

    private final Kind kind;
    private final String className;
    private final String methodName;
    private final String file;
    private final int[] lines;

    private FrameInfo(Kind kind, String className, String methodName, String file, int[] lines) {
        this.kind = kind;
        this.className = className;
        this.methodName = methodName;
        this.file = file;
        this.lines = lines;
    }

    /** Parses the text a woven method's code returns for {@link Resumable#DESCRIBE}. */
    public static FrameInfo parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("malformed frame description: " + text);
        }
        String[] lineTexts = parts[5].isEmpty() ? new String[0] : parts[5].split(",");
        int[] lines = new int[lineTexts.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = Integer.parseInt(lineTexts[i]);
        }
        return new FrameInfo(Kind.ofLetter(parts[0].charAt(0)), parts[1].replace('/', '.'), parts[2],
                parts[4].isEmpty() ? null : parts[4], lines);
    }

    static FrameInfo of(Resumable code, Frame frame) {
        Slot slot = BY_CODE.get(code.getClass());
        FrameInfo info = slot.info;
        if (info == null) {
            Object text;
            try {
                text = code.resume(frame, Resumable.DESCRIBE, null, null);
            } catch (Throwable t) {
                throw new IllegalStateException("woven code failed to describe itself", t);
            }
            info = parse((String) text);
            slot.info = info; // two threads may both parse it: the same text, the same info
        }
        return info;
    }

    /** Generator, coroutine, async generator, or future. */
    public Kind kind() {
        return kind;
    }

    /** The simple class name and method, as {@code Spin.spin()}. */
    public String method() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + methodName + "()";
    }

    /** The stack trace element of suspension point {@code label} (0: the method's first line). */
    public StackTraceElement position(int label) {
        int line = label < lines.length ? lines[label] : -1;
        return new StackTraceElement(className, methodName, file, line);
    }
}
