package dev.weft.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** StreamOptions: defaults, withers that leave the original alone, and asyncio's argument checks. */
class StreamOptionsTest {
    @Test
    void defaultsAreAsyncios() {
        StreamOptions d = StreamOptions.defaults();
        assertEquals(StreamReader.DEFAULT_LIMIT, d.limit());
        assertNull(d.ssl());
        assertNull(d.serverHostname());
        assertEquals(60.0, d.sslHandshakeTimeout());
        assertEquals(30.0, d.sslShutdownTimeout());
        assertEquals("StreamOptions[limit=65536]", d.toString());
    }

    @Test
    void withersMakeNewOptions() throws Exception {
        SSLContext ssl = SSLContext.getDefault();
        StreamOptions tls = StreamOptions.tls(ssl);
        StreamOptions tuned = tls.withLimit(10).withServerHostname("example.org").withSslHandshakeTimeout(2.5)
                .withSslShutdownTimeout(0.5);
        assertSame(ssl, tls.ssl());
        assertEquals(StreamReader.DEFAULT_LIMIT, tls.limit());
        assertNull(tls.serverHostname());
        assertEquals(10, tuned.limit());
        assertEquals("example.org", tuned.serverHostname());
        assertEquals(2.5, tuned.sslHandshakeTimeout());
        assertEquals(0.5, tuned.sslShutdownTimeout());
        assertEquals(30.0, tls.sslShutdownTimeout());
        assertEquals(0.5, tuned.withLimit(20).withSslHandshakeTimeout(1).sslShutdownTimeout());
        assertTrue(tuned.toString().endsWith(", sslHandshakeTimeout=2.5, sslShutdownTimeout=0.5]"), tuned.toString());
        assertNull(tuned.withSsl(null).ssl());
    }

    @Test
    void badValuesAreRefused() {
        StreamOptions d = StreamOptions.defaults();
        assertEquals("Limit cannot be <= 0", assertThrows(IllegalArgumentException.class, () -> d.withLimit(0)).getMessage());
        for (double bad : new double[] {0, -1, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> d.withSslHandshakeTimeout(bad), "timeout " + bad);
            assertEquals("ssl_shutdown_timeout should be a positive number, got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> d.withSslShutdownTimeout(bad)).getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> d.withServerHostname(""));
        assertThrows(NullPointerException.class, () -> d.withServerHostname(null));
    }

    @Test
    void combinationsAreCheckedWhereUsed() throws Exception {
        StreamOptions tls = StreamOptions.tls(SSLContext.getDefault());
        StreamOptions named = tls.withServerHostname("h");
        // a TLS client over TCP checks the host it connects to; over a socket file it needs a name
        assertSame(tls, tls.checkFor(false, false));
        assertSame(named, named.checkFor(false, true));
        assertThrows(IllegalArgumentException.class, () -> tls.checkFor(false, true));
        // a server has no server name to check; plain options carry no TLS settings
        assertThrows(IllegalArgumentException.class, () -> named.checkFor(true, false));
        assertThrows(IllegalArgumentException.class, () -> named.withSsl(null).checkFor(false, false));
        assertThrows(IllegalArgumentException.class,
                () -> StreamOptions.defaults().withSslHandshakeTimeout(1).checkFor(true, true));
        assertEquals("ssl_shutdown_timeout is only meaningful with ssl", assertThrows(IllegalArgumentException.class,
                () -> StreamOptions.defaults().withSslShutdownTimeout(1).checkFor(false, false)).getMessage());
        StreamOptions quickServer = tls.withSslHandshakeTimeout(1).withSslShutdownTimeout(1);
        assertSame(quickServer, quickServer.checkFor(true, true));
    }
}
