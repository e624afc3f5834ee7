package org.carecall.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.carecall.agent.Agent;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.RefusalCounts;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A technician creates a device, gets a one-time code, and types it on a new unit: the unit fetches its
 * id and secret, connects, and its calls arrive. The code does not work twice.
 */
@Tag("security")
class ProvisioningTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestHub hub;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        hub.close();
    }

    @Test
    void aUnitEnrolsWithAOneTimeCodeConnectsAndCalls() throws Exception {
        TestConsole admin = hub.admin();
        String deviceId = admin.post("/api/devices", "{\"label\":\"room 2-101\"}").text("deviceId");
        TestConsole.Answer issued = admin.post("/api/devices/" + deviceId + "/enrolment-code", null);
        assertThat(issued.status()).isEqualTo(201);
        String code = issued.text("code");
        assertThat(code).matches("[A-Z2-9]{5}-[A-Z2-9]{5}");
        Path configFile = Files.createTempDirectory("carecall-provision-").resolve("agent.yaml");
        Files.writeString(configFile, "feedback:\n  player: \"\"\n");

        Provisioning.Enrolled enrolled = Provisioning.enrol("127.0.0.1:" + hub.hub().httpPort(),
                code.toLowerCase().replace("-", " "), configFile);

        assertThat(enrolled.deviceId()).isEqualTo(deviceId);
        assertThat(Files.getPosixFilePermissions(configFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        AgentConfig config = AgentConfigLoader.load(configFile, Map.of("CARECALL_DATA_DIR",
                Files.createTempDirectory("carecall-agent-").toString()), true);
        assertThat(config.feedback.player).isEmpty(); // what the file already said is kept
        agent = Agent.start(config, Clock.systemUTC());
        await().atMost(WAIT).until(() -> agent.link().connected());
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().calls().alarms().openAlarmsOf(deviceId)).hasSize(1));

        assertThatThrownBy(() -> Provisioning.enrol("127.0.0.1:" + hub.hub().httpPort(), code,
                Files.createTempFile("second", ".yaml")))
                .hasMessageContaining("the hub refused the code");
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().recent(null, 20))
                .extracting(AuditLog.Entry::event).contains("enrol.redeemed"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 20))
                .extracting(RefusalCounts.Count::reason).contains("enrol.failed"));
    }

    @Test
    void guessingCodesMakesOnlyTheGuesserWait() throws Exception {
        hub.close(); // this one's hub keeps still time, so that the guesser's wait cannot run out mid-test
        hub = TestHub.start(Files.createTempDirectory("carecall-enrol-"),
                new MutableClock(Instant.parse("2026-12-07T08:00:00Z")), settings -> { });
        TestConsole admin = hub.admin();
        String deviceId = admin.post("/api/devices", "{}").text("deviceId");
        String code = admin.post("/api/devices/" + deviceId + "/enrolment-code", null).text("code");
        TestConsole anyone = TestConsole.anonymous(hub.hub().httpPort());
        for (int i = 0; i < 30; i++) {
            assertThat(anyone.post("/api/enrol", "{\"code\":\"AAAAA-AAAA" + i + "\"}").status()).isEqualTo(403);
        }

        assertThat(anyone.post("/api/enrol", "{\"code\":\"" + code + "\"}").status())
                .as("the guessing address waits, unchecked").isEqualTo(403);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 30))
                .extracting(RefusalCounts.Count::reason).contains("enrol.failed", "enrol.throttled"));
        assertThat(TestConsole.from("127.0.0.2", hub.hub().httpPort()).post("/api/enrol", "{\"code\":\"" + code + "\"}")
                .status()).as("the technician's own address is not slowed").isEqualTo(200);
        ReliabilityLedger.record(new ReliabilityLedger.Check("enrolment-code-guessing", "guessing enrolment codes"
                + " makes the guessing address wait longer and longer; codes are single use and expire", "30 wrong"
                + " codes from 127.0.0.1, then a right one refused unchecked there (403, enrol.throttled counted)"
                + " and taken from 127.0.0.2"));
    }
}
