package dev.weft.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.weft.weaver.Diagnostic;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Weaves one class file that javac has just written, in place: finds it through the {@link Filer},
 * weaves it if it may hold {@code @Async} code, and replaces it atomically, so a reader never sees half a
 * file. A class the weaver refuses is deleted, as javac writes no class file for a class with errors,
 * and each refusal becomes a javac error at the method. An already woven class is left as it is.
 */
final class ClassFileWeaving {
    private final Trees trees;
    private final CompiledClasses compiled;
    private final Elements elements;
    private final Types types;
    private final Filer filer;
    private final Messager messager;
    private final Function<byte[], WeaveResult> weaver;
    private final boolean verbose;
    private boolean warnedNotADirectory;

    ClassFileWeaving(Trees trees, CompiledClasses compiled, Elements elements, Types types, Filer filer,
                     Messager messager, Function<byte[], WeaveResult> weaver, boolean verbose) {
        this.trees = trees;
        this.compiled = compiled;
        this.elements = elements;
        this.types = types;
        this.filer = filer;
        this.messager = messager;
        this.weaver = weaver;
        this.verbose = verbose;
    }

    /** Weaves the class file of {@code type}, written from {@code source} (may be null), if it needs it. */
    void weave(TypeElement type, JavaFileObject source) {
        String binary = elements.getBinaryName(type).toString();
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.getQualifiedName().toString();
        String fileName = binary.substring(packageName.isEmpty() ? 0 : packageName.length() + 1) + ".class";
        Path file = locate(type, packageName, fileName, source);
        if (file == null) {
            if (!warnedNotADirectory && declaresAsyncMethods(type)) {
                // nothing may be lost silently: an @Async method left unwoven would fail when called
                messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.PREFIX + "cannot find the class"
                        + " file javac wrote for " + binary + ", so its @Async methods cannot be woven here (a weft"
                        + " bug; please report it): weave the class files with the weft-maven-plugin (goal weave)"
                        + " or run with -javaagent:weft-agent.jar", type);
            }
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.PREFIX + "cannot read " + file
                    + " to weave it: " + e, type);
            return;
        }
        if (!Weaver.mightNeedWeaving(bytes)) {
            return;
        }
        WeaveResult result;
        try {
            result = weaver.apply(bytes);
        } catch (RuntimeException e) {
            messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.PREFIX + "the weaver failed on "
                    + binary + " (a weft bug; please report it): " + e, type);
            delete(file, type);
            return;
        }
        for (Diagnostic d : result.diagnostics()) {
            report(type, d);
        }
        if (result.hasErrors()) {
            delete(file, type);
            return;
        }
        if (!result.changed()) {
            return; // nothing to weave, or woven already
        }
        try {
            writeAtomically(file, result.bytes());
        } catch (IOException e) {
            messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.PREFIX + "cannot write the woven "
                    + file + ": " + e, type);
            return;
        }
        if (verbose) {
            for (String m : result.wovenMethods()) {
                messager.printMessage(javax.tools.Diagnostic.Kind.NOTE, Messages.PREFIX + "wove " + m);
            }
        }
    }

    /**
     * The class file of {@code type} on disk, or null. With {@code -d} javac writes it where the Filer
     * says; without, next to its source. The one just written is the newer.
     */
    private Path locate(TypeElement type, String packageName, String fileName, JavaFileObject source) {
        Path fromFiler = null;
        try {
            FileObject f;
            try {
                f = filer.getResource(StandardLocation.CLASS_OUTPUT, moduleAndPackage(type, packageName), fileName);
            } catch (javax.annotation.processing.FilerException singleModule) {
                // compiling one module (not --module-source-path): its output location takes no module name
                f = filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, fileName);
            }
            URI uri = f.toUri();
            if (!"file".equals(uri.getScheme())) {
                if (!warnedNotADirectory) {
                    warnedNotADirectory = true;
                    messager.printMessage(javax.tools.Diagnostic.Kind.NOTE,
                            String.format(Messages.NOT_A_DIRECTORY, uri.getScheme() + ":"));
                }
                return null;
            }
            fromFiler = Path.of(uri);
        } catch (IOException | RuntimeException e) {
            // no such location: try next to the source
        }
        Path besideSource = null;
        if (source != null && "file".equals(source.toUri().getScheme())) {
            Path dir = Path.of(source.toUri()).getParent();
            if (dir != null) {
                besideSource = dir.resolve(fileName);
            }
        }
        return newer(existing(fromFiler), existing(besideSource));
    }

    /** True if {@code type} itself declares a method annotated {@code @dev.weft.Async}. */
    private static boolean declaresAsyncMethods(TypeElement type) {
        for (javax.lang.model.element.Element member : type.getEnclosedElements()) {
            for (javax.lang.model.element.AnnotationMirror a : member.getAnnotationMirrors()) {
                javax.lang.model.element.Element annotation = a.getAnnotationType().asElement();
                if (annotation instanceof TypeElement
                        && ((TypeElement) annotation).getQualifiedName().contentEquals(WeftApi.ASYNC)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path existing(Path p) {
        return p != null && Files.isRegularFile(p) ? p : null;
    }

    private static Path newer(Path a, Path b) {
        if (a == null || b == null || a.equals(b)) {
            return a != null ? a : b;
        }
        try {
            return Files.getLastModifiedTime(b).compareTo(Files.getLastModifiedTime(a)) > 0 ? b : a;
        } catch (IOException e) {
            return a;
        }
    }

    /** The Filer's "module/package" form when the class is in a named module, else the package. */
    private String moduleAndPackage(TypeElement type, String packageName) {
        ModuleElement module = elements.getModuleOf(type);
        if (module == null || module.isUnnamed()) {
            return packageName;
        }
        return module.getQualifiedName() + "/" + packageName;
    }

    /** Replaces {@code file} by a file holding {@code bytes}, never leaving it half written. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".weft-tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void delete(Path file, TypeElement type) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            messager.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.PREFIX + "cannot delete " + file
                    + ", which could not be woven: " + e, type);
        }
    }

    /**
     * A weaver diagnostic as a javac diagnostic at its line inside the method it is about; else at the
     * method, the class, or the nearest enclosing element with a tree (javac has lowered the class by
     * now, so the trees noted during analysis are asked, not javac).
     */
    private void report(TypeElement type, Diagnostic d) {
        javax.tools.Diagnostic.Kind kind = d.severity() == Diagnostic.Severity.ERROR
                ? javax.tools.Diagnostic.Kind.ERROR : javax.tools.Diagnostic.Kind.WARNING;
        String message = Messages.PREFIX + "cannot weave " + d;
        Element method = findMethod(type, d.methodName(), d.descriptor());
        TreePath path = null;
        for (Element e = method != null ? method : type; e != null && path == null; e = e.getEnclosingElement()) {
            path = compiled.pathOf(e);
        }
        if (path == null) {
            messager.printMessage(kind, message, type);
            return;
        }
        trees.printMessage(kind, message, treeAtLine(path, d.line()), path.getCompilationUnit());
    }

    /** The outermost statement or expression under {@code path} that starts at {@code line}, else its leaf. */
    private Tree treeAtLine(TreePath path, int line) {
        if (line <= 0) {
            return path.getLeaf();
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        SourcePositions positions = trees.getSourcePositions();
        LineMap lines = unit.getLineMap();
        Tree[] found = {null};
        new TreeScanner<Void, Void>() {
            @Override
            public Void scan(Tree tree, Void unused) {
                if (tree == null || found[0] != null) {
                    return null;
                }
                long start = positions.getStartPosition(unit, tree);
                if (start >= 0 && lines.getLineNumber(start) == line
                        && (tree instanceof StatementTree || tree instanceof ExpressionTree)) {
                    found[0] = tree;
                    return null;
                }
                return super.scan(tree, unused);
            }
        }.scan(path.getLeaf(), null);
        return found[0] != null ? found[0] : path.getLeaf();
    }

    private ExecutableElement findMethod(TypeElement type, String name, String descriptor) {
        for (Element e : type.getEnclosedElements()) {
            if ((e.getKind() == ElementKind.METHOD || e.getKind() == ElementKind.CONSTRUCTOR)
                    && e.getSimpleName().contentEquals(name)
                    && descriptor.equals(Descriptors.of(elements, types, (ExecutableElement) e))) {
                return (ExecutableElement) e;
            }
        }
        return null;
    }
}
