package dev.weft.loop;

import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The keyword arguments of asyncio's {@code open_connection} and {@code start_server} (and their Unix
 * kin), as one immutable value: the readers' {@code limit}, TLS through {@code ssl}, the
 * {@code server_hostname} a client checks the server's certificate against, the
 * {@code ssl_handshake_timeout} and the {@code ssl_shutdown_timeout}; for a client connecting to a host,
 * {@code happy_eyeballs_delay} and {@code interleave}. Start from {@link #defaults()} or
 * {@link #tls(SSLContext)} and change what differs:
 *
 * <pre>{@code
 * Connection c = await(Asyncio.openUnixConnection(path,
 *         StreamOptions.tls(context).withServerHostname("db.internal").withSslHandshakeTimeout(5)));
 * }</pre>
 *
 * <p>As in asyncio, a host name or a handshake or shutdown timeout without TLS is an error, and so is a TLS client
 * over a Unix-domain socket without a host name (there is no host to check the certificate against).
 * Those checks run when the options are used, because they depend on where.
 */
public final class StreamOptions {
    /** asyncio's default {@code ssl_handshake_timeout}, in seconds. */
    public static final double DEFAULT_SSL_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's default {@code ssl_shutdown_timeout}, in seconds. */
    public static final double DEFAULT_SSL_SHUTDOWN_TIMEOUT = 30.0;

    private static final StreamOptions DEFAULTS = new StreamOptions(StreamReader.DEFAULT_LIMIT, null, null, Double.NaN,
            Double.NaN, Double.NaN, -1);

    private final int limit;
    private final SSLContext ssl;
    private final String serverHostname;
    /** NaN: not given (the default applies). */
    private final double sslHandshakeTimeout;
    /** NaN: not given (the default applies). */
    private final double sslShutdownTimeout;
    /** NaN: no Happy Eyeballs (the addresses are tried one after the other). */
    private final double happyEyeballsDelay;
    /** -1: not given (1 with Happy Eyeballs, else 0). */
    private final int interleave;

    private StreamOptions(int limit, SSLContext ssl, String serverHostname, double sslHandshakeTimeout,
                          double sslShutdownTimeout, double happyEyeballsDelay, int interleave) {
        this.limit = limit;
        this.ssl = ssl;
        this.serverHostname = serverHostname;
        this.sslHandshakeTimeout = sslHandshakeTimeout;
        this.sslShutdownTimeout = sslShutdownTimeout;
        this.happyEyeballsDelay = happyEyeballsDelay;
        this.interleave = interleave;
    }

    /** Plain TCP (no TLS), the default limit ({@link StreamReader#DEFAULT_LIMIT}). */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /** TLS through {@code ssl}, all else default. */
    public static StreamOptions tls(SSLContext ssl) {
        return DEFAULTS.withSsl(ssl);
    }

    /**
     * These options with the readers' buffer limit (see {@link StreamReader#limit()}).
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public StreamOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout,
                happyEyeballsDelay, interleave);
    }

    /** These options with TLS through {@code ssl}, or without TLS for null. */
    public StreamOptions withSsl(SSLContext ssl) {
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout,
                happyEyeballsDelay, interleave);
    }

    /**
     * These options with the name a TLS client checks the server's certificate against and sends to it
     * (SNI); by default the host connected to (asyncio's {@code server_hostname}).
     *
     * @throws IllegalArgumentException if {@code serverHostname} is empty (asyncio's "no check", which
     *         weft does not offer: a client that must not check names can use an {@code SSLContext} whose
     *         trust manager says so)
     */
    public StreamOptions withServerHostname(String serverHostname) {
        if (Objects.requireNonNull(serverHostname, "serverHostname").isEmpty()) {
            throw new IllegalArgumentException("serverHostname cannot be empty");
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout,
                happyEyeballsDelay, interleave);
    }

    /**
     * These options with how long a TLS handshake may take, in seconds, before the connection is closed
     * (asyncio's {@code ssl_handshake_timeout}; default {@value #DEFAULT_SSL_HANDSHAKE_TIMEOUT}).
     *
     * @throws IllegalArgumentException if {@code seconds} is not a positive number
     */
    public StreamOptions withSslHandshakeTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got " + seconds);
        }
        return new StreamOptions(limit, ssl, serverHostname, seconds, sslShutdownTimeout, happyEyeballsDelay,
                interleave);
    }

    /**
     * These options with how long closing a TLS connection may take, in seconds, before it is aborted
     * (asyncio's {@code ssl_shutdown_timeout}; default {@value #DEFAULT_SSL_SHUTDOWN_TIMEOUT}): closing
     * sends close_notify after what was written, and closes the socket once that has gone out and the
     * peer has answered with its own close_notify (or ended the connection); a peer that reads nothing, or
     * never answers, would make it wait forever. {@link StreamWriter#waitClosed()} then raises
     * {@link TimeoutError}.
     *
     * @throws IllegalArgumentException if {@code seconds} is not a positive number
     */
    public StreamOptions withSslShutdownTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("ssl_shutdown_timeout should be a positive number, got " + seconds);
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, seconds, happyEyeballsDelay,
                interleave);
    }

    /**
     * These options with Happy Eyeballs (RFC 8305; asyncio's {@code happy_eyeballs_delay}) for a client
     * connecting to a host name with several addresses: the next address is tried after {@code seconds}
     * without waiting for the attempts under way (or at once when the last one fails), the first to
     * connect wins and the others are dropped. RFC 8305 recommends 0.25 s. Without it the addresses are
     * tried one after the other, each to its end (asyncio's default).
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or not a number
     */
    public StreamOptions withHappyEyeballsDelay(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("happy_eyeballs_delay should be a non-negative number, got " + seconds);
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, seconds,
                interleave);
    }

    /**
     * These options with the host's addresses reordered by family before they are tried (asyncio's
     * {@code interleave}, RFC 8305's "First Address Family Count"): {@code count} addresses of the family
     * the resolver put first, then the families in turn; 0 keeps the resolver's order. By default 1 with
     * Happy Eyeballs, else 0.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public StreamOptions withInterleave(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("interleave should be a non-negative integer, got " + count);
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout, sslShutdownTimeout,
                happyEyeballsDelay, count);
    }

    /** The Happy Eyeballs delay in seconds, or NaN if the addresses are tried one after the other. */
    public double happyEyeballsDelay() {
        return happyEyeballsDelay;
    }

    /** How the addresses are interleaved by family (0: not): as given, else 1 with Happy Eyeballs, else 0. */
    public int interleave() {
        if (interleave >= 0) {
            return interleave;
        }
        return Double.isNaN(happyEyeballsDelay) ? 0 : 1;
    }

    /** The readers' buffer limit. */
    public int limit() {
        return limit;
    }

    /** What TLS is done with, or null for none. */
    public SSLContext ssl() {
        return ssl;
    }

    /** The host name a TLS client checks, or null for the host connected to. */
    public String serverHostname() {
        return serverHostname;
    }

    /** The TLS handshake timeout in seconds (the default unless one was given). */
    public double sslHandshakeTimeout() {
        return Double.isNaN(sslHandshakeTimeout) ? DEFAULT_SSL_HANDSHAKE_TIMEOUT : sslHandshakeTimeout;
    }

    /** The TLS shutdown timeout in seconds (the default unless one was given). */
    public double sslShutdownTimeout() {
        return Double.isNaN(sslShutdownTimeout) ? DEFAULT_SSL_SHUTDOWN_TIMEOUT : sslShutdownTimeout;
    }

    /**
     * Checks that these options make sense for a client ({@code server} false) or a server, with asyncio's
     * messages; {@code noHost}: the connection is not made to a host name (a Unix-domain socket, a channel
     * given connected), so a TLS client needs the options' host name to check the certificate against.
     */
    StreamOptions checkFor(boolean server, boolean noHost) {
        if ((server || noHost) && (!Double.isNaN(happyEyeballsDelay) || interleave >= 0)) {
            throw new IllegalArgumentException("happy_eyeballs_delay and interleave are only meaningful for a"
                    + " client connecting to a host");
        }
        if (ssl == null) {
            if (serverHostname != null) {
                throw new IllegalArgumentException("server_hostname is only meaningful with ssl");
            }
            if (!Double.isNaN(sslHandshakeTimeout)) {
                throw new IllegalArgumentException("ssl_handshake_timeout is only meaningful with ssl");
            }
            if (!Double.isNaN(sslShutdownTimeout)) {
                throw new IllegalArgumentException("ssl_shutdown_timeout is only meaningful with ssl");
            }
        } else if (server && serverHostname != null) {
            throw new IllegalArgumentException("server_hostname is only meaningful for a client");
        } else if (!server && noHost && serverHostname == null) {
            throw new IllegalArgumentException("you have to pass server_hostname when using ssl");
        }
        return this;
    }

    @Override
    public String toString() {
        return "StreamOptions[limit=" + limit + (ssl == null ? "" : ", ssl=" + ssl.getProtocol())
                + (serverHostname == null ? "" : ", serverHostname=" + serverHostname)
                + (Double.isNaN(sslHandshakeTimeout) ? "" : ", sslHandshakeTimeout=" + sslHandshakeTimeout)
                + (Double.isNaN(sslShutdownTimeout) ? "" : ", sslShutdownTimeout=" + sslShutdownTimeout)
                + (Double.isNaN(happyEyeballsDelay) ? "" : ", happyEyeballsDelay=" + happyEyeballsDelay)
                + (interleave < 0 ? "" : ", interleave=" + interleave) + "]";
    }
}
