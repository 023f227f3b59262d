package dev.weft.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The classes and methods of this compilation, noted while javac still has their attributed trees: by
 * internal name for the weaver's type hierarchy (the model cannot look up local and anonymous classes by
 * name), and with their trees for positions, which javac no longer gives for an element once it has
 * lowered the class for code generation.
 */
final class CompiledClasses {
    private final Trees trees;
    private final Elements elements;
    private final Map<String, TypeElement> byName = new HashMap<>();
    private final Map<Element, TreePath> paths = new IdentityHashMap<>();
    private final Set<Tree> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    CompiledClasses(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /**
     * Notes every class and method declared under {@code path}, the tree of a class javac has analysed;
     * false if that class was noted already, as a member of a class analysed before it.
     */
    boolean addAll(TreePath path) {
        if (!seen.add(path.getLeaf())) {
            return false;
        }
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitClass(ClassTree node, Void unused) {
                seen.add(node);
                Element type = trees.getElement(getCurrentPath());
                if (type instanceof TypeElement) {
                    add((TypeElement) type);
                    paths.put(type, getCurrentPath());
                }
                return super.visitClass(node, unused);
            }

            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                Element method = trees.getElement(getCurrentPath());
                if (method != null) {
                    paths.put(method, getCurrentPath());
                }
                return super.visitMethod(node, unused);
            }
        }.scan(path, null);
        return true;
    }

    /** Notes {@code type} by its internal name. */
    void add(TypeElement type) {
        byName.put(internalName(elements, type), type);
    }

    /** The class of this compilation named {@code internalName}, or null. */
    TypeElement byInternalName(String internalName) {
        return byName.get(internalName);
    }

    /** The tree of {@code element} as javac attributed it, or null if it was not noted. */
    TreePath pathOf(Element element) {
        return paths.get(element);
    }

    /** Lets go of the trees of {@code type} and its members once its class file is done with. */
    void forgetTrees(TypeElement type) {
        for (Element member : type.getEnclosedElements()) {
            paths.remove(member);
        }
        paths.remove(type);
    }

    /** The internal name of {@code type} ({@code a/b/Outer$Inner}). */
    static String internalName(Elements elements, TypeElement type) {
        return elements.getBinaryName(type).toString().replace('.', '/');
    }
}
