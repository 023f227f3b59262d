package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import java.util.function.Consumer;

/**
 * Fluent Python's "three stages" (first edition, chapter 18, "callback hell"): three dependent calls to an
 * asynchronous API, each request made from the previous response. With callbacks, the work is cut into
 * {@code stage1}, {@code stage2} and {@code stage3}, each passing the next to the API as what to call when
 * the response arrives; the locals of one stage are gone by the next, and the end of the chain is buried in
 * the last callback. As one coroutine, {@code threeStages}, the same steps read top to bottom, each
 * {@code await} suspending until the response is there.
 *
 * <pre>
 * usage: ThreeStages [LATENCY]       seconds each API call takes (default 0.1)
 * </pre>
 */
public final class ThreeStages {
    /** Seconds per API call when no argument is given. */
    public static final double DEFAULT_LATENCY = 0.1;

    private final double latency;

    /** A program whose API calls each take {@code latency} seconds. */
    ThreeStages(double latency) {
        this.latency = latency;
    }

    // ------------------------------------------------------------------ the API, with callbacks

    /** Sends {@code request}; {@code callback} receives the response {@code latency} seconds later. */
    private void apiCall(int n, String request, Consumer<String> callback) {
        System.out.println("api_call" + n + "(" + request + ")");
        Asyncio.getRunningLoop().callLater(latency, () -> callback.accept("response" + n));
    }

    void apiCall1(String request, Consumer<String> callback) {
        apiCall(1, request, callback);
    }

    void apiCall2(String request, Consumer<String> callback) {
        apiCall(2, request, callback);
    }

    void apiCall3(String request, Consumer<String> callback) {
        apiCall(3, request, callback);
    }

    // ------------------------------------------------------------------ the steps: plain work between the calls

    static String step1(String response1) {
        System.out.println("step1(" + response1 + ") -> request2");
        return "request2";
    }

    static String step2(String response2) {
        System.out.println("step2(" + response2 + ") -> request3");
        return "request3";
    }

    static String step3(String response3) {
        System.out.println("step3(" + response3 + ") -> done");
        return "done";
    }

    // ------------------------------------------------------------------ version 1: a chain of callbacks

    void stage1(String response1) {
        String request2 = step1(response1);
        apiCall2(request2, this::stage2);
    }

    void stage2(String response2) {
        String request3 = step2(response2);
        apiCall3(request3, this::stage3);
    }

    void stage3(String response3) {
        step3(response3);
        // Only the last callback knows that the work is over: it has to stop the loop itself.
        Asyncio.getRunningLoop().stop();
    }

    /** Starts the chain with {@code api_call1(request1, stage1)} and runs a loop until {@code stage3} stops it. */
    void withCallbacks(String request1) {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            loop.callSoon(() -> apiCall1(request1, this::stage1));
            loop.runForever();
        } finally {
            loop.close();
        }
    }

    // ------------------------------------------------------------------ version 2: one coroutine

    /**
     * The callback API made awaitable, as asyncio bridges callback-based libraries: a loop {@link Future},
     * completed by the callback.
     */
    Future<String> apiCall1(String request) {
        Future<String> future = Asyncio.getRunningLoop().createFuture();
        apiCall1(request, future::setResult);
        return future;
    }

    Future<String> apiCall2(String request) {
        Future<String> future = Asyncio.getRunningLoop().createFuture();
        apiCall2(request, future::setResult);
        return future;
    }

    Future<String> apiCall3(String request) {
        Future<String> future = Asyncio.getRunningLoop().createFuture();
        apiCall3(request, future::setResult);
        return future;
    }

    /** The three stages as one coroutine: the same steps, in order, with their locals in one scope. */
    @Async
    Coroutine<String> threeStages(String request1) {
        String response1 = await(apiCall1(request1));
        String request2 = step1(response1);
        String response2 = await(apiCall2(request2));
        String request3 = step2(response2);
        String response3 = await(apiCall3(request3));
        return Coroutines.done(step3(response3));
    }

    /**
     * Runs both versions, one after the other.
     *
     * @param args optionally, the seconds each API call takes
     */
    public static void main(String[] args) {
        double latency = args.length > 0 ? Double.parseDouble(args[0]) : DEFAULT_LATENCY;
        ThreeStages program = new ThreeStages(latency);

        System.out.println("-- callbacks: api_call1(request1, stage1)");
        program.withCallbacks("request1");

        System.out.println("-- one coroutine: Asyncio.run(threeStages(request1))");
        String result = Asyncio.run(program.threeStages("request1"));
        System.out.println("threeStages returned " + result);
    }
}
