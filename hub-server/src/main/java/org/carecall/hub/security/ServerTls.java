package org.carecall.hub.security;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The hub's TLS, the same on both endpoints (MQTT for units, HTTPS for the console): TLS 1.3, and TLS 1.2
 * with forward-secret AEAD suites only (no CBC, so no Lucky13-style padding oracles), and no
 * renegotiation started by a client (a cheap way to make a server burn CPU).
 */
public final class ServerTls {
    /** TLS 1.3's suites, then TLS 1.2's ECDHE with GCM or ChaCha20-Poly1305; nothing else is offered. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ServerTls() {
    }

    /**
     * The JDK accepts a client's renegotiation unless told otherwise, and reads this setting once, when
     * its TLS classes first load: the hub sets it before it opens anything.
     */
    public static void refuseClientRenegotiation() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    /** A server context from a PEM certificate chain and its PKCS#8 key. */
    public static SslContext forServer(String certificate, String key) throws SSLException {
        refuseClientRenegotiation();
        return configured(SslContextBuilder.forServer(new File(certificate), new File(key)));
    }

    /** A server context from a key and its chain (the hub's own, from {@link CommunityCa}). */
    public static SslContext forServer(PrivateKey key, X509Certificate... chain) throws SSLException {
        refuseClientRenegotiation();
        return configured(SslContextBuilder.forServer(key, chain));
    }

    private static SslContext configured(SslContextBuilder builder) throws SSLException {
        return builder
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(CIPHERS)
                .build();
    }
}
