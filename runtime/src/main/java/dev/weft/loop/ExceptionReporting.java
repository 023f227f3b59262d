package dev.weft.loop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loop's handling of errors nobody else receives: the user's {@link ExceptionHandler} if set, with the
 * default one (a log record on the {@code dev.weft.loop} {@link System.Logger}) as fallback.
 */
final class ExceptionReporting {
    static final System.Logger LOG = System.getLogger("dev.weft.loop");

    private volatile ExceptionHandler handler;

    ExceptionHandler handler() {
        return handler;
    }

    void setHandler(ExceptionHandler handler) {
        this.handler = handler;
    }

    /** Hands {@code context} to the handler; if it throws, logs both with the default handler. */
    void call(EventLoop loop, Map<String, Object> context) {
        ExceptionHandler h = handler;
        if (h == null) {
            try {
                loop.defaultExceptionHandler(context);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "Exception in default exception handler", t);
            }
            return;
        }
        try {
            h.handle(loop, context);
        } catch (Throwable t) {
            try {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "Unhandled error in exception handler");
                ctx.put("exception", t);
                ctx.put("context", context);
                loop.defaultExceptionHandler(ctx);
            } catch (Throwable t2) {
                LOG.log(System.Logger.Level.ERROR, "Exception in default exception handler while handling an"
                        + " unexpected error in custom exception handler", t2);
            }
        }
    }

    /**
     * Logs {@code context} at level ERROR: the message, then the other keys in order, then the exception.
     *
     * @param running the handle running now, whose creation stack is shown in debug mode
     */
    static void logDefault(Map<String, Object> context, Handle running) {
        Object message = context.get("message");
        String text = message == null || message.toString().isEmpty() ? "Unhandled exception in event loop"
                : message.toString();
        Map<String, Object> sorted = new TreeMap<>(context);
        if (!sorted.containsKey("source_traceback") && running != null && running.sourceTraceback() != null) {
            sorted.put("handle_traceback", running.sourceTraceback());
        }
        StringBuilder sb = new StringBuilder(text);
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
            String key = e.getKey();
            if (key.equals("message") || key.equals("exception")) {
                continue;
            }
            sb.append('\n').append(key).append(": ");
            if (key.equals("source_traceback") || key.equals("handle_traceback")) {
                sb.append(key.equals("source_traceback") ? "Object" : "Handle")
                        .append(" created at (most recent call first):");
                @SuppressWarnings("unchecked")
                List<StackTraceElement> frames = (List<StackTraceElement>) e.getValue();
                sb.append(Tracebacks.format(frames));
            } else {
                sb.append(e.getValue());
            }
        }
        Object exception = context.get("exception");
        if (exception instanceof Throwable) {
            LOG.log(System.Logger.Level.ERROR, sb.toString(), (Throwable) exception);
        } else {
            LOG.log(System.Logger.Level.ERROR, sb.toString());
        }
    }
}
