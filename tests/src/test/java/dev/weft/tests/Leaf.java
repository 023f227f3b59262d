package dev.weft.tests;

import dev.weft.Awaitable;

/**
 * A user's own awaitable, as a test driver resolves it: it stands for an operation that will succeed with
 * {@code value} or fail with {@code failure}. weft knows nothing of it, so awaiting it always suspends and
 * hands it to the driver.
 */
final class Leaf<T> implements Awaitable<T> {
    final String name;
    final T value;
    final Throwable failure;

    private Leaf(String name, T value, Throwable failure) {
        this.name = name;
        this.value = value;
        this.failure = failure;
    }

    static <T> Leaf<T> of(T value) {
        return new Leaf<>("leaf(" + value + ")", value, null);
    }

    static <T> Leaf<T> failing(Throwable failure) {
        return new Leaf<>("failing(" + failure + ")", null, failure);
    }

    @Override
    public String toString() {
        return name;
    }
}
