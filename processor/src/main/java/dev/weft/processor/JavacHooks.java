package dev.weft.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.function.Function;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Hooks the processor into javac through its task API. Kept apart from {@link WeftProcessor} so that
 * the {@code com.sun.source} classes are only touched here, where their absence can be caught.
 */
final class JavacHooks {
    private JavacHooks() {}

    /**
     * Registers the checks on attributed trees and, if {@code weavers} is not null, the weaving of class
     * files with javac's task.
     *
     * @return null if done, or why javac's task API is unavailable
     */
    static String install(ProcessingEnvironment env, WeftApi api,
                          Function<TypeHierarchy, Function<byte[], WeaveResult>> weavers, boolean verbose) {
        ProcessingEnvironment javac = javacEnvironment(env, 0);
        if (javac == null) {
            return env.getClass().getName();
        }
        JavacTask task = JavacTask.instance(javac);
        Trees trees = Trees.instance(task);
        Elements elements = javac.getElementUtils();
        Types types = javac.getTypeUtils();
        CompiledClasses compiled = new CompiledClasses(trees, elements);
        ClassFileWeaving weaving = null;
        if (weavers != null) {
            // the Filer of javac itself: a tool's wrapper may refuse to read resources
            ModelTypeHierarchy hierarchy = new ModelTypeHierarchy(elements, javac.getFiler(), compiled);
            weaving = new ClassFileWeaving(trees, compiled, elements, types, javac.getFiler(), env.getMessager(),
                    weavers.apply(hierarchy), verbose);
        }
        GeneratorTypes generatorTypes = new GeneratorTypes(trees, types, elements, api);
        task.addTaskListener(new WeftTaskListener(trees, env.getMessager(), api, generatorTypes, weaving, compiled));
        return null;
    }

    /**
     * {@code env} if javac's task API accepts it; else the javac environment a tool's wrapper holds in one
     * of its fields (Gradle's incremental processing, some IDEs); else null.
     */
    private static ProcessingEnvironment javacEnvironment(ProcessingEnvironment env, int depth) {
        try {
            JavacTask.instance(env);
            return env;
        } catch (RuntimeException notJavac) {
            // a wrapper, or another compiler: look inside
        }
        if (depth > 3) {
            return null;
        }
        Object holder = Proxy.isProxyClass(env.getClass()) ? Proxy.getInvocationHandler(env) : env;
        for (Class<?> c = holder.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!ProcessingEnvironment.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object inner = f.get(holder);
                    if (inner instanceof ProcessingEnvironment && inner != env) {
                        ProcessingEnvironment found = javacEnvironment((ProcessingEnvironment) inner, depth + 1);
                        if (found != null) {
                            return found;
                        }
                    }
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // a module that does not open the field: try the next one
                }
            }
        }
        return null;
    }
}
