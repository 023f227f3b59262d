package dev.weft.weaver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Weaves one class: every {@code @Async} method is rewritten by a {@link MethodWeaver}; a method that
 * cannot be woven, or that has a suspension point where none may be, gets a body that throws an error
 * carrying the diagnostic. Woven methods get stack map frames computed from class bytes; the class's
 * other methods are copied with their own frames untouched.
 */
final class ClassWeaver {
    /** The invisible class annotation that marks a woven class, so weaving again changes nothing. */
    static final String WOVEN_MARKER = "Ldev/weft/internal/Woven;";
    /** Return types that tell apart the resume methods of @Async overloads sharing a name (see MethodWeaver.ResumeShape). */
    private static final String[] RESUME_RETURNS = {
        "Ljava/lang/Object;", "Ljava/io/Serializable;", "Ljava/lang/Comparable;", "Ljava/lang/CharSequence;",
        "Ljava/lang/Runnable;", "Ljava/lang/AutoCloseable;", "Ljava/lang/Iterable;", "Ljava/lang/Cloneable;",
        "Ljava/lang/Appendable;", "Ljava/lang/Readable;",
    };

    private final TypeHierarchy hierarchy;
    /** What computing one woven method's frames may allocate and do (see {@link HierarchyClassWriter}). */
    private final int maxFrameBytes;
    private final long maxFrameOperations;

    ClassWeaver(TypeHierarchy hierarchy) {
        this(hierarchy, HierarchyClassWriter.MAX_FRAME_BYTES, HierarchyClassWriter.MAX_FRAME_OPERATIONS);
    }

    /** A weaver with other bounds on computing frames (tests reach them with small methods). */
    ClassWeaver(TypeHierarchy hierarchy, int maxFrameBytes, long maxFrameOperations) {
        this.hierarchy = hierarchy;
        this.maxFrameBytes = maxFrameBytes;
        this.maxFrameOperations = maxFrameOperations;
    }

    WeaveResult weave(byte[] bytes) {
        ClassNode cn = read(bytes);
        if (isWoven(cn)) {
            return new WeaveResult(bytes, false, List.of(), List.of());
        }
        DirectTargets targets = DirectTargets.of(cn);
        while (true) {
            try {
                return weave(bytes, cn, targets);
            } catch (NoDirectVariant e) {
                // that method is stubbed or too large: weave again, its callers calling it as any other
                targets = targets.without(e.key);
                cn = read(bytes);
            }
        }
    }

