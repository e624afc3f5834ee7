package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTPS: with a certificate and key set, the console and its logins are served only
 * over TLS (1.3, or 1.2 with AEAD suites), browsers are told to stay on HTTPS, and the plain port sends
 * them there while still answering health and metrics.
 */
@Tag("security")
class HttpsConsoleTest {
    private TestHub hub;
    private HttpClient trusting;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.startWithHttps(config -> { });
        trusting = HttpClient.newBuilder().sslContext(trustingOnly(hub)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void theConsoleIsServedOverHttpsAndTellsBrowsersToStayThere() throws Exception {
        HttpResponse<String> page = trusting.send(HttpRequest.newBuilder(URI.create(hub.consoleUrl())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/console/main.js");
        assertThat(page.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void thePlainPortSendsBrowsersToHttpsButStillAnswersHealthAndMetrics() throws Exception {
        String plain = "http://127.0.0.1:" + hub.hub().httpPort();
        HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(plain + "/api/session?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(301);
        assertThat(login.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + hub.hub().httpsPort() + "/api/session?x=1");
        assertThat(trusting.send(HttpRequest.newBuilder(URI.create(plain + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(trusting.send(HttpRequest.newBuilder(URI.create(plain + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("carecall_");
        assertThat(trusting.send(HttpRequest.newBuilder(URI.create(plain + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void aCbcSuiteIsRefusedWhereAnAeadSuiteIsTaken() throws Exception {
        // The same TLS 1.2 client twice, so the refusal is the hub's and not the client's (testssl checks the rest).
        assertThat(offering("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").send(HttpRequest.newBuilder(URI.create(hub.consoleUrl()))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> offering("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256").send(HttpRequest.newBuilder(
                URI.create(hub.consoleUrl())).build(), HttpResponse.BodyHandlers.ofString()))
                .hasRootCauseInstanceOf(SSLHandshakeException.class);
    }

    private HttpClient offering(String suite) throws Exception {
        return HttpClient.newBuilder().sslContext(trustingOnly(hub))
                .sslParameters(new SSLParameters(new String[] {suite}, new String[] {"TLSv1.2"})).build();
    }

    private static SSLContext trustingOnly(TestHub hub) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(hub.certificate())) {
            store.setCertificateEntry("hub", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
