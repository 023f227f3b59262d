package dev.weft.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Weaves one {@code @Async} method into two: an entry with the original name and signature that returns a
 * new frame, and a resume method (same name, private static synthetic) holding the original body as a
 * state machine. The passes: find suspension points, refuse what cannot be woven, move uninitialized
 * {@code new} past them, analyse types and liveness, plan the slots, rewrite.
 */
final class MethodWeaver {
    private static final String SUSPEND = "dev/weft/internal/Suspend";
    static final String LINKAGE = "dev/weft/internal/Linkage";
    private static final String FRAME = "dev/weft/internal/Frame";
    private static final String FRAME_DESC = "L" + FRAME + ";";
    private static final String RESUMABLE = "dev/weft/internal/Resumable";
    /** What the receiver of an instance method is called in its woven body, a static method. */
    static final String THIS = "$this";
    private static final String RESUMABLE_DESC = "L" + RESUMABLE + ";";
    private static final String DEPTH_DESC = "Ldev/weft/internal/InlineDepth;";
    /** {@code Resumable.resume}: what every woven method's code is called as. */
    private static final String RESUME_DESC =
            "(Ldev/weft/internal/Frame;ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";

    /** What an {@code @Async} method returns, and the letter {@code FrameInfo} knows it by. */
    enum Kind {
        GENERATOR('G', "Ldev/weft/Generator;"),
        COROUTINE('C', "Ldev/weft/Coroutine;"),
        ASYNC_GENERATOR('A', "Ldev/weft/AsyncGenerator;"),
        COMPLETABLE_FUTURE('F', "Ljava/util/concurrent/CompletableFuture;"),
        COMPLETION_STAGE('F', "Ljava/util/concurrent/CompletionStage;");

        final char letter;
        final String descriptor;

        Kind(char letter, String descriptor) {
            this.letter = letter;
            this.descriptor = descriptor;
        }

        static Kind ofReturn(String descriptor) {
            for (Kind k : values()) {
                if (k.descriptor.equals(descriptor)) {
                    return k;
                }
            }
            return null;
        }

        boolean isFuture() {
            return letter == 'F';
        }
    }

    /** A value saved at a suspension point: its type, where it lives, and its slot (null for a null constant). */
    private record Saved(Type type, int var, SlotLayout.Slot slot) {}

    /**
     * A suspension point: its label, call, kind, the values to save, its line, and, for an await, whether
     * the awaited value may be a woven coroutine (then the await may run it inline).
     */
    private record Point(int label, MethodInsnNode call, Calls.Kind kind, List<Saved> locals, List<Saved> stack,
                         int line, boolean mayBeFrame, MethodInsnNode directCall) {}

    private final ClassNode owner;
    private final MethodNode method;
    private final Supertypes supertypes;
    private final ResumeShape shape;
    /** The methods of this class whose calls, awaited or yielded from, go to their direct variants. */
    private final DirectTargets targets;
    /** True to weave the direct variant of the method instead of its entry and resume method. */
    private final boolean directVariant;
    /**
     * Locals of the resume method before the original ones: captured padding, frame, label, input, error.
     * In a direct variant: the arguments, the inline depth, the frame (made only when needed).
     */
    private final int frameVar;
    private final int labelVar;
    private final int inputVar;
    private final int errorVar;
    /** A direct variant's inline depth argument; -1 in a resume method. */
    private final int depthVar;
    private final int shift;
    private final LineFinder lines;
    /** The direct targets this method's awaits and yieldFroms call (by name and descriptor). */
    private final Set<String> directCallees = new LinkedHashSet<>();

    /**
     * How a resume method's descriptor is told apart from its @Async overloads': it keeps the original
     * name (so stack traces show it) and differs by its return type (any object passes for an interface
     * in the verifier's eyes) and, past ten overloads, by {@code captured} leading boolean parameters that
     * its lambda captures.
     */
    record ResumeShape(int captured, String returnType) {
        String descriptor(String frameClass) {
            return "(" + "Z".repeat(captured) + "L" + frameClass + ";ILjava/lang/Object;Ljava/lang/Throwable;)"
                    + returnType;
        }
    }

    MethodWeaver(ClassNode owner, MethodNode method, Supertypes supertypes, ResumeShape shape) {
        this(owner, method, supertypes, shape, DirectTargets.NONE, false);
    }

    /**
     * A weaver of {@code method} whose awaits of calls to {@code targets} call their direct variants; with
     * {@code directVariant}, it weaves the method's own direct variant ({@link #weaveDirect}).
     */
    MethodWeaver(ClassNode owner, MethodNode method, Supertypes supertypes, ResumeShape shape,
                 DirectTargets targets, boolean directVariant) {
        this.owner = owner;
        this.method = method;
        this.supertypes = supertypes;
        this.shape = shape;
        this.targets = targets;
        this.directVariant = directVariant;
        if (directVariant) {
            int arguments = argumentSlots(method);
            this.depthVar = arguments;
            this.frameVar = arguments + 1;
            this.labelVar = -1;
            this.inputVar = -1;
            this.errorVar = -1;
            this.shift = arguments + 2;
        } else {
            this.depthVar = -1;
            this.frameVar = shape.captured();
            this.labelVar = frameVar + 1;
            this.inputVar = frameVar + 2;
            this.errorVar = frameVar + 3;
            this.shift = frameVar + 4;
        }
        this.lines = new LineFinder(method);
    }

