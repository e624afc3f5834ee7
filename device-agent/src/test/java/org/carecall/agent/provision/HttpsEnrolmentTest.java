package org.carecall.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.agent.feedback.Feedback.Phase;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.security.CommunityCa;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A technician types the line the console shows, and nothing else: the unit enrols over HTTPS, trusting
 * the hub by the CA fingerprint the line carries, keeps the CA, and calls over MQTT with TLS. A server
 * with another certificate at the same address gets no code and changes nothing on the unit.
 */
@Tag("security")
class HttpsEnrolmentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theLineTheConsoleShowsEnrolsOverHttpsAndTheUnitCallsOverTls() throws Exception {
        // An outside channel to reach: with nobody at all, her call would at once be "nobody handling it".
        try (TestHub hub = TestHub.start(TestAgents::outsideChannel)) {
            TestConsole admin = hub.admin();
            String deviceId = admin.post("/api/devices", "{\"label\":\"room 2-101\"}").text("deviceId");
            Map<String, String> line = enrolmentLine(admin.post("/api/devices/" + deviceId + "/enrolment-code", "{}")
                    .text("command"));
            Path configFile = Files.createTempDirectory("carecall-unit-").resolve("agent.yaml");
            Files.writeString(configFile, "feedback:\n  player: \"\"\n");

            Provisioning.Enrolled enrolled = Provisioning.enrol(line.get("--hub"), line.get("--code"), line.get("--pin"),
                    configFile);

            assertThat(enrolled.deviceId()).isEqualTo(deviceId);
            assertThat(enrolled.hubUri()).isEqualTo("ssl://127.0.0.1:" + hub.hub().mqttTlsPort());
            Path savedCa = configFile.resolveSibling(Provisioning.CA_FILE);
            assertThat(savedCa).hasContent(Files.readString(hub.certificate()));
            AgentConfig config = AgentConfigLoader.load(configFile, Map.of("CARECALL_DATA_DIR",
                    Files.createTempDirectory("carecall-agent-").toString()), true);
            assertThat(config.hub.uri).startsWith("ssl://");
            assertThat(config.hub.caFile).isEqualTo(savedCa.toString());
            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                await().atMost(WAIT).until(() -> agent.link().connected());
                TestAgents.tap(agent, "call-button");
                await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.feedback().callPhase()) == Phase.RECEIVED);
                assertThat(hub.hub().calls().alarms().openAlarmsOf(deviceId)).hasSize(1);
            }
        }
    }

    @Test
    void anImpostorWithAnotherCertificateAtTheHubsAddressGetsNoCodeAndChangesNothing() throws Exception {
        Map<String, String> line;
        int port;
        try (TestHub hub = TestHub.start()) {
            TestConsole admin = hub.admin();
            String deviceId = admin.post("/api/devices", "{}").text("deviceId");
            line = enrolmentLine(admin.post("/api/devices/" + deviceId + "/enrolment-code", "{}").text("command"));
            port = hub.hub().httpsPort();
        }
        AtomicInteger asked = new AtomicInteger();
        HttpsServer impostor = impostorOn(port, asked);
        try {
            Path configFile = Files.createTempDirectory("carecall-unit-").resolve("agent.yaml");
            String before = "hub:\n  uri: tcp://127.0.0.1:1883\nfeedback:\n  player: \"\"\n";
            Files.writeString(configFile, before);

            assertThatThrownBy(() -> Provisioning.enrol(line.get("--hub"), line.get("--code"), line.get("--pin"), configFile))
                    .hasMessageContaining("was not trusted, nothing was changed")
                    .hasMessageContaining("does not come from the CA of the pin");

            assertThat(asked).as("the code never reached the impostor").hasValue(0);
            assertThat(configFile).hasContent(before);
            assertThat(configFile.resolveSibling(Provisioning.CA_FILE)).doesNotExist();
        } finally {
            impostor.stop(0);
        }
    }

    @Test
    void enrollingAgainOverPlainHttpOnThisMachineKeepsTheTlsHubTheUnitHad() throws Exception {
        try (TestHub hub = TestHub.start()) {
            TestConsole admin = hub.admin();
            String deviceId = admin.post("/api/devices", "{}").text("deviceId");
            String code = admin.post("/api/devices/" + deviceId + "/enrolment-code", "{}").text("code");
            Path configFile = Files.createTempDirectory("carecall-unit-").resolve("agent.yaml");
            String tls = "ssl://127.0.0.1:" + hub.hub().mqttTlsPort();
            Files.writeString(configFile, "hub:\n  uri: " + tls + "\n  caFile: " + hub.certificate() + "\n");

            Provisioning.Enrolled enrolled = Provisioning.enrol("127.0.0.1:" + hub.hub().httpPort(), code, configFile);

            assertThat(enrolled.hubUri()).isEqualTo(tls);
            AgentConfig config = AgentConfigLoader.load(configFile, Map.of(), true);
            assertThat(config.hub.uri).isEqualTo(tls);
            assertThat(config.hub.caFile).isEqualTo(hub.certificate().toString());
            assertThat(config.device.id).isEqualTo(deviceId);
        }
    }

    @Test
    void theSecretIsNeverFetchedInClearFromAnotherMachine() throws Exception {
        Path configFile = Files.createTempDirectory("carecall-unit-").resolve("agent.yaml");

        assertThatThrownBy(() -> Provisioning.enrol("http://192.0.2.10:8080", "ABCDE-FGHJK", configFile))
                .hasMessageContaining("refusing to fetch this unit's secret in clear text");
        assertThatThrownBy(() -> Provisioning.enrol("https://127.0.0.1:8443", "ABCDE-FGHJK", "sha256:12", configFile))
                .hasMessageContaining("--pin must be sha256: and 64 hex digits");
        assertThat(configFile).doesNotExist();
    }

    /** The options of the line the console shows, checked to be the command a technician types. */
    private static Map<String, String> enrolmentLine(String command) {
        List<String> words = Arrays.asList(command.split(" "));
        assertThat(words.subList(0, 3)).containsExactly("carecall-agent", "provision", "enrol");
        assertThat(words).hasSize(9);
        Map<String, String> options = new HashMap<>();
        for (int i = 3; i < words.size(); i += 2) {
            options.put(words.get(i), words.get(i + 1));
        }
        assertThat(options).containsOnlyKeys("--hub", "--code", "--pin");
        assertThat(options.get("--hub")).startsWith("https://");
        return options;
    }

    /** An HTTPS server at the hub's address with a certificate of another CA, for the hub's names. */
    private static HttpsServer impostorOn(int port, AtomicInteger asked) throws Exception {
        CommunityCa other = CommunityCa.in(Files.createTempDirectory("carecall-impostor-"), List.of("127.0.0.1", "localhost"),
                Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", other.serverKey(), new char[0], other.serverChain());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            asked.incrementAndGet();
            byte[] body = "{\"deviceId\":\"bed-stolen\",\"secret\":\"forged\",\"mqttTlsPort\":8883}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
