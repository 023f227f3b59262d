package dev.weft.examples.loop;

import static dev.weft.Coroutines.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.Async;
import dev.weft.Coroutine;
import dev.weft.Coroutines;
import dev.weft.loop.Asyncio;
import dev.weft.loop.DatagramProtocol;
import dev.weft.loop.DatagramTransport;
import dev.weft.loop.EventLoop;
import dev.weft.loop.Future;
import dev.weft.loop.Protocol;
import dev.weft.loop.Server;
import dev.weft.loop.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP and UDP echo servers and clients written as protocols, after asyncio's documentation ("TCP Echo
 * Server" and "TCP Echo Client", "UDP Echo Server" and "UDP Echo Client" in Transports and Protocols):
 * the callback style, beside the streams of {@link EchoServer}. The loop calls each protocol as things
 * happen on its connection; the main coroutine only waits until the client's connection is lost.
 *
 * <pre>
 * usage: EchoProtocols [MESSAGE]    what the clients send (default "Hello World!")
 * </pre>
 */
public final class EchoProtocols {
    private EchoProtocols() {}

    /** The TCP server's protocol, one per connection: answers the first message with itself, then closes. */
    static final class EchoServerProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            System.out.println("tcp server: connection from " + transport.getExtraInfo("peername"));
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            System.out.println("tcp server: data received: " + new String(data, UTF_8));
            transport.write(data);
            System.out.println("tcp server: close the client socket");
            transport.close();
        }
    }

    /** The TCP client's protocol: sends its message once connected, prints the answer, tells when the server closed. */
    static final class EchoClientProtocol implements Protocol {
        private final String message;
        private final Future<Void> connectionLost;
        private final List<String> received;

        EchoClientProtocol(String message, Future<Void> connectionLost, List<String> received) {
            this.message = message;
            this.connectionLost = connectionLost;
            this.received = received;
        }

        @Override
        public void connectionMade(Transport transport) {
            transport.write(message.getBytes(UTF_8));
            System.out.println("tcp client: data sent: " + message);
        }

        @Override
        public void dataReceived(byte[] data) {
            received.add(new String(data, UTF_8));
            System.out.println("tcp client: data received: " + new String(data, UTF_8));
        }

        @Override
        public void connectionLost(Throwable error) {
            System.out.println("tcp client: the server closed the connection");
            connectionLost.setResult(null);
        }
    }

    /** The UDP server's protocol: sends each datagram back to where it came from. */
    static final class EchoServerDatagramProtocol implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress sender) {
            System.out.println("udp server: received " + new String(data, UTF_8));
            transport.sendto(data, sender);
        }
    }

    /** The UDP client's protocol: sends its message, prints the answer, and closes. */
    static final class EchoClientDatagramProtocol implements DatagramProtocol {
        private final String message;
        private final Future<Void> connectionLost;
        private final List<String> received;
        private DatagramTransport transport;

        EchoClientDatagramProtocol(String message, Future<Void> connectionLost, List<String> received) {
            this.message = message;
            this.connectionLost = connectionLost;
            this.received = received;
        }

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
            System.out.println("udp client: send " + message);
            transport.sendto(message.getBytes(UTF_8));
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress sender) {
            received.add(new String(data, UTF_8));
            System.out.println("udp client: received " + new String(data, UTF_8));
            transport.close();
        }

        @Override
        public void errorReceived(Exception error) {
            System.out.println("udp client: error received: " + error);
        }

        @Override
        public void connectionLost(Throwable error) {
            System.out.println("udp client: connection closed");
            connectionLost.setResult(null);
        }
    }

    /** Runs both echoes with {@code message}; returns what the TCP client and then the UDP client got back. */
    @Async
    static Coroutine<List<String>> run(String message) {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> received = new ArrayList<>();

        Server server = await(loop.createServer(EchoServerProtocol::new, "127.0.0.1", 0));
        Future<Void> tcpLost = loop.createFuture();
        await(loop.createConnection(() -> new EchoClientProtocol(message, tcpLost, received), "127.0.0.1",
                server.port()));
        await(tcpLost);                                  // the protocols did the rest, called by the loop
        server.close();
        await(server.waitClosed());

        var udpServer = await(loop.createDatagramEndpoint(EchoServerDatagramProtocol::new,
                new InetSocketAddress("127.0.0.1", 0), null));
        Future<Void> udpLost = loop.createFuture();
        await(loop.createDatagramEndpoint(() -> new EchoClientDatagramProtocol(message, udpLost, received), null,
                (SocketAddress) udpServer.transport().getExtraInfo("sockname")));
        await(udpLost);
        udpServer.transport().close();
        return Coroutines.done(received);
    }

    /**
     * Runs the TCP and the UDP echo.
     *
     * @param args optionally, the message
     */
    public static void main(String[] args) {
        String message = args.length > 0 ? String.join(" ", args) : "Hello World!";
        System.out.println("echoed: " + Asyncio.run(run(message)));
    }
}
