package dev.weft.processor;

import dev.weft.weaver.TypeHierarchy;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * weft's annotation processor: checks {@code @Async} code at compile time and, inside javac, weaves the
 * class files javac writes, so the compiler's output runs with no agent and no build plugin.
 *
 * <p>Use it from {@code javac -processorpath weft-processor.jar} or from maven-compiler-plugin's
 * {@code annotationProcessorPaths}; from JDK 23, a processor found only on the class path runs only with
 * {@code -proc:full}. It claims no annotation and generates no source.
 *
 * <p>What it does:
 * <ul>
 *   <li>during annotation processing, under any compiler: refuses {@code @Async} methods that are
 *       {@code synchronized}, {@code abstract}, {@code native}, constructors, or of a return type weft
 *       does not allow;
 *   <li>after javac has analysed each class: refuses suspension points ({@code await}, {@code yield},
 *       {@code yieldFrom}) outside {@code @Async} bodies, in lambdas, local and anonymous classes,
 *       {@code synchronized} blocks, of the wrong kind for the method, or with values that do not fit the
 *       generator's types; warns where a coroutine is created and dropped;
 *   <li>after javac has written each class file: weaves it in place (see {@link ClassFileWeaving}).
 * </ul>
 * The last two need javac's task API; where it is unavailable (another compiler, or an environment
 * wrapped by a tool) only the first runs, and the processor says so once.
 *
 * <p>Options: {@code -Aweft.weave=false} checks without weaving; {@code -Aweft.verbose=true} lists the
 * woven methods.
 */
public final class WeftProcessor extends AbstractProcessor {
    /** The option that turns weaving off ({@code -Aweft.weave=false}); checks still run. */
    public static final String OPTION_WEAVE = "weft.weave";
    /** The option that lists each woven method as a note ({@code -Aweft.verbose=true}). */
    public static final String OPTION_VERBOSE = "weft.verbose";

    private final Function<TypeHierarchy, Function<byte[], WeaveResult>> weavers;
    private WeftApi api;
    private SignatureCheck signatures;

    /** The processor javac finds through {@code META-INF/services}. */
    public WeftProcessor() {
        this(hierarchy -> new Weaver(hierarchy)::weave);
    }

    /** A processor that weaves with the weaver {@code weavers} makes for a hierarchy (tests swap it). */
    WeftProcessor(Function<TypeHierarchy, Function<byte[], WeaveResult>> weavers) {
        this.weavers = weavers;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // every source: a suspension point outside any @Async method is an error too
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(OPTION_WEAVE, OPTION_VERBOSE);
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        api = new WeftApi(env.getElementUtils(), env.getTypeUtils());
        signatures = new SignatureCheck(api, env.getMessager());
        boolean weave = !"false".equalsIgnoreCase(env.getOptions().get(OPTION_WEAVE));
        boolean verbose = "true".equalsIgnoreCase(env.getOptions().get(OPTION_VERBOSE));
        String unavailable;
        try {
            unavailable = JavacHooks.install(env, api, weave ? weavers : null, verbose);
        } catch (LinkageError e) {
            unavailable = "no com.sun.source API: " + e; // a runtime without the jdk.compiler module
        }
        if (unavailable != null) {
            env.getMessager().printMessage(Diagnostic.Kind.NOTE, String.format(Messages.CHECKS_ONLY, unavailable));
        }
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement async = processingEnv.getElementUtils().getTypeElement(WeftApi.ASYNC);
        if (async != null) {
            for (Element e : round.getElementsAnnotatedWith(async)) {
                signatures.check(e);
            }
        }
        return false; // claim nothing: other processors may want @Async too
    }
}