    /** The local variable slots the arguments of {@code m} take, the receiver's included. */
    private static int argumentSlots(MethodNode m) {
        int slots = Type.getArgumentsAndReturnSizes(m.desc) >> 2;
        return (m.access & Opcodes.ACC_STATIC) != 0 ? slots - 1 : slots;
    }

    /**
     * The woven pair: the entry replacing the original method, and the resume method to add; and the
     * direct targets its awaits and yieldFroms call.
     */
    record Woven(MethodNode entry, MethodNode resume, Set<String> directCallees) {}

    Woven weave() throws WeaveException {
        if (directVariant) {
            throw new IllegalStateException("a direct variant is woven by weaveDirect()");
        }
        return (Woven) weaveAny();
    }

    /**
     * Weaves the direct variant of this {@code Coroutine} or {@code Generator} method (see
     * {@link DirectTargets}): its body run
     * with the arguments as they are, at the inline depth given as its last argument, with no frame until
     * it needs one. Its suspension points and slots are the resume method's, planned alike.
     */
    MethodNode weaveDirect() throws WeaveException {
        if (!directVariant) {
            throw new IllegalStateException("not a direct variant's weaver");
        }
        return (MethodNode) weaveAny();
    }

    private Object weaveAny() throws WeaveException {
        Kind kind = checkSignature();
        if (directVariant && kind != Kind.COROUTINE && kind != Kind.GENERATOR) {
            throw new IllegalStateException("only a Coroutine or Generator method has a direct variant: " + method.name);
        }
        Set<AbstractInsnNode> calls = suspensionCalls(kind);
        stripFrames();
        ControlFlow cfg = new ControlFlow(method);
        checkMonitors(cfg, calls);
        if (NewRelocation.apply(owner.name, method, calls, lines) > 0) {
            cfg = new ControlFlow(method);
        }
        Frame<BasicValue>[] frames = analyse();
        Liveness liveness = new Liveness(cfg);

        List<Point> points = new ArrayList<>();
        int[] entrySlots = new int[2];
        int[] maxSlots = new int[2];
        List<Saved> entrySaved = planEntry(frames[0], liveness.liveBefore(0), entrySlots);
        int label = 1;
        for (AbstractInsnNode insn : method.instructions) {
            int index = method.instructions.indexOf(insn);
            // A call in code nothing reaches (javac emits catch blocks of try blocks that cannot throw,
            // with no exception table entry) is left as it is: a resume path to it would make the dead
            // code live, entered with none of its locals, and the class would fail verification.
            // ClassWriter's frame computation turns the dead code into nops and an athrow.
            if (calls.contains(insn) && frames[index] != null) {
                points.add(plan(label++, (MethodInsnNode) insn, index, frames[index], cfg, liveness, maxSlots));
            }
        }
        SlotLayout.Pair layouts = SlotLayout.forMethod(maxSlots[0], maxSlots[1], entrySlots[0], entrySlots[1]);
        SlotLayout layout = layouts.resumed();
        String resumeDesc = shape.descriptor(layout.frameClass);
        if (directVariant) {
            return buildDirect(kind, layout, points, resumeDesc);
        }
        MethodNode entry = buildEntry(kind, layouts.created(), entrySaved, resumeDesc);
        MethodNode resume = buildResume(kind, layouts, entrySaved, points, resumeDesc);
        refuseHiddenRestores(resume, points);
        // in the order the body calls them: the class writes their direct variants in this order, and the
        // same input must give the same bytes (Set.copyOf's order changes from one JVM to the next)
        return new Woven(entry, resume, Collections.unmodifiableSet(new LinkedHashSet<>(directCallees)));
    }

    // ------------------------------------------------------------------ checks

