package dev.weft.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.weft.processor.WeftApi.Kind;
import dev.weft.processor.WeftApi.Suspension;
import java.util.Arrays;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Checks the bodies of one attributed class: where each suspension point stands (inside an
 * {@code @Async} method, not in a lambda, a local class or a {@code synchronized} block, of a kind the
 * method's return type allows, with values of the generator's types), and warns where a coroutine is
 * created and dropped, and where one suspends holding a {@code java.util.concurrent} lock (a try block
 * whose finally unlocks it). Needs javac's attributed trees, so it runs after javac's analysis of the class.
 */
final class BodyCheck extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final WeftApi api;
    private final GeneratorTypes generatorTypes;
    private final CompilationUnitTree unit;

    BodyCheck(Trees trees, WeftApi api, GeneratorTypes generatorTypes, CompilationUnitTree unit) {
        this.trees = trees;
        this.api = api;
        this.generatorTypes = generatorTypes;
        this.unit = unit;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        Suspension suspension = WeftApi.suspensionOf(trees.getElement(getCurrentPath()));
        if (suspension != null) {
            checkPlace(suspension, node);
        }
        return super.visitMethodInvocation(node, unused);
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
        checkDropped(new TreePath(getCurrentPath(), node.getExpression()));
        return super.visitExpressionStatement(node, unused);
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
        if (node.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION
                && generatorTypes.returnsVoid(trees.getTypeMirror(getCurrentPath()))) {
            // () -> fetch() where a Runnable is expected: the coroutine is dropped as surely as in a statement
            checkDropped(new TreePath(getCurrentPath(), node.getBody()));
        }
        return super.visitLambdaExpression(node, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree node, Void unused) {
        Element target = trees.getElement(getCurrentPath());
        Suspension suspension = WeftApi.suspensionOf(target);
        if (suspension != null) {
            // Coroutines::await anywhere: the function runs outside any @Async body, where it throws
            error(node, "method reference Coroutines::" + suspension.methodName + ": a suspension point cannot be"
                    + " passed as a function (it would run outside the @Async body, and throw); call Coroutines."
                    + suspension.methodName + "(...) directly in an @Async method, for example in a loop");
            return super.visitMemberReference(node, unused);
        }
        // Runnable r = this::fetch: each run makes a coroutine and drops it
        if (target instanceof ExecutableElement && target.getKind() == ElementKind.METHOD
                && api.isCoroutine(((ExecutableElement) target).getReturnType())
                && generatorTypes.returnsVoid(trees.getTypeMirror(getCurrentPath()))
                && !suppressed(getCurrentPath())) {
            warnDropped(target.getSimpleName() + "(...)", node);
        }
        return super.visitMemberReference(node, unused);
    }

    // ------------------------------------------------------------------ where a suspension point stands

    private void checkPlace(Suspension suspension, MethodInvocationTree call) {
        String what = suspension.methodName;
        TreePath lambda = null;
        TreePath monitor = null;
        MethodInvocationTree threadLockRelease = null; // lock.unlock() in the finally of a try around the call
        TreePath owner = null; // the method or class whose code the call is
        Tree child = call;
        for (TreePath p = getCurrentPath().getParentPath(); p != null; child = p.getLeaf(), p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf instanceof LambdaExpressionTree) {
                if (lambda == null) {
                    lambda = p;
                }
            } else if (leaf instanceof SynchronizedTree) {
                if (monitor == null && ((SynchronizedTree) leaf).getBlock() == child) {
                    monitor = p;
                }
            } else if (leaf instanceof TryTree) {
                TryTree t = (TryTree) leaf;
                if (threadLockRelease == null && t.getBlock() == child && t.getFinallyBlock() != null) {
                    threadLockRelease = threadLockReleaseIn(new TreePath(p, t.getFinallyBlock()));
                }
            } else if (leaf instanceof MethodTree || leaf instanceof ClassTree) {
                owner = p;
                break;
            }
        }
        Tree at = call.getMethodSelect();
        if (lambda != null) {
            error(at, what + " inside a lambda body: a lambda cannot suspend the method around it;"
                    + " use a loop in the @Async method, or make the lambda's work an @Async method and await it");
            return;
        }
        Element ownerElement = owner == null ? null : trees.getElement(owner);
        if (owner != null && ownerElement == null) {
            return; // code javac could not attribute: it reports that itself
        }
        if (owner == null || !(owner.getLeaf() instanceof MethodTree) || !api.isAsync(ownerElement)) {
            refuseOutside(what, at, owner, ownerElement);
            return;
        }
        ExecutableElement method = (ExecutableElement) ownerElement;
        if (monitor != null) {
            error(at, what + " inside a synchronized block: a suspended coroutine cannot hold a monitor"
                    + " (it may resume on another thread); move the " + what
                    + " out of the block, or guard the state with a weft Lock");
        }
        if (threadLockRelease != null && !suppressed(getCurrentPath())) {
            trees.printMessage(Diagnostic.Kind.WARNING, Messages.PREFIX + what + " while holding a thread's lock ("
                    + threadLockRelease + " in the finally block around it): every task of a loop runs on its"
                    + " thread, so the lock keeps none of them out, and a coroutine resumed on another thread"
                    + " cannot unlock it; guard the state with a weft Lock (dev.weft.loop.Lock), or release the"
                    + " lock before the " + what + " (@SuppressWarnings(\"weft\") silences this)", at, unit);
        }
        Kind kind = api.kindOf(method);
        if (kind == null) {
            return; // the return type is refused at the method itself
        }
        String refusal = refusal(kind, suspension);
        if (refusal != null) {
            error(at, refusal);
            return;
        }
        if (kind.yields()) {
            generatorTypes.check(suspension, getCurrentPath(), method, kind, this::error);
        }
    }

    /** The first {@code unlock()} of a thread's lock in {@code block} (a finally block), or null. */
    private MethodInvocationTree threadLockReleaseIn(TreePath block) {
        MethodInvocationTree[] found = new MethodInvocationTree[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
                if (found[0] == null && api.isThreadLockUnlock(trees.getElement(getCurrentPath()))) {
                    found[0] = node;
                }
                return super.visitMethodInvocation(node, unused);
            }

            @Override
            public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                return null; // runs elsewhere, if at all
            }

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                return null;
            }
        }.scan(block, null);
        return found[0];
    }

    /** A suspension point in code that is not an {@code @Async} body. */
    private void refuseOutside(String what, Tree at, TreePath owner, Element ownerElement) {
        ExecutableElement around = enclosingAsyncMethod(owner);
        if (around != null) {
            error(at, what + " inside a local or anonymous class within @Async method " + around.getSimpleName()
                    + ": its methods cannot suspend " + around.getSimpleName() + "; move the " + what
                    + " into " + around.getSimpleName() + " itself, or make the inner method @Async and await it");
        } else if (ownerElement == null || ownerElement.getKind() == ElementKind.CONSTRUCTOR
                || !(owner.getLeaf() instanceof MethodTree)) {
            error(at, what + " in a constructor or initializer: a constructor cannot suspend;"
                    + " move the code into an @Async method (for example a static factory)");
        } else {
            error(at, what + " outside an @Async method: " + ownerElement.getSimpleName() + " is not @Async, so"
                    + " nothing rewrites this call and it would throw; annotate " + ownerElement.getSimpleName()
                    + " @Async (returning " + WeftApi.ALLOWED_RETURNS + ") or move the call into an @Async method");
        }
    }

    /** The {@code @Async} method that a local or anonymous class around {@code owner} is declared in, or null. */
    private ExecutableElement enclosingAsyncMethod(TreePath owner) {
        TreePath classPath = owner;
        while (classPath != null && !(classPath.getLeaf() instanceof ClassTree)) {
            classPath = classPath.getParentPath();
        }
        if (classPath == null) {
            return null;
        }
        Element type = trees.getElement(classPath);
        if (!(type instanceof TypeElement) || (((TypeElement) type).getNestingKind() != NestingKind.LOCAL
                && ((TypeElement) type).getNestingKind() != NestingKind.ANONYMOUS)) {
            return null;
        }
        for (TreePath p = classPath.getParentPath(); p != null; p = p.getParentPath()) {
            if (p.getLeaf() instanceof MethodTree) {
                Element m = trees.getElement(p);
                return api.isAsync(m) ? (ExecutableElement) m : enclosingAsyncMethod(p);
            }
            if (p.getLeaf() instanceof ClassTree) {
                return enclosingAsyncMethod(p); // declared in an initializer of a class that may itself be local
            }
        }
        return null;
    }

    private static String refusal(Kind kind, Suspension suspension) {
        if (suspension == Suspension.AWAIT) {
            return kind.awaits() ? null : "await in a Generator method: a generator cannot await;"
                    + " return AsyncGenerator (await and yield) or Coroutine (await only)";
        }
        if (!kind.yields()) {
            return suspension.methodName + " in a " + kind.simpleName
                    + " method: only generators yield; return Generator or AsyncGenerator, or await instead";
        }
        if (kind == Kind.ASYNC_GENERATOR && suspension == Suspension.YIELD_FROM) {
            return "yieldFrom in an AsyncGenerator method: async generators cannot delegate (as in Python);"
                    + " loop over the values and yield each";
        }
        return null;
    }

    // ------------------------------------------------------------------ coroutines created and dropped

    private void checkDropped(TreePath expression) {
        ExpressionTree e = (ExpressionTree) expression.getLeaf();
        while (e instanceof ParenthesizedTree) {
            e = ((ParenthesizedTree) e).getExpression();
            expression = new TreePath(expression, e);
        }
        String name;
        Tree at = e;
        if (e.getKind() == Tree.Kind.METHOD_INVOCATION) {
            Element callee = trees.getElement(expression);
            if (!(callee instanceof ExecutableElement) || WeftApi.isDone(callee)
                    || !api.isCoroutine(((ExecutableElement) callee).getReturnType())) {
                return; // judged by the declared type: Map.put returning a V that is a Coroutine is no creation
            }
            if (isGetter((ExecutableElement) callee)) {
                return; // it hands out a coroutine made before (Task.getCoro()), which may be running
            }
            name = callee.getSimpleName() + "(...)";
            at = ((MethodInvocationTree) e).getMethodSelect();
        } else if (e.getKind() == Tree.Kind.NEW_CLASS) {
            TypeMirror type = trees.getTypeMirror(expression);
            if (!api.isCoroutine(type)) {
                return;
            }
            name = "new " + type;
        } else {
            return;
        }
        if (!suppressed(expression)) {
            warnDropped(name, at);
        }
    }

    /**
     * True for a method named as a getter ({@code getCoro()}: no parameters, {@code get} and a capital) and
     * not {@code @Async}: by convention it returns a coroutine that exists already, so dropping what it
     * returns leaves no coroutine unrun. An {@code @Async} method makes a new one whatever its name.
     */
    private boolean isGetter(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        return method.getParameters().isEmpty() && name.length() > 3 && name.startsWith("get")
                && Character.isUpperCase(name.charAt(3)) && !api.isAsync(method);
    }

    private void warnDropped(String name, Tree at) {
        trees.printMessage(Diagnostic.Kind.WARNING, Messages.PREFIX + "coroutine " + name + " is created here and"
                + " never awaited, scheduled or stored, so its body never runs (asyncio: \"coroutine was never"
                + " awaited\"); await it, pass it to Asyncio.createTask or Asyncio.run, or store it"
                + " (@SuppressWarnings(\"weft\") silences this)", at, unit);
    }

    private boolean suppressed(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            Tree leaf = p.getLeaf();
            if (leaf instanceof MethodTree || leaf instanceof ClassTree || leaf instanceof VariableTree) {
                Element element = trees.getElement(p);
                SuppressWarnings s = element == null ? null : element.getAnnotation(SuppressWarnings.class);
                if (s != null && Arrays.asList(s.value()).contains("weft")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void error(Tree at, String message) {
        trees.printMessage(Diagnostic.Kind.ERROR, Messages.PREFIX + message, at, unit);
    }

    /** How {@link GeneratorTypes} reports a problem at a tree. */
    interface Reporter {
        void error(Tree at, String message);
    }

    static boolean isKnown(TypeMirror type) {
        return type != null && type.getKind() != TypeKind.ERROR && type.getKind() != TypeKind.NONE;
    }
}
