// The Kotlin rows of the benchmarks: plain Kotlin and kotlinx.coroutines code, written as a Kotlin user
// would, and called from the Java benchmark classes (JMH's generator only reads Java).
package dev.weft.bench.kotlin

import java.util.concurrent.CompletableFuture
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlin.coroutines.startCoroutine
import kotlin.coroutines.suspendCoroutine
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** Workload 1: `sequence { yield(i) }`, consumed by a sum. */
object KotlinSequence {
    @JvmStatic
    fun range(n: Int): Sequence<Int> = sequence {
        for (i in 0 until n) yield(i)
    }

    @JvmStatic
    fun sum(n: Int): Long {
        var s = 0L
        for (v in range(n)) s += v
        return s
    }
}

/**
 * Workload 2: a standing chain of [depth] suspend functions whose innermost one suspends in a loop;
 * [resume] is one round trip: resume the leaf, run to its next suspension. [intrinsics] suspends with
 * `suspendCoroutineUninterceptedOrReturn` (no SafeContinuation) instead of `suspendCoroutine`.
 */
class KotlinSuspendChain(depth: Int, private val intrinsics: Boolean) {
    private var cont: Continuation<Int>? = null
    private var last = 0

    init {
        require(depth >= 1)
        val body: suspend () -> Int = { level(depth) }
        body.startCoroutine(Continuation(EmptyCoroutineContext) { })
    }

    private suspend fun level(d: Int): Int = if (d == 1) leaf() else level(d - 1) + 1

    private suspend fun leaf(): Int {
        var sum = 0
        while (true) {
            val v = if (intrinsics) {
                suspendCoroutineUninterceptedOrReturn<Int> { c -> cont = c; COROUTINE_SUSPENDED }
            } else {
                suspendCoroutine { c -> cont = c }
            }
            sum += v
            last = sum
        }
    }

    /** One round trip; returns the leaf's running sum. */
    fun resume(v: Int): Int {
        cont!!.resume(v)
        return last
    }
}

/** Workload 2b: entering and completing a chain of [depth] suspend functions that do not suspend. */
object KotlinCallChain {
    private val completion = Continuation<Int>(EmptyCoroutineContext) { }

    /** A chain of [d] suspend functions, each calling the next; the innermost returns without suspending. */
    suspend fun level(d: Int): Int = if (d == 1) leaf(d) else level(d - 1) + 1

    // A suspend function with a suspension point (as weft's leaf has an await), reached without suspending.
    private suspend fun leaf(d: Int): Int = if (d < 0) suspendCoroutine { } else d

    @JvmStatic
    fun run(depth: Int): Int {
        @Suppress("UNCHECKED_CAST")
        val r = (suspend { level(depth) }).startCoroutineUninterceptedOrReturn(completion)
        check(r !== COROUTINE_SUSPENDED)
        return r as Int
    }
}

/**
 * Workload 2b from inside a running coroutine: a standing coroutine that, each time it is resumed, calls a
 * fresh chain of [depth] suspend functions to its end, then suspends again (intrinsics, no SafeContinuation).
 */
class KotlinNestedChain(private val depth: Int) {
    private var cont: Continuation<Int>? = null
    private var last = 0

    init {
        val body: suspend () -> Int = { loop() }
        body.startCoroutine(Continuation(EmptyCoroutineContext) { })
    }

    private suspend fun loop(): Int {
        var sum = 0
        while (true) {
            sum += KotlinCallChain.level(depth)
            last = sum
            suspendCoroutineUninterceptedOrReturn<Int> { c -> cont = c; COROUTINE_SUSPENDED }
        }
    }

    /** Resumes the coroutine: one chain entered and completed, then the next suspension. */
    fun resume(): Int {
        cont!!.resume(0)
        return last
    }
}

/** Workload 3: two coroutines pass a token [handoffs] times over rendezvous channels, on one thread. */
object KotlinPingPong {
    @JvmStatic
    fun run(handoffs: Int): Int = runBlocking {
        val there = Channel<Int>(Channel.RENDEZVOUS)
        val back = Channel<Int>(Channel.RENDEZVOUS)
        val rounds = handoffs / 2
        launch {
            repeat(rounds) { back.send(there.receive() + 1) }
        }
        var token = 0
        repeat(rounds) {
            there.send(token)
            token = back.receive()
        }
        token
    }
}

/** Workload 4: [n] coroutines launched on runBlocking's one thread, each delaying [millis], then joined. */
object KotlinSpawnSleep {
    @JvmStatic
    fun run(n: Int, millis: Long): Int = runBlocking {
        repeat(n) { launch { delay(millis) } }
        n
    }
}

/** Workload 5: what a suspended coroutine costs on the heap. */
object KotlinMemory {
    /** A job each: [n] coroutines launched (Unconfined) that wait on [gate] with three live locals. */
    @JvmStatic
    fun launchWaiting(n: Int, gate: CompletableDeferred<Int>, shared: Any, sink: LongArray): Job {
        val parent = Job()
        val scope = CoroutineScope(parent + Dispatchers.Unconfined)
        for (i in 0 until n) {
            scope.launch {
                val a = i
                val b = i * 31L
                val c = shared
                val v = gate.await()
                sink[0] += a + b + v + c.hashCode()
            }
        }
        return parent
    }

    /**
     * Workload 4's memory: inside `runBlocking`, runs [before], launches [n] coroutines that each `delay`
     * [millis], lets them all start, runs [after], and cancels them.
     */
    @JvmStatic
    fun sleepingInRunBlocking(n: Int, millis: Long, before: Runnable, after: Runnable) = runBlocking {
        before.run()
        repeat(n) { launch { delay(millis) } }
        yield()
        after.run()
        coroutineContext.cancelChildren()
    }

    /** A bare suspended chain of [depth] suspend functions each (no Job, no dispatcher): its continuations. */
    @JvmStatic
    fun suspendedChains(n: Int, depth: Int, resumers: Array<Continuation<Int>?>, shared: Any) {
        for (i in 0 until n) {
            val k = i
            val body: suspend () -> Int = { chainLevel(depth, k, shared) { c -> resumers[k] = c } }
            body.startCoroutine(Continuation(EmptyCoroutineContext) { })
        }
    }

    private suspend fun chainLevel(d: Int, i: Int, shared: Any, park: (Continuation<Int>) -> Unit): Int {
        if (d == 1) {
            val a = i
            val b = i * 31L
            val c = shared
            val v = suspendCoroutine<Int> { park(it) }
            return (a + b + v + c.hashCode()).toInt()
        }
        return chainLevel(d - 1, i, shared, park) + 1
    }
}

/** Workload 6: a chain of awaits of CompletableFutures in a coroutine that returns a CompletableFuture. */
@OptIn(DelicateCoroutinesApi::class)
object KotlinAwaitFutures {
    // GlobalScope: no parent Job to register with, the cheapest way to start one.
    @JvmStatic
    fun sum(futures: Array<CompletableFuture<Int>>): CompletableFuture<Int> =
        GlobalScope.future(Dispatchers.Unconfined) {
            var s = 0
            for (f in futures) s += f.await()
            s
        }
}
