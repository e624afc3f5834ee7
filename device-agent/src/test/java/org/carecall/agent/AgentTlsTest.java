package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.feedback.Feedback.Phase;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Command;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.Test;

/** An agent configured with ssl:// and the hub's CA certificate calls over TLS. */
class AgentTlsTest {

    @Test
    void aPressTravelsOverTls() throws Exception {
        Path dir = Files.createTempDirectory("carecall-tls-");
        Command made = Command.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        assertThat(made.exit()).as(made.output()).isZero();
        try (TestHub hub = TestHub.start(config -> {
            config.mqtt.tlsCert = dir.resolve("cert.pem").toString();
            config.mqtt.tlsKey = dir.resolve("key.pem").toString();
        })) {
            DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
            AgentConfig config = TestAgents.config(unit, hub.hub().mqttTlsPort());
            config.hub.uri = "ssl://127.0.0.1:" + hub.hub().mqttTlsPort();
            config.hub.caFile = dir.resolve("cert.pem").toString();

            try (Agent agent = Agent.start(config, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.link().connected());
                TestAgents.tap(agent, "call-button");

                await().atMost(Duration.ofSeconds(10)).until(() -> agent.onLoop(() -> agent.feedback().callPhase())
                        == Phase.RECEIVED);
                assertThat(hub.hub().alarms().openAlarmsOf(unit.deviceId())).hasSize(1);
            }
        }
    }
}
