package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueTest extends LoopFixture {

    @Test
    void nowaitOperationsWithoutALoop() {
        Queue<String> q = new Queue<>(2);
        assertTrue(q.empty());
        q.putNowait("a");
        q.putNowait(null);
        assertTrue(q.full());
        assertEquals(2, q.qsize());
        assertEquals(2, q.maxsize());
        assertThrows(QueueFull.class, () -> q.putNowait("c"));
        assertEquals("a", q.getNowait());
        assertNull(q.getNowait());
        assertThrows(QueueEmpty.class, q::getNowait);
        assertFalse(new Queue<String>().full());
    }

    @Test
    void nullItemsKeepTheirPlaceInFifoAndLifoOrder() {
        Queue<String> fifo = new Queue<>();
        LifoQueue<String> lifo = new LifoQueue<>();
        for (String item : new String[] {"a", null, "b", null}) {
            fifo.putNowait(item);
            lifo.putNowait(item);
        }
        assertEquals(4, fifo.qsize());
        assertEquals("a", fifo.getNowait());
        assertNull(fifo.getNowait());
        assertEquals("b", fifo.getNowait());
        assertNull(fifo.getNowait());
        assertTrue(fifo.empty());
        assertNull(lifo.getNowait());
        assertEquals("b", lifo.getNowait());
        assertNull(lifo.getNowait());
        assertEquals("a", lifo.getNowait());
        assertThrows(QueueEmpty.class, lifo::getNowait);
    }

    @Test
    void getWaitsForAnItem() {
        Queue<String> q = new Queue<>();
        loop.callLater(2, () -> q.putNowait("late"));
        assertEquals("late", run(q.get()));
        assertEquals(2.0, loop.time());
    }

    @Test
    void putWaitsForAFreeSlot() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        loop.callLater(3, q::getNowait);
        run(q.put(2));
        assertEquals(3.0, loop.time());
        assertEquals(2, q.getNowait());
    }

    @Test
    void gettersAreServedInOrder() {
        Queue<Integer> q = new Queue<>();
        List<String> log = new ArrayList<>();
        List<Task<Object>> getters = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            getters.add(loop.createTask(Script.of(v -> q.get(), v -> {
                log.add(name + "=" + v);
                return Script.ret(null);
            })));
        }
        runBriefly();
        q.putNowait(1);
        q.putNowait(2);
        q.putNowait(3);
        run(Asyncio.gather(getters));
        assertEquals(List.of("a=1", "b=2", "c=3"), log);
    }

    @Test
    void cancelledGetterDoesNotLoseTheItem() {
        Queue<Integer> q = new Queue<>();
        Task<Integer> a = loop.createTask(q.get());
        Task<Integer> b = loop.createTask(q.get());
        runBriefly();
        q.putNowait(1); // wakes a
        a.cancel(); // a does not take it
        assertThrows(CancelledError.class, () -> run(a));
        assertEquals(1, run(b));
        assertTrue(q.empty());
    }

    @Test
    void cancelledPutterDoesNotLoseTheSlot() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(0);
        Task<Void> a = loop.createTask(q.put(1));
        Task<Void> b = loop.createTask(q.put(2));
        runBriefly();
        assertEquals(0, q.getNowait()); // wakes a
        a.cancel();
        assertThrows(CancelledError.class, () -> run(a));
        run(b);
        assertEquals(2, q.getNowait());
    }

    @Test
    void producerConsumerWithJoin() {
        Queue<Integer> q = new Queue<>(2);
        List<Integer> consumed = new ArrayList<>();
        Script<Object> consumer = Script.named("consumer");
        for (int i = 0; i < 5; i++) {
            consumer.then(v -> q.get()).then(v -> {
                consumed.add((Integer) v);
                return Asyncio.sleep(1);
            }).then(v -> {
                q.taskDone();
                return null;
            });
        }
        loop.createTask(consumer);
        Script<Object> producer = Script.named("producer");
        for (int i = 0; i < 5; i++) {
            int n = i;
            producer.then(v -> q.put(n));
        }
        producer.then(v -> q.join()).then(v -> Script.ret(loop.time()));
        assertEquals(5.0, run(producer));
        assertEquals(List.of(0, 1, 2, 3, 4), consumed);
        assertThrows(IllegalStateException.class, q::taskDone);
    }

    @Test
    void joinOfAFinishedQueueReturnsAtOnce() {
        run(new Queue<String>().join());
        assertEquals(0.0, loop.time());
    }

    @Test
    void shutdownWakesWaitersAndRefusesPuts() {
        Queue<Integer> q = new Queue<>(1);
        Task<Integer> getter = loop.createTask(q.get());
        runBriefly();
        q.shutdown();
        assertThrows(QueueShutDown.class, () -> run(getter));
        assertThrows(QueueShutDown.class, () -> q.putNowait(1));
        assertThrows(QueueShutDown.class, () -> run(q.put(1)));
    }

    @Test
    void shutdownKeepsItemsUnlessImmediate() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        q.putNowait(2);
        q.shutdown();
        assertEquals(1, run(q.get()));
        Queue<Integer> r = new Queue<>();
        r.putNowait(1);
        r.shutdown(true);
        assertThrows(QueueShutDown.class, r::getNowait);
        run(r.join());
    }

    @Test
    void priorityQueueReturnsTheSmallestFirst() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int i : List.of(5, 1, 4, 2, 3)) {
            q.putNowait(i);
        }
        List<Integer> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait());
        }
        assertEquals(List.of(1, 2, 3, 4, 5), out);
        PriorityQueue<String> byLength = new PriorityQueue<>(0, Comparator.comparing(String::length));
        byLength.putNowait("ccc");
        byLength.putNowait("a");
        assertEquals("a", run(byLength.get()));
    }

    @Test
    void lifoQueueReturnsTheNewestFirst() {
        LifoQueue<Integer> q = new LifoQueue<>(3);
        q.putNowait(1);
        q.putNowait(2);
        q.putNowait(3);
        assertTrue(q.full());
        assertEquals(3, q.getNowait());
        assertEquals(2, run(q.get()));
        assertEquals("LifoQueue[maxsize=3, qsize=1, tasks=3]", q.toString());
    }
}