    private static ClassNode read(byte[] bytes) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        return cn;
    }

    /** A direct target that cannot have its direct variant, its callers being woven to call it. */
    private static final class NoDirectVariant extends Exception {
        final String key;

        NoDirectVariant(String key) {
            super(key, null, false, false);
            this.key = key;
        }
    }

    /** Weaves {@code cn} (read from {@code bytes}), with direct variants for the targets its awaits call. */
    private WeaveResult weave(byte[] bytes, ClassNode cn, DirectTargets targets) throws NoDirectVariant {
        // the methods as read: a method weaving replaces gets a new node, one it leaves keeps its own
        List<MethodNode> asRead = new ArrayList<>(cn.methods);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<String> woven = new ArrayList<>();
        List<MethodNode> resumes = new ArrayList<>();
        // the original of each woven method, by the entry's and the resume method's name and descriptor
        java.util.Map<String, MethodNode> originals = new java.util.HashMap<>();
        java.util.Map<MethodNode, MethodNode> resumeOf = new java.util.IdentityHashMap<>();
        Supertypes supertypes = new Supertypes(hierarchy, cn.name, cn.superName,
                (cn.access & Opcodes.ACC_INTERFACE) != 0);
        Set<String> signatures = new HashSet<>();
        for (MethodNode m : cn.methods) {
            signatures.add(m.name + m.desc);
        }
        Set<String> directCallees = new java.util.LinkedHashSet<>();
        java.util.Map<String, MethodWeaver.ResumeShape> shapes = new java.util.HashMap<>();
        boolean changed = false;
        for (int i = 0; i < cn.methods.size(); i++) {
            MethodNode m = cn.methods.get(i);
            if (isAsync(m)) {
                if ((cn.version & 0xFFFF) < Opcodes.V1_8) {
                    cn.methods.set(i, stub(cn, m, diagnostics, -1, "class files older than Java 8 cannot be"
                            + " woven; recompile with --release 8 or newer"));
                    changed = true;
                    continue;
                }
                String key = m.name + m.desc;
                try {
                    MethodWeaver.ResumeShape shape = freeResumeShape(m, signatures);
                    MethodWeaver.Woven w = new MethodWeaver(cn, copy(m), supertypes, shape, targets, false).weave();
                    shapes.put(key, shape);
                    directCallees.addAll(w.directCallees());
                    cn.methods.set(i, w.entry());
                    resumes.add(w.resume());
                    originals.put(m.name + m.desc, m);
                    originals.put(w.resume().name + w.resume().desc, m);
                    resumeOf.put(m, w.resume());
                    signatures.add(w.resume().name + w.resume().desc);
                    woven.add(cn.name + "." + m.name + m.desc);
                } catch (WeaveException e) {
                    if (targets.contains(key)) {
                        throw new NoDirectVariant(key);
                    }
                    cn.methods.set(i, stub(cn, m, diagnostics, e.line(), e.getMessage()));
                } catch (RuntimeException e) {
                    if (targets.contains(key)) {
                        throw new NoDirectVariant(key);
                    }
                    cn.methods.set(i, stub(cn, m, diagnostics, new LineFinder(m).firstLine(),
                            "the weaver failed on this method (a weft bug; please report it): " + e));
                }
                changed = true;
            } else {
                Misplaced misplaced = misplacedSuspension(cn, m);
                if (misplaced != null) {
                    cn.methods.set(i, stub(cn, m, diagnostics, misplaced.line(), misplaced.message()));
                    changed = true;
                }
            }
        }
        if (!changed) {
            return new WeaveResult(bytes, false, List.of(), diagnostics);
        }
        // the direct variants of the targets some woven await calls, woven from their originals alike
        for (String key : directCallees) {
            MethodNode original = originals.get(key);
            try {
                MethodNode direct = new MethodWeaver(cn, copy(original), supertypes, shapes.get(key), targets, true)
                        .weaveDirect();
                resumes.add(direct);
                originals.put(direct.name + direct.desc, original);
            } catch (WeaveException | RuntimeException e) {
                throw new NoDirectVariant(key); // woven once already: not expected, but never half-woven
            }
        }
        byte[] out;
        while (true) {
            String tooBig;
            String why;
            try {
                out = write(bytes, cn, asRead, resumes, supertypes);
                break;
            } catch (org.objectweb.asm.MethodTooLargeException e) {
                tooBig = e.getMethodName() + e.getDescriptor();
                why = "the woven method exceeds the JVM's 64 KiB code limit (" + e.getCodeSize()
                        + " bytes): split it into smaller @Async methods";
            } catch (FramesTooCostly e) {
                tooBig = e.method;
                why = "the woven method's stack map frames cost more to compute than the weaver allows ("
                        + e.getCause().getMessage() + "; too many values live across too many suspension"
                        + " points): split it into smaller @Async methods";
            }
            // the woven method outgrew a limit: report it, stub it, write again
            MethodNode original = originals.get(tooBig);
            if (original == null) {
                throw new IllegalStateException("a method the weaver did not write outgrew a limit: " + tooBig);
            }
            if (targets.contains(original.name + original.desc)) {
                throw new NoDirectVariant(original.name + original.desc);
            }
            resumes.remove(resumeOf.remove(original));
            woven.remove(cn.name + "." + original.name + original.desc);
            for (int i = 0; i < cn.methods.size(); i++) {
                MethodNode m = cn.methods.get(i);
                if (m.name.equals(original.name) && m.desc.equals(original.desc)) {
                    cn.methods.set(i, stub(cn, original, diagnostics, new LineFinder(original).firstLine(), why));
                }
            }
        }
        return new WeaveResult(out, true, List.copyOf(woven), List.copyOf(diagnostics));
    }

    /** The first resume shape whose descriptor no method of the class (woven so far) already has. */
    private static MethodWeaver.ResumeShape freeResumeShape(MethodNode m, Set<String> signatures) {
        for (int i = 0; ; i++) {
            MethodWeaver.ResumeShape shape = new MethodWeaver.ResumeShape(i / RESUME_RETURNS.length,
                    RESUME_RETURNS[i % RESUME_RETURNS.length]);
            String prefix = m.name + "(" + "Z".repeat(shape.captured()) + "Ldev/weft/internal/Frame";
            boolean clash = false;
            for (String s : signatures) {
                if (s.startsWith(prefix) && s.endsWith(")" + shape.returnType())) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                return shape;
            }
        }
    }

    /**
     * Writes the class from {@code bytes}, the class file {@code cn} was read from: the methods weaving
     * replaced (entries, stubs) where they were, then the {@code added} ones (resume methods, direct
     * variants), with frames computed; every other method copied byte for byte as it was read, which
     * costs next to nothing (ASM copies a method a reader hands straight to a writer built from it).
     */
    private byte[] write(byte[] bytes, ClassNode cn, List<MethodNode> asRead, List<MethodNode> added,
                         Supertypes supertypes) {
        ClassReader original = new ClassReader(bytes);
        ClassWriter writer = new HierarchyClassWriter(original, supertypes);
        writer.setComputeLimits(maxFrameBytes, maxFrameOperations);
        original.accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9, writer) {
            /** The index in {@code cn.methods} of the method the reader visits next (the same order). */
            private int next;

            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor,
                                                                 String signature, String[] exceptions) {
                int i = next++;
                MethodNode now = cn.methods.get(i);
                if (now == asRead.get(i)) {
                    return super.visitMethod(access, name, descriptor, signature, exceptions); // copied
                }
                writeMethod(now, writer);
                return null;
            }

            @Override
            public void visitEnd() {
                for (MethodNode m : added) {
                    writeMethod(m, writer);
                }
                // after the methods, where a class visitor takes no annotation, but a ClassWriter keeps
                // a class's annotations apart until it writes them: the same class file
                writer.visitAnnotation(WOVEN_MARKER, false).visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Writes {@code m}, computing its frames; a computation past ASM's limits names the method. */
    private static void writeMethod(MethodNode m, ClassWriter writer) {
        try {
            m.accept(writer);
        } catch (org.objectweb.asm.LimitExceededException e) {
            throw new FramesTooCostly(m.name + m.desc, e);
        }
    }

    /** Computing the frames of a method went past the limits {@link HierarchyClassWriter} sets. */
    private static final class FramesTooCostly extends RuntimeException {
        /** The method's name and descriptor. */
        final String method;

        FramesTooCostly(String method, org.objectweb.asm.LimitExceededException cause) {
            super(method, cause);
            this.method = method;
        }
    }

    static boolean isAsync(MethodNode m) {
        // javac copies a method's annotations onto the bridge it generates for a generic override; the
        // bridge only calls the real method, which is the one to weave
        if ((m.access & Opcodes.ACC_BRIDGE) != 0) {
            return false;
        }
        if (m.visibleAnnotations != null) {
            for (AnnotationNode a : m.visibleAnnotations) {
                if (Weaver.ASYNC_DESCRIPTOR.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isWoven(ClassNode cn) {
        if (cn.invisibleAnnotations != null) {
            for (AnnotationNode a : cn.invisibleAnnotations) {
                if (WOVEN_MARKER.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A suspension point where none may be: why, and its source line. */
    private record Misplaced(String message, int line) {}

    /** Why a suspension point in a method that is not @Async is an error, or null if it has none. */
    private static Misplaced misplacedSuspension(ClassNode cn, MethodNode m) {
        LineFinder lines = new LineFinder(m);
        for (AbstractInsnNode insn : m.instructions) {
            String reference = Calls.suspensionReference(insn);
            if (reference != null) {
                return new Misplaced(Calls.referenceRefusal(reference), lines.lineOf(insn));
            }
        }
        AbstractInsnNode call = firstSuspension(m);
        if (call == null) {
            return null;
        }
        String what = ((MethodInsnNode) call).name;
        String message;
        if (m.name.equals("<init>") || m.name.equals("<clinit>")) {
            message = what + " in a constructor or initializer: a constructor cannot suspend;"
                    + " move the code into an @Async method (for example a static factory)";
        } else if (m.name.startsWith("lambda$") && (m.access & Opcodes.ACC_SYNTHETIC) != 0) {
            message = what + " inside a lambda body: a lambda cannot suspend its enclosing @Async method;"
                    + " use a loop in the @Async method, or make the lambda's work an @Async method and await it";
        } else if (isLocalOrAnonymous(cn)) {
            message = what + " inside a local or anonymous class: its methods cannot suspend the enclosing"
                    + " @Async method; move the code into an @Async method";
        } else {
            // the processor's words: javac refuses this before weaving, the plugin and the agent here
            message = what + " outside an @Async method: " + m.name + " is not @Async, so nothing rewrites this"
                    + " call and it would throw; annotate " + m.name + " @Async (returning Coroutine, Generator,"
                    + " AsyncGenerator, CompletableFuture or CompletionStage) or move the call into an @Async method";
        }
        return new Misplaced(message, lines.lineOf(call));
    }

    private static boolean isLocalOrAnonymous(ClassNode cn) {
        if (cn.outerMethod != null) {
            return true;
        }
        if (cn.innerClasses != null) {
            for (InnerClassNode ic : cn.innerClasses) {
                if (ic.name.equals(cn.name) && ic.outerName == null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static AbstractInsnNode firstSuspension(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (Calls.suspensionKind(insn) != null) {
                return insn;
            }
        }
        return null;
    }

    /** A copy of {@code m} for the method weaver to consume, so a failure leaves the original intact. */
    private static MethodNode copy(MethodNode m) {
        MethodNode c = new MethodNode(m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        m.accept(c);
        return c;
    }

    /** Records the diagnostic and returns a method with {@code m}'s signature whose body throws it. */
    private static MethodNode stub(ClassNode cn, MethodNode m, List<Diagnostic> diagnostics, int line, String message) {
        Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, cn.name, m.name, m.desc, cn.sourceFile, line, message);
        diagnostics.add(d);
        if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            // an abstract or native method has no body to replace: keep it as it was, only report
            return m;
        }
        MethodNode stub = MethodHeaders.emptyCopy(m, m.access);
        stub.instructions.add(new TypeInsnNode(Opcodes.NEW, "java/lang/Error"));
        stub.instructions.add(new InsnNode(Opcodes.DUP));
        stub.instructions.add(new LdcInsnNode("weft could not weave " + d));
        stub.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/Error", "<init>",
                "(Ljava/lang/String;)V", false));
        stub.instructions.add(new InsnNode(Opcodes.ATHROW));
        stub.maxStack = 3;
        stub.maxLocals = Type.getArgumentsAndReturnSizes(m.desc) >> 2;
        return stub;
    }
}
