package dev.weft.loop;

import java.util.function.Supplier;

/**
 * {@link EventLoop#connectReadPipe}, {@link EventLoop#connectWritePipe} and
 * {@link EventLoop#subprocessExec}: opens the transport (which calls the protocol factory) and returns
 * the transport and its protocol once the protocol has been told {@code connectionMade}. Cancelled while
 * it waits, it closes the transport.
 *
 * @param <T> the kind of transport
 * @param <P> the protocol's class
 */
final class OpenPipeEndpoint<T extends BaseTransport, P extends BaseProtocol<T>> extends LoopCoroutine<Endpoint<T, P>> {
    /** What opening gave: the transport, its protocol, and what is done once the protocol knows the transport. */
    record Opened<T extends BaseTransport, P extends BaseProtocol<T>>(T transport, P protocol, Future<Void> made) {}

    private final Supplier<Opened<T, P>> open;
    private final String name;
    private Opened<T, P> opened;

    OpenPipeEndpoint(Supplier<Opened<T, P>> open, String name) {
        this.open = open;
        this.name = name;
    }

    @Override
    protected Object start() {
        opened = open.get();
        return opened.made();
    }

    /** The protocol has been told {@code connectionMade}. */
    @Override
    protected Object resume(Object value) {
        return finish(new Endpoint<T, P>(opened.transport(), opened.protocol()));
    }

    /** The wait for {@code connectionMade} was cancelled. */
    @Override
    protected Object fail(Throwable error) {
        if (opened != null) {
            opened.transport().close();
        }
        throw Throwing.sneaky(error);
    }

    @Override
    protected String name() {
        return name;
    }
}
