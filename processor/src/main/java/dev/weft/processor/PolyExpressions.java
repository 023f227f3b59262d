package dev.weft.processor;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * How javac types an argument of {@code yield(Object)} or {@code yieldFrom}: a poly expression takes its
 * type from the parameter it is passed to, not from the generator's yield type, which Java does not know
 * there. A reference conditional or a switch expression is typed as the parameter (each branch fitting it
 * on its own), so its branches are what can be judged; a generic call or a diamond has its type arguments
 * inferred for the parameter, so only its class can be.
 */
final class PolyExpressions {
    private PolyExpressions() {
    }

    /**
     * The expressions whose value {@code expression} can have: the branches of reference conditionals and
     * the results of switch expressions, each taken apart in turn; {@code expression} itself otherwise.
     * Parentheses are looked through. A numeric or boolean conditional is one value: its branches are
     * promoted to one primitive type before it is passed.
     */
    static List<TreePath> values(TreePath expression, Trees trees) {
        List<TreePath> values = new ArrayList<>();
        collect(expression, trees, values);
        return values;
    }

    private static void collect(TreePath path, Trees trees, List<TreePath> values) {
        Tree tree = path.getLeaf();
        if (tree instanceof ParenthesizedTree) {
            collect(new TreePath(path, ((ParenthesizedTree) tree).getExpression()), trees, values);
        } else if (tree instanceof ConditionalExpressionTree && !isPrimitive(trees.getTypeMirror(path))) {
            ConditionalExpressionTree c = (ConditionalExpressionTree) tree;
            collect(new TreePath(path, c.getTrueExpression()), trees, values);
            collect(new TreePath(path, c.getFalseExpression()), trees, values);
        } else if (tree instanceof SwitchExpressionTree) {
            for (TreePath result : switchResults(path)) {
                collect(result, trees, values);
            }
        } else {
            values.add(path);
        }
    }

    private static boolean isPrimitive(TypeMirror type) {
        return type != null && type.getKind().isPrimitive();
    }

    /**
     * True if javac inferred the type arguments of the value at {@code path} from the parameter it is
     * passed to: a call of a generic method that names none of its type arguments and returns a type that
     * mentions one of its type parameters, or a {@code new} with a diamond.
     */
    static boolean isInferred(TreePath path, Trees trees) {
        Tree tree = path.getLeaf();
        if (tree instanceof NewClassTree) {
            Tree type = ((NewClassTree) tree).getIdentifier();
            return type instanceof ParameterizedTypeTree && ((ParameterizedTypeTree) type).getTypeArguments().isEmpty();
        }
        if (!(tree instanceof MethodInvocationTree) || !((MethodInvocationTree) tree).getTypeArguments().isEmpty()) {
            return false;
        }
        Element element = trees.getElement(path);
        if (!(element instanceof ExecutableElement)) {
            return false;
        }
        ExecutableElement method = (ExecutableElement) element;
        return !method.getTypeParameters().isEmpty() && mentions(method.getReturnType(), method.getTypeParameters());
    }

    /**
     * True if the inferred value at {@code path}, of type {@code valueType}, yields values of a type its
     * arguments alone decide, so that knowing the generator's yield type would not have changed it: the
     * type argument of {@code asType} ({@code Generator}'s Y, {@code Iterable}'s element) in the declared
     * type of the generic method or diamond class is one of its own type variables, that variable appears
     * in the parameters (so the arguments bound it from below, and javac took their least upper bound),
     * and the inferred argument is not the variable's bound (what it is when nothing bound it).
     */
    static boolean yieldsArgumentType(TreePath path, String asType, TypeMirror valueType, Trees trees,
                                      Types types, WeftApi api) {
        Element element = trees.getElement(path);
        if (!(element instanceof ExecutableElement)) {
            return false;
        }
        ExecutableElement callee = (ExecutableElement) element;
        TypeMirror declared;
        List<? extends TypeParameterElement> variables;
        if (path.getLeaf() instanceof NewClassTree) {
            if (((NewClassTree) path.getLeaf()).getClassBody() != null
                    || !(callee.getEnclosingElement() instanceof TypeElement)) {
                return false;
            }
            TypeElement type = (TypeElement) callee.getEnclosingElement();
            declared = type.asType();
            variables = type.getTypeParameters();
        } else {
            declared = callee.getReturnType();
            variables = callee.getTypeParameters();
        }
        List<? extends TypeMirror> declaredArguments = api.typeArgumentsAs(declared, asType);
        List<? extends TypeMirror> actualArguments = api.typeArgumentsAs(valueType, asType);
        if (declaredArguments == null || actualArguments == null
                || declaredArguments.get(0).getKind() != TypeKind.TYPEVAR
                || !variables.contains(((TypeVariable) declaredArguments.get(0)).asElement())) {
            return false;
        }
        TypeVariable variable = (TypeVariable) declaredArguments.get(0);
        boolean inParameters = false;
        for (VariableElement parameter : callee.getParameters()) {
            inParameters |= mentions(parameter.asType(), List.of((TypeParameterElement) variable.asElement()));
        }
        TypeMirror actual = actualArguments.get(0);
        return inParameters && actual.getKind() == TypeKind.DECLARED
                && !types.isSameType(types.erasure(actual), types.erasure(variable.getUpperBound()));
    }

    /** True if {@code type} mentions one of {@code parameters}. */
    private static boolean mentions(TypeMirror type, List<? extends TypeParameterElement> parameters) {
        switch (type.getKind()) {
            case TYPEVAR:
                return parameters.contains(((TypeVariable) type).asElement());
            case ARRAY:
                return mentions(((ArrayType) type).getComponentType(), parameters);
            case WILDCARD:
                WildcardType w = (WildcardType) type;
                return (w.getExtendsBound() != null && mentions(w.getExtendsBound(), parameters))
                        || (w.getSuperBound() != null && mentions(w.getSuperBound(), parameters));
            case DECLARED:
                for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                    if (mentions(argument, parameters)) {
                        return true;
                    }
                }
                return mentions(((DeclaredType) type).getEnclosingType(), parameters);
            default:
                return false;
        }
    }

    /** The result expressions of the switch expression at {@code path}: rule bodies that are expressions, and yields. */
    private static List<TreePath> switchResults(TreePath path) {
        SwitchExpressionTree s = (SwitchExpressionTree) path.getLeaf();
        List<TreePath> results = new ArrayList<>();
        for (CaseTree c : s.getCases()) {
            TreePath casePath = new TreePath(path, c);
            Tree body = c.getCaseKind() == CaseTree.CaseKind.RULE ? c.getBody() : null;
            if (body instanceof ExpressionTree) {
                results.add(new TreePath(casePath, body));
            } else {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitYield(YieldTree node, Void unused) {
                        results.add(new TreePath(getCurrentPath(), node.getValue()));
                        return null;
                    }

                    @Override
                    public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
                        return null; // its yields are its own
                    }

                    @Override
                    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
                        return null;
                    }

                    @Override
                    public Void visitClass(ClassTree node, Void unused) {
                        return null;
                    }
                }.scan(casePath, null);
            }
        }
        return results;
    }
}
