package dev.weft.processor;

import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * What the processor does inside javac, after annotation processing: when javac has analysed a class,
 * its bodies are checked (the trees are attributed by then); when javac has written a class file, it is
 * woven in place. Nested classes are written before their outer class, and each is woven on its own.
 */
final class WeftTaskListener implements TaskListener {
    private final Trees trees;
    private final Messager messager;
    private final WeftApi api;
    private final GeneratorTypes generatorTypes;
    private final ClassFileWeaving weaving;
    private final CompiledClasses compiled;

    /**
     * @param weaving null to check only
     * @param compiled filled with every class and method this compilation declares, as javac analyses them
     */
    WeftTaskListener(Trees trees, Messager messager, WeftApi api, GeneratorTypes generatorTypes,
                     ClassFileWeaving weaving, CompiledClasses compiled) {
        this.trees = trees;
        this.messager = messager;
        this.api = api;
        this.generatorTypes = generatorTypes;
        this.weaving = weaving;
        this.compiled = compiled;
    }

    @Override
    public void finished(TaskEvent e) {
        try {
            if (e.getKind() == TaskEvent.Kind.ANALYZE) {
                analysed(e);
            } else if (e.getKind() == TaskEvent.Kind.GENERATE && e.getTypeElement() != null
                    && !isInfoFile(e.getTypeElement())) {
                if (weaving != null) {
                    compiled.add(e.getTypeElement());
                    weaving.weave(e.getTypeElement(), e.getSourceFile());
                }
                compiled.forgetTrees(e.getTypeElement());
            }
        } catch (RuntimeException failure) {
            // never take javac down: say what failed, and fail the compilation instead
            Element at = e.getTypeElement();
            String message = Messages.PREFIX + "internal error during " + e.getKind() + " of "
                    + (at == null ? e.getSourceFile() : at) + " (a weft bug; please report it): " + failure;
            if (at == null) {
                messager.printMessage(Diagnostic.Kind.ERROR, message);
            } else {
                messager.printMessage(Diagnostic.Kind.ERROR, message, at);
            }
        }
    }

    /**
     * True for the class files of {@code module-info.java} and {@code package-info.java}: javac reports
     * writing them too, under a symbol that is no class (no Java class can have such a name).
     */
    private static boolean isInfoFile(TypeElement element) {
        return element.getSimpleName().contentEquals("module-info")
                || element.getSimpleName().contentEquals("package-info");
    }

    /** Checks the bodies of a class javac has attributed, once, and notes the classes it declares. */
    private void analysed(TaskEvent e) {
        if (e.getTypeElement() == null || e.getCompilationUnit() == null) {
            return;
        }
        TreePath path = trees.getPath(e.getTypeElement());
        if (path == null || !compiled.addAll(path)) {
            return; // checked already, as a member of a class analysed before it
        }
        new BodyCheck(trees, api, generatorTypes, e.getCompilationUnit()).scan(path, null);
    }
}