    private Kind checkSignature() throws WeaveException {
        int line = lines.firstLine();
        String what = null;
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            what = "an @Async method cannot be synchronized: a suspended coroutine cannot hold a monitor"
                    + " (it may resume on another thread); remove 'synchronized' and guard the state with a weft Lock";
        } else if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
            what = "an @Async method cannot be abstract: put @Async on the implementing methods";
        } else if ((method.access & Opcodes.ACC_NATIVE) != 0) {
            what = "an @Async method cannot be native";
        } else if (method.name.equals("<init>") || method.name.equals("<clinit>")) {
            what = "a constructor or initializer cannot be @Async: move the body into an @Async method";
        }
        if (what != null) {
            throw new WeaveException(line, what);
        }
        Kind kind = Kind.ofReturn(Type.getReturnType(method.desc).getDescriptor());
        if (kind == null) {
            throw new WeaveException(line, "an @Async method must return Coroutine, Generator, AsyncGenerator,"
                    + " CompletableFuture or CompletionStage, not " + Type.getReturnType(method.desc).getClassName()
                    + "; change the return type");
        }
        return kind;
    }

    private Set<AbstractInsnNode> suspensionCalls(Kind kind) throws WeaveException {
        Set<AbstractInsnNode> calls = new LinkedHashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            String reference = Calls.suspensionReference(insn);
            if (reference != null) {
                throw new WeaveException(lines.lineOf(insn), Calls.referenceRefusal(reference));
            }
            Calls.Kind call = Calls.suspensionKind(insn);
            if (call == null) {
                continue;
            }
            String refusal = refusal(kind, call);
            if (refusal != null) {
                throw new WeaveException(lines.lineOf(insn), refusal);
            }
            calls.add(insn);
        }
        return calls;
    }

    private static String refusal(Kind kind, Calls.Kind call) {
        boolean yields = call != Calls.Kind.AWAIT;
        switch (kind) {
            case GENERATOR:
                return yields ? null : "await in a Generator method: a generator cannot await;"
                        + " return AsyncGenerator (await and yield) or Coroutine (await only)";
            case ASYNC_GENERATOR:
                return call == Calls.Kind.YIELD_FROM || call == Calls.Kind.YIELD_FROM_ITERABLE
                        ? "yieldFrom in an AsyncGenerator method: async generators cannot delegate"
                        + " (as in Python); loop over the values and yield each" : null;
            default:
                return yields ? call.methodName + " in a " + kind.descriptor.substring(kind.descriptor.lastIndexOf('/') + 1,
                        kind.descriptor.length() - 1) + " method: only generators yield;"
                        + " return Generator or AsyncGenerator, or await instead" : null;
        }
    }

    private void checkMonitors(ControlFlow cfg, Set<AbstractInsnNode> calls) throws WeaveException {
        MonitorCheck monitors = new MonitorCheck(cfg);
        for (AbstractInsnNode call : calls) {
            if (monitors.holdsMonitor(method.instructions.indexOf(call))) {
                throw new WeaveException(lines.lineOf(call), ((MethodInsnNode) call).name
                        + " inside a synchronized block: a suspended coroutine cannot hold a monitor"
                        + " (it may resume on another thread); move the " + ((MethodInsnNode) call).name
                        + " out of the block, or guard the state with a weft Lock");
            }
        }
    }

    private void stripFrames() {
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                method.instructions.remove(insn);
            }
            insn = next;
        }
    }

    private HierarchyVerifier verifier() {
        List<Type> interfaces = new ArrayList<>();
        for (String i : owner.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        return new HierarchyVerifier(supertypes, Type.getObjectType(owner.name),
                owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
    }

    /**
     * Refuses the method if a value of a class this class cannot name (package-private, in another
     * package) is live across a suspension point and used as that class after it: the woven method
     * restores it as the nearest class it may name ({@link Supertypes#restoreType}), which is all most code
     * needs, but a call taking the hidden class itself would fail the JVM's verifier, and the whole class
     * with it. Checked by verifying the woven method, and only when some restored value hides a class.
     */
    private void refuseHiddenRestores(MethodNode woven, List<Point> points) throws WeaveException {
        Map<String, Point> hiding = new LinkedHashMap<>();
        for (Point p : points) {
            for (List<Saved> saved : List.of(p.locals, p.stack)) {
                for (Saved v : saved) {
                    for (String hidden : supertypes.hiddenClasses(v.type)) {
                        hiding.putIfAbsent(hidden, p);
                    }
                }
            }
        }
        if (hiding.isEmpty()) {
            return;
        }
        int maxStack = woven.maxStack;
        int maxLocals = woven.maxLocals;
        woven.maxStack += 64; // both are estimates until the class is written: leave the analysis room
        woven.maxLocals += 64;
        try {
            new Analyzer<>(verifier()).analyze(owner.name, woven);
        } catch (AnalyzerException e) {
            for (Map.Entry<String, Point> h : hiding.entrySet()) {
                if (String.valueOf(e.getMessage()).contains("L" + h.getKey() + ";")) {
                    String name = h.getKey().replace('/', '.');
                    int usedAt = e.node == null ? -1 : lines.lineOf(e.node);
                    throw new WeaveException(h.getValue().line, "a value of " + name + ", a class "
                            + owner.name.replace('/', '.') + " cannot access, is live across the "
                            + h.getValue().call.name + LineFinder.atLine(h.getValue().line) + " and used as that class"
                            + " after it" + (usedAt > 0 ? " (line " + usedAt + ")" : "") + ": the woven method"
                            + " cannot restore it without naming the class; make " + name + " public, or"
                            + " compute the value after the " + h.getValue().call.name);
                }
            }
            // any other complaint is the analysis's own (it is stricter than the JVM): the JVM decides
        } finally {
            woven.maxStack = maxStack;
            woven.maxLocals = maxLocals;
        }
    }

    private Frame<BasicValue>[] analyse() throws WeaveException {
        HierarchyVerifier verifier = verifier();
        try {
            return new Analyzer<>(verifier).analyze(owner.name, method);
        } catch (AnalyzerException e) {
            throw new WeaveException(e.node == null ? -1 : lines.lineOf(e.node),
                    "cannot analyse the method's bytecode: " + e.getMessage() + verifier.unknownClassesHint(e.getCause()));
        }
    }

    // ------------------------------------------------------------------ planning

    private List<Saved> planEntry(Frame<BasicValue> first, BitSet live, int[] maxSlots) {
        SlotLayout.Allocator slots = new SlotLayout.Allocator();
        List<Saved> saved = new ArrayList<>();
        int params = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            params--;
        }
        for (int var = 0; var < params; var++) {
            BasicValue v = first.getLocal(var);
            if (v.getType() == null || !live.get(var)) {
                continue;
            }
            saved.add(new Saved(v.getType(), var, slots.next(v)));
        }
        slots.reportTo(maxSlots);
        return saved;
    }

    private Point plan(int label, MethodInsnNode call, int index, Frame<BasicValue> frame, ControlFlow cfg,
                       Liveness liveness, int[] maxSlots) throws WeaveException {
        SlotLayout.Allocator slots = new SlotLayout.Allocator();
        List<Saved> stack = new ArrayList<>();
        for (int i = 0; i < frame.getStackSize() - 1; i++) {
            BasicValue v = frame.getStack(i);
            Type t = v.getType();
            if (t == null) {
                throw new WeaveException(lines.lineOf(call), "unsupported bytecode shape: an uninitialized value"
                        + " is on the operand stack at " + call.name);
            }
            if (isNull(t)) {
                stack.add(new Saved(t, -1, null));
                continue;
            }
            stack.add(new Saved(t, -1, slots.next(v)));
        }
        BitSet live = (BitSet) liveness.liveBefore(index + 1 < method.instructions.size() ? index + 1 : index).clone();
        for (int h : cfg.handlers[index]) {
            live.or(liveness.liveBefore(h));
        }
        List<Saved> locals = new ArrayList<>();
        for (int var = live.nextSetBit(0); var >= 0 && var < frame.getLocals(); var = live.nextSetBit(var + 1)) {
            BasicValue v = frame.getLocal(var);
            Type t = v.getType();
            if (t == null || v == BasicValue.RETURNADDRESS_VALUE) {
                continue; // not assigned on every path here: no later read can need it
            }
            if (isNull(t)) {
                locals.add(new Saved(t, var, null));
                continue;
            }
            locals.add(new Saved(t, var, slots.next(v)));
        }
        slots.reportTo(maxSlots);
        Type awaited = frame.getStack(frame.getStackSize() - 1).getType();
        Calls.Kind kind = Calls.suspensionKind(call);
        MethodInsnNode direct = targets.callTakenBy(owner, method, call, kind);
        if (direct != null) {
            directCallees.add(direct.name + direct.desc);
        }
        return new Point(label, call, kind, locals, stack, lines.lineOf(call), mayBeFrame(awaited), direct);
    }

    /**
     * False only if a value of static type {@code t} cannot be a woven coroutine: a class known to the
     * hierarchy that is not a frame class (a future, a task); interfaces, Object and unknown types may be.
     */
    private boolean mayBeFrame(Type t) {
        if (t == null || t.getSort() != Type.OBJECT) {
            return true;
        }
        String name = t.getInternalName();
        return !supertypes.isKnownClass(name) || supertypes.isSubclass(name, FRAME);
    }

    private static boolean isNull(Type t) {
        return t.getSort() == Type.OBJECT && t.getInternalName().equals("null");
    }

    // ------------------------------------------------------------------ the entry method

    private MethodNode buildEntry(Kind kind, SlotLayout layout, List<Saved> saved, String resumeDesc) {
        MethodNode entry = MethodHeaders.emptyCopy(method, method.access);

        int paramSize = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            paramSize--;
        }
        int newFrame = paramSize;
        InsnList code = entry.instructions;
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(start);
        // No line number: the entry runs none of the body, and a line of the body here would stop a
        // debugger's breakpoint on that line when the coroutine is made (jdb's, on the body's first line,
        // only then); without one, a step into the call steps over it, as over a call that does nothing.
        layout.emitNew(code, pushCode(resumeDesc));
        code.add(new VarInsnNode(Opcodes.ASTORE, newFrame));
        for (Saved s : saved) {
            layout.emitSave(code, newFrame, s.slot, s.type, s.var);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, newFrame));
        if (kind.isFuture()) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SUSPEND, "start",
                    "(" + FRAME_DESC + ")Ljava/util/concurrent/CompletableFuture;", false));
        }
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(end);
        if (method.localVariables != null) {
            entry.localVariables = new ArrayList<>();
            for (LocalVariableNode lv : method.localVariables) {
                if (lv.index < paramSize && lv.start == firstLabel()) {
                    entry.localVariables.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, start, end, lv.index));
                }
            }
        }
        entry.maxLocals = newFrame + 1;
        return entry;
    }

    /** Emits the push of the method's code: the {@code Resumable} that calls the resume method. */
    private InsnList pushCode(String resumeDesc) {
        InsnList pushCode = new InsnList();
        boolean itf = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        // the runtime's Linkage.resumable: LambdaMetafactory, once it has checked the runtime's ABI
        Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, LINKAGE, "resumable",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                        + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;I)"
                        + "Ljava/lang/invoke/CallSite;", false);
        Handle impl = new Handle(Opcodes.H_INVOKESTATIC, owner.name, method.name, resumeDesc, itf);
        String instantiated = "(" + resumeDesc.substring(1 + shape.captured(), resumeDesc.indexOf(')') + 1)
                + "Ljava/lang/Object;";
        for (int i = 0; i < shape.captured(); i++) {
            pushCode.add(new InsnNode(Opcodes.ICONST_0));
        }
        pushCode.add(new InvokeDynamicInsnNode("resume",
                "(" + "Z".repeat(shape.captured()) + ")" + RESUMABLE_DESC, bootstrap,
                Type.getMethodType(RESUME_DESC), impl, Type.getMethodType(instantiated), Weaver.RUNTIME_ABI));
        return pushCode;
    }

    private LabelNode firstLabel() {
        AbstractInsnNode first = method.instructions.getFirst();
        return first instanceof LabelNode ? (LabelNode) first : null;
    }

    // ------------------------------------------------------------------ the resume method

    private MethodNode buildResume(Kind kind, SlotLayout.Pair layouts, List<Saved> entrySaved, List<Point> points,
                                   String resumeDesc) {
        SlotLayout layout = layouts.resumed();
        SlotLayout created = layouts.created();
        int access = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
        MethodNode resume = new MethodNode(access, method.name, resumeDesc, null, null);
        shiftLocals();
        int temps = shift + method.maxLocals;

        InsnList head = new InsnList();
        LabelNode describe = new LabelNode();
        LabelNode start = new LabelNode();
        LabelNode[] restores = new LabelNode[points.size() + 1];
        for (int i = 0; i < restores.length; i++) {
            restores[i] = new LabelNode();
        }
        head.add(new VarInsnNode(Opcodes.ILOAD, labelVar));
        head.add(new TableSwitchInsnNode(0, points.size(), describe, restores));
        head.add(describe);
        head.add(new LdcInsnNode(describe(kind, points)));
        head.add(new InsnNode(Opcodes.ARETURN));
        head.add(restores[0]);
        int argsVar = frameVar;
        if (created != layout) {
            // the entry made the larger class, which holds the arguments
            argsVar = temps;
            head.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
            head.add(new TypeInsnNode(Opcodes.CHECKCAST, created.frameClass));
            head.add(new VarInsnNode(Opcodes.ASTORE, argsVar));
        }
        List<DebugRanges.Resume> resumes = new ArrayList<>();
        resumes.add(new DebugRanges.Resume(start, restoredSlots(entrySaved)));
        for (Saved s : entrySaved) {
            created.emitLoad(head, argsVar, s.slot, s.type, castType(s.type));
            head.add(new VarInsnNode(s.type.getOpcode(Opcodes.ISTORE), s.var + shift));
        }
        for (int r = layout.refs; r < created.refs; r++) {
            // slots the suspension points never write: drop the arguments they hold as the body starts
            created.emitClear(head, argsVar, r);
        }
        head.add(new JumpInsnNode(Opcodes.GOTO, start));

        for (Point p : points) {
            LabelNode resumeAt = new LabelNode();
            head.add(restores[p.label]);
            for (Saved s : p.locals) {
                pushSaved(head, layout, s);
                head.add(new VarInsnNode(s.type.getOpcode(Opcodes.ISTORE), s.var + shift));
            }
            for (Saved s : p.stack) {
                pushSaved(head, layout, s);
            }
            head.add(new JumpInsnNode(Opcodes.GOTO, resumeAt));
            resumes.add(new DebugRanges.Resume(resumeAt, restoredSlots(p.locals)));
            rewritePoint(kind, layout, p, resumeAt, temps, resumeDesc);
        }
        head.add(start);
        method.instructions.insert(head);

        returnValuesUnwrapped(method.instructions);
        InsnList frame = new InsnList();
        frame.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        endFrameOnThrow(method.instructions, frame);
        DebugRanges.trim(method, resumes);
        return withBody(resume, temps);
    }

    /** The slots of the resume method that restoring {@code saved} stores. */
    private List<Integer> restoredSlots(List<Saved> saved) {
        List<Integer> slots = new ArrayList<>(saved.size());
        for (Saved s : saved) {
            slots.add(s.var + shift);
        }
        return slots;
    }

    /** Gives {@code target} the rewritten body: its code, handlers and debug information. */
    private MethodNode withBody(MethodNode target, int temps) {
        target.instructions = method.instructions;
        target.tryCatchBlocks = method.tryCatchBlocks;
        target.localVariables = method.localVariables;
        target.visibleLocalVariableAnnotations = method.visibleLocalVariableAnnotations;
        target.invisibleLocalVariableAnnotations = method.invisibleLocalVariableAnnotations;
        target.maxLocals = temps + 8; // both computed again when the class is written
        target.maxStack = method.maxStack + 8;
        return target;
    }

    // ------------------------------------------------------------------ the direct variant

    /**
     * The direct variant: {@code private static synthetic Object name(receiver?, arguments..., InlineDepth)}
     * with the body as the resume method has it from its start, the arguments copied to where the body
     * keeps them, and no frame ({@code null}) until the body needs one: at a suspension (the slow path of
     * an await makes it, saves into it and returns it), at a return that is not a plain value (a
     * {@code Done}, a tail call: it returns the new frame, running, holding the value), and when an
     * exception leaves the body (the frame is made to be ended, as a frame run inline would be).
     */
    private MethodNode buildDirect(Kind kind, SlotLayout layout, List<Point> points, String resumeDesc) {
        MethodNode direct = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                method.name, DirectTargets.variantDescriptor(owner.name, method.desc,
                        (method.access & Opcodes.ACC_STATIC) != 0), null, null);
        shiftLocals();
        int temps = shift + method.maxLocals;
        returnValuesUnwrapped(method.instructions);
        for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.ARETURN) {
                method.instructions.insertBefore(insn, directReturn(layout, resumeDesc));
                method.instructions.remove(insn);
            }
            insn = next;
        }
        for (Point p : points) {
            rewritePoint(kind, layout, p, null, temps, resumeDesc);
        }
        // the frame to end: the body's, or one made now if it has none yet (PEP 479 names the method)
        InsnList frame = new InsnList();
        LabelNode haveFrame = new LabelNode();
        frame.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        frame.add(new InsnNode(Opcodes.DUP));
        frame.add(new JumpInsnNode(Opcodes.IFNONNULL, haveFrame));
        frame.add(new InsnNode(Opcodes.POP));
        newRunningFrame(frame, layout, resumeDesc);
        frame.add(haveFrame);
        endFrameOnThrow(method.instructions, frame);
        InsnList prologue = new InsnList();
        int var = 0;
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            // the call it replaces would have failed on a null receiver: so does the variant, before the body
            prologue.add(new VarInsnNode(Opcodes.ALOAD, 0));
            prologue.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/util/Objects", "requireNonNull",
                    "(Ljava/lang/Object;)Ljava/lang/Object;", false));
            prologue.add(new InsnNode(Opcodes.POP));
            prologue.add(new VarInsnNode(Opcodes.ALOAD, 0));
            prologue.add(new VarInsnNode(Opcodes.ASTORE, shift));
            var = 1;
        }
        for (Type t : Type.getArgumentTypes(method.desc)) {
            prologue.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), var));
            prologue.add(new VarInsnNode(t.getOpcode(Opcodes.ISTORE), var + shift));
            var += t.getSize();
        }
        prologue.add(new InsnNode(Opcodes.ACONST_NULL));
        prologue.add(new VarInsnNode(Opcodes.ASTORE, frameVar));
        method.instructions.insert(prologue);
        return withBody(direct, temps);
    }

    /**
     * Replaces a return of the body, its value on the stack: a plain value is returned as it is; anything
     * else gets a frame, which the caller's {@code Frame.directOutcome} ends as it ends an inline run.
     */
    private InsnList directReturn(SlotLayout layout, String resumeDesc) {
        InsnList code = new InsnList();
        LabelNode ended = new LabelNode();
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "isPlainReturn", "(Ljava/lang/Object;)Z", false));
        code.add(new JumpInsnNode(Opcodes.IFEQ, ended));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(ended);
        newFrame(code, layout, resumeDesc);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "directEnded",
                "(Ljava/lang/Object;" + FRAME_DESC + ")Ljava/lang/Object;", false));
        code.add(new InsnNode(Opcodes.ARETURN));
        return code;
    }

    /**
     * {@code return Coroutines.done(v)} in the body becomes {@code return Suspend.returned(v)}: the driver
     * takes a plain value as the return value, so the {@code Done} made only to be unwrapped is not made.
     * Only a call whose result goes straight to {@code ARETURN} is changed; a {@code Done} kept or passed
     * on is a real object.
     */
    private static void returnValuesUnwrapped(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC && isDoneOfValue((MethodInsnNode) insn)
                    && isReturn(nextReal(insn))) {
                MethodInsnNode call = (MethodInsnNode) insn;
                call.owner = SUSPEND;
                call.name = "returned";
                call.desc = "(Ljava/lang/Object;)Ljava/lang/Object;";
            }
        }
    }

    private static boolean isDoneOfValue(MethodInsnNode call) {
        return Calls.COROUTINES.equals(call.owner) && call.name.equals("done")
                && call.desc.equals("(Ljava/lang/Object;)Ldev/weft/Done;");
    }

    private static boolean isReturn(AbstractInsnNode insn) {
        return insn != null && insn.getOpcode() == Opcodes.ARETURN;
    }

    /** The next instruction that is not a label, line number or frame, or null. */
    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private void pushSaved(InsnList out, SlotLayout layout, Saved s) {
        if (s.slot == null) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
        } else {
            layout.emitLoad(out, frameVar, s.slot, s.type, castType(s.type));
        }
    }

    private Type castType(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY ? supertypes.restoreType(t) : null;
    }

    private void shiftLocals() {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof VarInsnNode) {
                ((VarInsnNode) insn).var += shift;
            } else if (insn instanceof IincInsnNode) {
                ((IincInsnNode) insn).var += shift;
            }
        }
        if (method.localVariables != null) {
            boolean instance = (method.access & Opcodes.ACC_STATIC) == 0;
            for (LocalVariableNode lv : method.localVariables) {
                if (instance && lv.index == 0 && lv.name.equals("this")) {
                    // the woven body is static: debuggers (JDI) hide a local named this*, and thisObject() is
                    // null, so the receiver would be nowhere to see; $this shows as a variable, as Kotlin's does
                    lv.name = THIS;
                }
                lv.index += shift;
            }
        }
        shiftIndexes(method.visibleLocalVariableAnnotations, shift);
        shiftIndexes(method.invisibleLocalVariableAnnotations, shift);
    }

    private static void shiftIndexes(List<LocalVariableAnnotationNode> annotations, int shift) {
        if (annotations == null) {
            return;
        }
        for (LocalVariableAnnotationNode a : annotations) {
            for (int i = 0; i < a.index.size(); i++) {
                a.index.set(i, a.index.get(i) + shift);
            }
        }
    }

    /**
     * Replaces the call of point {@code p} with: an immediate-result check (awaits and yieldFrom), the
     * save of the stack and live locals, the suspension, and the resume point that throws the error sent
     * in or pushes the value sent in.
     */
    private void rewritePoint(Kind kind, SlotLayout layout, Point p, LabelNode resumeAt, int temps,
                              String resumeDesc) {
        InsnList code = new InsnList();
        LabelNode after = new LabelNode();
        boolean pushesResult = p.kind != Calls.Kind.YIELD_FROM_ITERABLE;
        boolean await = p.kind == Calls.Kind.AWAIT;
        if (await || p.kind == Calls.Kind.YIELD_FROM) {
            LabelNode slow = new LabelNode();
            if (await) {
                LabelNode polled = new LabelNode();
                if (p.directCall != null) {
                    // the plain call runs only when no inline level is left: its frame cannot run inline
                    callDirect(p.directCall, polled, temps);
                } else if (p.mayBeFrame) {
                    inlineAwait(code, polled);
                }
                code.add(new InsnNode(Opcodes.DUP));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SUSPEND, "poll",
                        "(Ljava/lang/Object;)Ljava/lang/Object;", false));
                code.add(polled);
            } else {
                LabelNode polled = new LabelNode();
                if (p.directCall != null) {
                    callDirect(p.directCall, polled, temps);
                }
                code.add(new InsnNode(Opcodes.DUP));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SUSPEND, "pollGenerator",
                        "(Ljava/lang/Object;)Ljava/lang/Object;", false));
                code.add(polled);
            }
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new FieldInsnNode(Opcodes.GETSTATIC, SUSPEND, "NOT_READY", "Ljava/lang/Object;"));
            code.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, slow));
            code.add(new InsnNode(Opcodes.SWAP));
            code.add(new InsnNode(Opcodes.POP));
            code.add(new JumpInsnNode(Opcodes.GOTO, after));
            code.add(slow);
            code.add(new InsnNode(Opcodes.POP));
        }
        int argVar = temps;
        code.add(new VarInsnNode(Opcodes.ASTORE, argVar));
        // park the stack in temporaries, top first, then copy each into its slot
        int[] tempOf = new int[p.stack.size()];
        int next = argVar + 1;
        for (int i = 0; i < p.stack.size(); i++) {
            tempOf[i] = next;
            next += p.stack.get(i).type.getSize();
        }
        for (int i = p.stack.size() - 1; i >= 0; i--) {
            Saved s = p.stack.get(i);
            code.add(new VarInsnNode(s.slot == null ? Opcodes.ASTORE : s.type.getOpcode(Opcodes.ISTORE), tempOf[i]));
        }
        if (directVariant) {
            // the first suspension of a direct variant's body: its frame is made now
            newRunningFrame(code, layout, resumeDesc);
            code.add(new VarInsnNode(Opcodes.ASTORE, frameVar));
        }
        boolean[] refUsed = new boolean[layout.refs];
        for (int i = 0; i < p.stack.size(); i++) {
            Saved s = p.stack.get(i);
            if (s.slot != null) {
                layout.emitSave(code, frameVar, s.slot, s.type, tempOf[i]);
                markUsed(refUsed, s.slot);
            }
        }
        for (Saved s : p.locals) {
            if (s.slot != null) {
                layout.emitSave(code, frameVar, s.slot, s.type, s.var + shift);
                markUsed(refUsed, s.slot);
            }
        }
        for (int r = 0; r < refUsed.length && !directVariant; r++) {
            if (!refUsed[r]) {
                layout.emitClear(code, frameVar, r); // a direct variant's frame is new: all clear
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
        code.add(new LdcInsnNode(p.label));
        code.add(new VarInsnNode(Opcodes.ALOAD, argVar));
        String helper;
        String argDesc = "Ljava/lang/Object;";
        switch (p.kind) {
            case AWAIT:
                helper = "await";
                break;
            case YIELD:
                helper = kind == Kind.ASYNC_GENERATOR ? "asyncYield" : "yield";
                break;
            case YIELD_FROM:
                helper = "yieldFrom";
                break;
            default:
                helper = "yieldFromIterable";
                argDesc = "Ljava/lang/Iterable;";
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/Iterable"));
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, SUSPEND, helper,
                "(" + FRAME_DESC + "I" + argDesc + ")Ljava/lang/Object;", false));
        if (directVariant) {
            // returns the frame, holding what it suspended with; the resume method resumes it
            code.add(new VarInsnNode(Opcodes.ALOAD, frameVar));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "directSuspended",
                    "(Ljava/lang/Object;" + FRAME_DESC + ")Ljava/lang/Object;", false));
            code.add(new InsnNode(Opcodes.ARETURN));
            code.add(after);
            method.instructions.insert(p.call, code);
            method.instructions.remove(p.call);
            return;
        }
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(resumeAt);
        LabelNode noError = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, errorVar));
        code.add(new JumpInsnNode(Opcodes.IFNULL, noError));
        code.add(new VarInsnNode(Opcodes.ALOAD, errorVar));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(noError);
        if (pushesResult) {
            code.add(new VarInsnNode(Opcodes.ALOAD, inputVar));
        }
        code.add(after);
        method.instructions.insert(p.call, code);
        method.instructions.remove(p.call);
    }

    /**
     * Emits, for the awaitable on the stack, the direct call of its body if it is a created woven
     * coroutine that {@code Frame.enterInline} lets run inline, so that each level of a chain of awaits
     * costs one call: leaves the await's value (or {@code NOT_READY} if the coroutine suspended) above the
     * awaitable and jumps to {@code polled}; otherwise falls through to the poll, with the stack as it was.
     * Kept short: every byte here counts against the JIT's limit for inlining the woven method.
     */
    private void inlineAwait(InsnList code, LabelNode polled) {
        LabelNode notInline = new LabelNode();
        code.add(new InsnNode(Opcodes.DUP));                                  // x x
        code.add(awaiterDepth());                                             // x x awaiter|depth
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "enterInline",
                "(Ljava/lang/Object;" + (directVariant ? DEPTH_DESC : FRAME_DESC) + ")" + RESUMABLE_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));                                  // x code code
        code.add(new JumpInsnNode(Opcodes.IFNULL, notInline));
        code.add(new InsnNode(Opcodes.SWAP));                                 // code x
        code.add(new InsnNode(Opcodes.DUP_X1));                               // x code x
        code.add(new TypeInsnNode(Opcodes.CHECKCAST, FRAME));
        code.add(new InsnNode(Opcodes.ICONST_0));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new InsnNode(Opcodes.ACONST_NULL));
        code.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, RESUMABLE, "resume", RESUME_DESC, true)); // x out
        code.add(new InsnNode(Opcodes.SWAP));                                 // out x
        code.add(new InsnNode(Opcodes.DUP_X1));                               // x out x
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "inlineReturned",
                "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false)); // x value
        code.add(new JumpInsnNode(Opcodes.GOTO, polled));
        code.add(notInline);
        code.add(new InsnNode(Opcodes.POP));                                  // x
    }

    /** Pushes what tells how deep this body runs inline: its frame, or in a direct variant its depth. */
    private InsnList awaiterDepth() {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, directVariant ? depthVar : frameVar));
        return code;
    }

    /**
     * Emits, before {@code call} (the call of a direct target whose result the await or yieldFrom right
     * after it takes), the call of the target's direct variant, when the Java stack has room for one more
     * inline level: it leaves the point's value (or {@code NOT_READY}, above the target's frame, if it
     * suspended) above the variant's result and jumps to {@code polled}; without room, the plain call runs
     * and the point goes on as for any coroutine or generator (it delegates). {@code depthTemp} holds the
     * depth meanwhile.
     */
    private void callDirect(MethodInsnNode call, LabelNode polled, int depthTemp) {
        InsnList code = new InsnList();
        LabelNode plain = new LabelNode();
        code.add(awaiterDepth());                                             // args awaiter|depth
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "depthBelow",
                "(" + (directVariant ? DEPTH_DESC : FRAME_DESC) + ")" + DEPTH_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));                                  // args d d
        code.add(new VarInsnNode(Opcodes.ASTORE, depthTemp));
        code.add(new JumpInsnNode(Opcodes.IFNULL, plain));                    // args
        code.add(new VarInsnNode(Opcodes.ALOAD, depthTemp));                  // args d
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, call.name,
                DirectTargets.variantDescriptor(owner.name, call.desc, call.getOpcode() == Opcodes.INVOKESTATIC),
                false));                                                      // r
        code.add(new InsnNode(Opcodes.DUP));                                  // r r
        code.add(new VarInsnNode(Opcodes.ALOAD, depthTemp));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "directOutcome",
                "(Ljava/lang/Object;" + DEPTH_DESC + ")Ljava/lang/Object;", false)); // r value
        code.add(new JumpInsnNode(Opcodes.GOTO, polled));
        code.add(plain);                                                      // args: the plain call follows
        method.instructions.insertBefore(call, code);
    }

    /** Emits {@code new} of the frame class, its code pushed: a direct variant's frame, made when needed. */
    private void newFrame(InsnList code, SlotLayout layout, String resumeDesc) {
        layout.emitNew(code, pushCode(resumeDesc));
    }

    /** {@link #newFrame}, the frame marked running (its body is: a direct variant made it mid-run). */
    private void newRunningFrame(InsnList code, SlotLayout layout, String resumeDesc) {
        newFrame(code, layout, resumeDesc);
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "directStarted", "(" + FRAME_DESC + ")V", false));
    }

    /**
     * Makes every exception that leaves the woven body end its frame first ({@code Frame.bodyFailed}), as
     * the driver would: a coroutine run inline by an await has no driver around it. The handler is the
     * last in the table, so it sees only what the body's own handlers let out; {@code pushFrame} pushes
     * the frame it ends.
     */
    private void endFrameOnThrow(InsnList code, InsnList pushFrame) {
        LabelNode bodyStart = new LabelNode();
        LabelNode bodyEnd = new LabelNode();
        LabelNode failed = new LabelNode();
        code.insert(bodyStart);
        code.add(bodyEnd);
        code.add(failed);
        code.add(pushFrame);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, FRAME, "bodyFailed",
                "(Ljava/lang/Throwable;" + FRAME_DESC + ")Ljava/lang/Throwable;", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        method.tryCatchBlocks.add(new TryCatchBlockNode(bodyStart, bodyEnd, failed, "java/lang/Throwable"));
    }

    private static void markUsed(boolean[] refUsed, SlotLayout.Slot slot) {
        if (slot.ref()) {
            refUsed[slot.index()] = true;
        }
    }

    private String describe(Kind kind, List<Point> points) {
        StringBuilder text = new StringBuilder();
        text.append(kind.letter).append('|').append(owner.name).append('|').append(method.name).append('|')
                .append(method.desc).append('|').append(owner.sourceFile == null ? "" : owner.sourceFile).append('|')
                .append(lines.firstLine());
        for (Point p : points) {
            text.append(',').append(p.line);
        }
        return text.toString();
    }
}
