package dev.weft.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Happy Eyeballs (RFC 8305), as asyncio's {@code create_connection} does it when given a
 * {@code happy_eyeballs_delay}: the host's addresses interleaved by family, then connection attempts
 * started one after another, each after the delay or as soon as the one before fails, without waiting
 * for those under way; the first to connect wins and the others are cancelled.
 */
final class HappyEyeballs {
    private HappyEyeballs() {
    }

    /**
     * {@code addresses} reordered by family (IPv4, IPv6): {@code firstFamilyCount} of the family that comes
     * first, then one of each family in turn, each family keeping its own order (RFC 8305's "First Address
     * Family Count"; 0 or 1 alternate from the start).
     */
    static SocketAddress[] interleave(SocketAddress[] addresses, int firstFamilyCount) {
        Map<Class<?>, List<SocketAddress>> byFamily = new LinkedHashMap<>();
        for (SocketAddress a : addresses) {
            Class<?> family = ((InetSocketAddress) a).getAddress().getClass();
            byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(a);
        }
        List<List<SocketAddress>> families = new ArrayList<>();
        for (List<SocketAddress> family : byFamily.values()) {
            families.add(new ArrayList<>(family));
        }
        List<SocketAddress> out = new ArrayList<>(addresses.length);
        List<SocketAddress> first = families.get(0);
        for (int i = 1; i < firstFamilyCount && !first.isEmpty(); i++) {
            out.add(first.remove(0));
        }
        for (int round = 0; out.size() < addresses.length; round++) {
            for (List<SocketAddress> family : families) {
                if (round < family.size()) {
                    out.add(family.get(round));
                }
            }
        }
        return out.toArray(new SocketAddress[0]);
    }

    /**
     * The race: returns the first channel to connect; fails, once every attempt has failed, with the first
     * failure (the others suppressed in it). Cancelled, it cancels the attempts and closes their channels.
     */
    static final class Race extends LoopCoroutine<SocketChannel> {
        private final SocketAddress[] addresses;
        private final double delay;
        private final String host;
        private EventLoop loop;
        private Future<SocketChannel> won;
        private int next;
        /** The attempts under way, each a task connecting its channel. */
        private final Map<Task<Void>, SocketChannel> running = new LinkedHashMap<>();
        /** The attempt started last, whose failure starts the next one at once. */
        private Task<Void> latest;
        private TimerHandle nextStart;
        private RuntimeException failure;

        Race(SocketAddress[] addresses, double delay, String host) {
            this.addresses = addresses;
            this.delay = delay;
            this.host = host;
        }

        @Override
        protected Object start() {
            loop = Asyncio.getRunningLoop();
            won = loop.createFuture();
            startNext();
            return won;
        }

        /** Starts the next attempt, and the timer for the one after it; ends the race if none is left. */
        private void startNext() {
            nextStart = null;
            while (next < addresses.length) {
                SocketAddress address = addresses[next++];
                SocketChannel channel;
                try {
                    channel = Streams.openFor(address);
                } catch (IOException e) {
                    failed(SocketOps.unchecked(e));
                    continue; // this one cannot even start: the next at once
                }
                Task<Void> attempt = loop.createTask(loop.sockConnect(channel, address));
                running.put(attempt, channel);
                latest = attempt;
                attempt.addDoneCallback(this::attemptDone);
                if (next < addresses.length) {
                    nextStart = loop.callLater(delay, this::startNext);
                }
                return;
            }
            if (running.isEmpty() && !won.done()) {
                won.setException(failure != null ? failure
                        : new UncheckedIOException(new java.net.UnknownHostException(host + ": no address")));
            }
        }

        private void attemptDone(Future<?> attempt) {
            SocketChannel channel = running.remove(attempt);
            if (channel == null) {
                return; // dropped when another won, or when the race was cancelled
            }
            Throwable error = attempt.cancelled() ? null : attempt.exception();
            if (error == null && !attempt.cancelled() && !won.done()) {
                dropTheRest();
                won.setResult(channel);
                return;
            }
            Streams.closeQuietly(channel);
            if (error != null) {
                failed(error instanceof RuntimeException ? (RuntimeException) error
                        : new UncheckedIOException(new IOException(error)));
            }
            if (won.done()) {
                return;
            }
            if (attempt == latest && nextStart != null) {
                // the newest attempt failed: the next starts now, not after the rest of the delay
                nextStart.cancel();
                startNext();
            } else if (next >= addresses.length && running.isEmpty()) {
                startNext(); // nothing left to try: ends the race with the failures
            }
        }

        private void failed(RuntimeException error) {
            if (failure == null) {
                failure = error;
            } else {
                failure.addSuppressed(error);
            }
        }

        /** Cancels the timer and the attempts under way, closing their channels. */
        private void dropTheRest() {
            if (nextStart != null) {
                nextStart.cancel();
                nextStart = null;
            }
            next = addresses.length;
            List<Map.Entry<Task<Void>, SocketChannel>> rest = new ArrayList<>(running.entrySet());
            running.clear();
            for (Map.Entry<Task<Void>, SocketChannel> e : rest) {
                e.getKey().cancel();
                Streams.closeQuietly(e.getValue());
            }
        }

        @Override
        protected Object resume(Object value) {
            return finish(value);
        }

        /** Cancelled (or failed): nothing is left trying. */
        @Override
        protected Object fail(Throwable error) {
            if (won != null) {
                dropTheRest();
                if (won.done() && !won.cancelled() && won.exception() == null) {
                    Streams.closeQuietly(won.result()); // connected, but nobody will take it
                }
            }
            throw Throwing.sneaky(error);
        }

        @Override
        protected String name() {
            return "HappyEyeballs.Race(" + host + ")";
        }
    }
}
