package dev.weft.agent;

import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Puts the shared {@link Weaver} into Byte Buddy's visitor chain: buffers the class as Byte Buddy reads
 * it, weaves the buffered bytes (bytes in, woven bytes out), and replays the woven class into the rest of
 * the chain. Frames come from the weaver, which asks the transformation's {@link TypePool} about other
 * classes; Byte Buddy is asked to compute nothing.
 */
final class WeaverVisitorWrapper implements AsmVisitorWrapper {
    private final WeaveSink sink;

    /** A wrapper that hands each weaver result to {@code sink} before the woven class is replayed. */
    WeaverVisitorWrapper(WeaveSink sink) {
        this.sink = sink;
    }

    /** Leaves Byte Buddy's writer flags alone: the woven class already has its frames and maximums. */
    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    /** Leaves Byte Buddy's reader flags alone: the class is buffered as it was read. */
    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    /** Returns a visitor that buffers the class, weaves it at {@code visitEnd} and replays it into {@code next}. */
    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor next, Implementation.Context context,
                             TypePool typePool, FieldList<FieldDescription.InDefinedShape> fields,
                             MethodList<?> methods, int writerFlags, int readerFlags) {
        return new WeavingClassVisitor(next, new Weaver(new PoolTypeHierarchy(typePool)), sink);
    }

    /** Buffers every event in a writer; at the end, weaves the buffer and replays the result into {@code next}. */
    private static final class WeavingClassVisitor extends ClassVisitor {
        private final ClassWriter buffer;
        private final ClassVisitor next;
        private final Weaver weaver;
        private final WeaveSink sink;

        WeavingClassVisitor(ClassVisitor next, Weaver weaver, WeaveSink sink) {
            this(new ClassWriter(0), next, weaver, sink);
        }

        private WeavingClassVisitor(ClassWriter buffer, ClassVisitor next, Weaver weaver,
                                    WeaveSink sink) {
            super(OpenedClassReader.ASM_API, buffer);
            this.buffer = buffer;
            this.next = next;
            this.weaver = weaver;
            this.sink = sink;
        }

        @Override
        public void visitEnd() {
            super.visitEnd();
            WeaveResult result = weaver.weave(sink.input(buffer.toByteArray()));
            sink.accept(result);
            OpenedClassReader.of(result.bytes()).accept(next, 0);
        }
    }
}
