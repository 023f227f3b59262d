package dev.weft.loop;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Python's {@code contextvars.ContextVar}: a variable whose value depends on the {@link Context} it is
 * read in, so that concurrent tasks on one loop thread each see their own value (a request id, a
 * deadline, a logging context) where a {@code ThreadLocal} would be shared by all of them. See
 * {@link Context} for which context is current where.
 *
 * <p>Create context variables once, as constants: a context holds on to its variables.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    /** The old value of a {@link Token} whose variable had no value. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "Token.MISSING";
        }
    };

    private final String name;
    private final T defaultValue;
    private final boolean hasDefault;

    /** A variable without a default value: {@link #get()} throws while it has no value. */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = null;
        this.hasDefault = false;
    }

    /** A variable whose value is {@code defaultValue} (which may be null) in contexts where it has none. */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.hasDefault = true;
    }

    /** The variable's name, for messages. */
    public String name() {
        return name;
    }

    /**
     * The value in the current context, or else the variable's default.
     *
     * @throws NoSuchElementException if it has neither (Python's {@code LookupError})
     */
    public T get() {
        Context c = Context.current(false);
        if (c.contains(this)) {
            return c.get(this);
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException(toString());
    }

    /** The value in the current context, or else {@code fallback} (not the variable's default). */
    public T get(T fallback) {
        Context c = Context.current(false);
        return c.contains(this) ? c.get(this) : fallback;
    }

    /**
     * Sets the value in the current context, and returns a token with which {@link #reset} puts the
     * previous value back.
     */
    public Token<T> set(T value) {
        Context c = Context.current(true);
        return new Token<>(c, this, c.put(this, value));
    }

    /**
     * Puts back the value the variable had before the {@link #set} that returned {@code token} (or none).
     *
     * @throws IllegalStateException if the token was used already
     * @throws IllegalArgumentException if it comes from another variable, or from a set in another context
     */
    public void reset(Token<T> token) {
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context c = Context.current(true);
        if (token.context != c) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        c.put(this, token.oldValue);
    }

    @Override
    public String toString() {
        return "<ContextVar name=" + name + (hasDefault ? " default=" + defaultValue : "") + ">";
    }

    /**
     * What {@link ContextVar#set} returns: the variable's previous value in that context, to put back with
     * {@link ContextVar#reset}, once.
     *
     * @param <T> the type of the value
     */
    public static final class Token<T> {
        private final Context context;
        private final ContextVar<T> var;
        private final Object oldValue;
        private boolean used;

        Token(Context context, ContextVar<T> var, Object oldValue) {
            this.context = context;
            this.var = var;
            this.oldValue = oldValue;
        }

        /** The variable that was set. */
        public ContextVar<T> var() {
            return var;
        }

        /** Its value before the set, or {@link ContextVar#MISSING} if it had none. */
        public Object oldValue() {
            return oldValue;
        }

        @Override
        public String toString() {
            return "<Token" + (used ? " used" : "") + " var=" + var + ">";
        }
    }
}
