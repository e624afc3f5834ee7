package org.carecall.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carecall.hub.security.CommunityCa;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A hub started with no TLS settings at all: it makes its own community CA and a certificate for its
 * configured names, serves HTTPS and MQTT over TLS to the network from the first start, keeps the clear
 * ports to this machine, offers the CA for phones to install, and names itself from its configuration,
 * never from what a request claims in its Host header.
 */
@Tag("security")
class TlsFromTheFirstStartTest {

    @Test
    void aFreshHubServesTlsToTheNetworkAndKeepsItsPlainPortsToThisMachine() throws Exception {
        Optional<InetAddress> outside = nonLoopbackAddress();
        Path data = Files.createTempDirectory("carecall-hub-");
        String name = outside.map(InetAddress::getHostAddress).orElse("127.0.0.1");
        try (TestHub hub = TestHub.start(data, Clock.systemUTC(), config -> {
            config.mqtt.host = "0.0.0.0"; // the defaults: TLS on every interface
            config.http.host = "0.0.0.0";
            config.http.publicName = name + ",127.0.0.1";
        })) {
            Path ca = data.resolve("tls").resolve("ca.pem");
            assertThat(Files.getPosixFilePermissions(data.resolve("tls").resolve("ca-key.pem")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(data.resolve("tls").resolve("server-key.pem")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            // The CA is there for anyone to download, and its fingerprint is the one the console shows.
            HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + hub.hub().httpPort() + "/ca.pem")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/x-x509-ca-cert"));
            assertThat(download.body()).isEqualTo(Files.readString(ca));
            assertThat(TestConsole.anonymous(hub.hub().httpPort()).get("/api/tls").text("fingerprint"))
                    .isEqualTo(CommunityCa.fingerprint(certificate(ca))).isEqualTo(hub.hub().tls().pin());

            // HTTPS and MQTT over TLS answer on the loopback address and, when the machine has one, another.
            String loopbackPage = httpsGet(ca, "127.0.0.1", hub.hub().httpsPort());
            assertThat(loopbackPage).contains("/console/main.js");
            assertThat(tlsHandshake(ca, "127.0.0.1", hub.hub().mqttTlsPort())).isEqualTo("TLSv1.3");
            assertThat(plainConnects("127.0.0.1", hub.hub().httpPort())).isTrue();
            assertThat(plainConnects("127.0.0.1", hub.hub().mqttPort())).isTrue();
            assumeTrue(outside.isPresent(), "this machine has no address but loopback");
            assertThat(httpsGet(ca, name, hub.hub().httpsPort())).contains("/console/main.js");
            assertThat(tlsHandshake(ca, name, hub.hub().mqttTlsPort())).isEqualTo("TLSv1.3");
            assertThat(plainConnects(name, hub.hub().httpPort())).as("plain HTTP from the network").isFalse();
            assertThat(plainConnects(name, hub.hub().mqttPort())).as("plain MQTT from the network").isFalse();
        }
    }

    @Test
    void theCaIsKeptAcrossStartsAndTheServerCertificateFollowsTheConfiguredNames() throws Exception {
        Path data = Files.createTempDirectory("carecall-hub-");
        String first;
        // An IPv6 address among the names: the certificate gives it back in its long form, still the same name.
        try (TestHub hub = TestHub.start(data, Clock.systemUTC(), config -> config.http.publicName = "127.0.0.1,::1")) {
            first = hub.hub().tls().pin();
        }
        String server = Files.readString(data.resolve("tls").resolve("server.pem"));
        try (TestHub hub = TestHub.start(data, Clock.systemUTC(), config -> config.http.publicName = "127.0.0.1,::1")) {
            assertThat(hub.hub().tls().pin()).isEqualTo(first);
            assertThat(Files.readString(data.resolve("tls").resolve("server.pem"))).isEqualTo(server);
        }
        try (TestHub hub = TestHub.start(data, Clock.systemUTC(), config -> config.http.publicName = "hub.example,127.0.0.1")) {
            assertThat(hub.hub().tls().pin()).as("the CA phones installed stays").isEqualTo(first);
            X509Certificate issued = certificate(data.resolve("tls").resolve("server.pem"));
            assertThat(issued.getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))).toList())
                    .containsExactly("hub.example", "127.0.0.1");
            assertThat(httpsGet(data.resolve("tls").resolve("ca.pem"), "127.0.0.1", hub.hub().httpsPort()))
                    .contains("/console/main.js");
        }
    }

    @Test
    void aForgedHostHeaderNeverReachesTheRedirect() throws Exception {
        try (TestHub hub = TestHub.startWithHttps(config -> config.http.publicName = "127.0.0.1,localhost")) {
            String redirect = raw(hub.hub().httpPort(), "GET /console/ HTTP/1.1\r\nHost: evil.example\r\n\r\n");

            assertThat(redirect).startsWith("HTTP/1.1 301").doesNotContain("evil.example").containsIgnoringCase(
                    "location: https://127.0.0.1:" + hub.hub().httpsPort() + "/console/");
        }
    }

    @Test
    void aForgedHostHeaderNeverReachesTheEnrolmentCommandOrItsQrCode() throws Exception {
        try (TestHub hub = TestHub.start()) {
            TestConsole admin = hub.admin();
            String unit = admin.post("/api/devices", "{}").text("deviceId");

            String answer = raw(hub.hub().httpPort(), "POST /api/devices/" + unit + "/enrolment-code HTTP/1.1\r\n"
                    + "Host: evil.example\r\nAuthorization: Bearer " + admin.token() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");

            assertThat(answer).startsWith("HTTP/1.1 201").doesNotContain("evil.example");
            JsonNode code = new ObjectMapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(code.path("command").asText()).isEqualTo("carecall-agent provision enrol --hub https://127.0.0.1:"
                    + hub.hub().httpsPort() + " --code " + code.path("code").asText() + " --pin " + hub.hub().tls().pin());
        }
    }

    /** An address of this machine other than loopback, IPv4 first; none on a machine without a network. */
    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(network -> {
            try {
                return network.isUp() && !network.isLoopback();
            } catch (IOException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", certificate(ca));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A page over HTTPS, the host name checked against the hub's certificate as a browser checks it. */
    private static String httpsGet(Path ca, String host, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    /** A TLS handshake with the host name checked; answers the protocol agreed. */
    private static String tlsHandshake(Path ca, String host, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(ca).getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!CommunityCa.isAddress(host)) {
                parameters.setServerNames(java.util.List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static boolean plainConnects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("neither connected nor refused: " + e, e);
        }
    }

    /** One request as written, on a connection of its own; the answer's head and its body (by Content-Length). */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            while (true) {
                int next = in.read();
                if (next < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(next);
                String text = answer.toString(StandardCharsets.UTF_8);
                int head = text.indexOf("\r\n\r\n");
                if (head >= 0) {
                    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *([0-9]+)").matcher(text);
                    int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
                    answer.write(in.readNBytes(body));
                    return answer.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }
}
