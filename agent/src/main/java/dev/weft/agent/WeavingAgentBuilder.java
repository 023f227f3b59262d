package dev.weft.agent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.none;

import dev.weft.weaver.WeaveResult;
import java.lang.instrument.ClassFileTransformer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.utility.JavaModule;

/**
 * The Byte Buddy side of the agent: an {@link AgentBuilder} whose only transformation is the shared
 * weaver ({@link WeaverVisitorWrapper}), made into a raw {@link ClassFileTransformer} for
 * {@link WeavingTransformer} to call after its pre-filter. Byte Buddy itself adds nothing to a class: it
 * decorates (no rebasing, no initializer, no auxiliary types) and matches every class it is handed, since
 * the pre-filter has already chosen them.
 */
final class WeavingAgentBuilder {
    private WeavingAgentBuilder() {
    }

    /**
     * A raw transformer that weaves every class it is given, handing each weaver result to {@code sink}
     * and reporting any exception (a bug) through {@code reporter}; on an exception it returns null.
     */
    static ClassFileTransformer makeRaw(WeaveSink sink, Reporter reporter) {
        return new AgentBuilder.Default(new ByteBuddy().with(Implementation.Context.Disabled.Factory.INSTANCE))
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(new FailureListener(reporter))
                .ignore(none())
                .type(any())
                .transform(new Weave(sink))
                .makeRaw();
    }

    /** Adds the weaver to the visitor chain of a decorated type. */
    private static final class Weave implements AgentBuilder.Transformer {
        private final WeaveSink sink;

        Weave(WeaveSink sink) {
            this.sink = sink;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module,
                                                java.security.ProtectionDomain domain) {
            return builder.visit(new WeaverVisitorWrapper(sink));
        }
    }

    /** Reports what Byte Buddy caught while transforming a class (Byte Buddy then leaves the class as it was). */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        private final Reporter reporter;

        FailureListener(Reporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable error) {
            reporter.failed(typeName, error);
        }
    }
}
