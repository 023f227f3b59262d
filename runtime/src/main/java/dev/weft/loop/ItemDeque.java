package dev.weft.loop;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The item store of {@link Queue} (FIFO) and {@link LifoQueue}: a {@link ShrinkingDeque}, which allocates
 * nothing per item (a {@code LinkedList} makes a node for each), that also holds nulls, as asyncio's
 * queues do.
 *
 * @param <T> the type of the items
 */
final class ItemDeque<T> extends AbstractQueue<T> {
    /** Stands for a null item: the deque refuses nulls. */
    private static final Object NULL = new Object();

    private final ShrinkingDeque<Object> items = new ShrinkingDeque<>();
    private final boolean lifo;

    /** A FIFO store, or a LIFO one ({@code lifo}: the last item added is the first removed). */
    ItemDeque(boolean lifo) {
        this.lifo = lifo;
    }

    @Override
    public boolean offer(T item) {
        Object stored = item == null ? NULL : item;
        if (lifo) {
            items.addFirst(stored);
        } else {
            items.addLast(stored);
        }
        return true;
    }

    /** The next item (null items included); unlike {@link #poll()}, unambiguous for a null item. */
    @Override
    public T remove() {
        if (items.isEmpty()) {
            throw new NoSuchElementException();
        }
        return unmask(items.pollFirst());
    }

    @Override
    public T poll() {
        return items.isEmpty() ? null : unmask(items.pollFirst());
    }

    @Override
    public T peek() {
        return items.isEmpty() ? null : unmask(items.peekFirst());
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Iterator<T> iterator() {
        Iterator<Object> it = items.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return unmask(it.next());
            }

            @Override
            public void remove() {
                it.remove();
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T unmask(Object stored) {
        return stored == NULL ? null : (T) stored;
    }
}
