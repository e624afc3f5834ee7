package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.agent.provision.Provisioning;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.audit.RefusalCounts;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every secret the system handles, used and misused the way people and units use them, while every log
 * line of the hub and the agent is kept: device secrets (made, enrolled, rotated, guessed), enrolment
 * codes, staff passwords (right and wrong) and session tokens. None appears in a log line, an
 * exception's text or the audit log.
 */
@Tag("security")
class SecretsStayOutOfLogsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private TestHub hub;
    private Agent agent;

    private Level rootLevel;

    @BeforeEach
    void listen() {
        // Every level, debug and trace too: a secret in a debug line is one a technician may switch on.
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logged);
        root.setLevel(rootLevel);
        Closing.all(agent, hub);
    }

    @Test
    void noSecretIsEverWrittenToALogOrTheAuditLog() throws Exception {
        List<String> secrets = new ArrayList<>();
        hub = TestHub.start();
        TestConsole admin = hub.admin();
        secrets.add(TestHub.ADMIN_PASSWORD);
        secrets.add(admin.token());

        TestConsole.Answer made = admin.post("/api/devices", "{\"label\":\"room 2-101\"}");
        String deviceId = made.text("deviceId");
        secrets.add(made.text("secret"));
        String code = admin.post("/api/devices/" + deviceId + "/enrolment-code", null).text("code");
        secrets.add(code);
        Path configFile = Files.createTempDirectory("carecall-secrets-").resolve("agent.yaml");
        Files.writeString(configFile, "feedback:\n  player: \"\"\n");
        Provisioning.enrol("127.0.0.1:" + hub.hub().httpPort(), code, configFile);
        AgentConfig config = AgentConfigLoader.load(configFile, Map.of("CARECALL_DATA_DIR",
                Files.createTempDirectory("carecall-agent-").toString()), true);
        secrets.add(config.device.secret);
        agent = Agent.start(config, Clock.systemUTC());
        await().atMost(WAIT).until(() -> agent.link().connected());
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().openAlarmsOf(deviceId).size() == 1);
        // A thief with a guessed secret, and with last week's one after a rotation.
        String guess = config.device.secret.substring(0, 10) + "guessed-wrong";
        secrets.add(guess);
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), deviceId, guess)).isInstanceOf(Exception.class);
        String rotated = admin.post("/api/devices/" + deviceId + "/secret", null).text("secret");
        secrets.add(rotated);
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), deviceId, config.device.secret))
                .isInstanceOf(Exception.class);

        String password = "lina-secret-password-9";
        String site = hub.hub().people().community().addSite("Xincheng", java.time.ZoneId.of("Asia/Shanghai")).id();
        admin.post("/api/staff", "{\"username\":\"lina\",\"displayName\":\"Li Na\",\"password\":\"" + password
                + "\",\"role\":\"SUPERVISOR\",\"siteId\":\"" + site + "\"}");
        secrets.add(password);
        TestConsole lina = TestConsole.login(hub.hub().httpPort(), "lina", password);
        secrets.add(lina.token());
        String wrongPassword = "lina-secret-password-8";
        secrets.add(wrongPassword);
        assertThat(TestConsole.anonymous(hub.hub().httpPort()).post("/api/session",
                "{\"username\":\"lina\",\"password\":\"" + wrongPassword + "\"}").status()).isEqualTo(401);
        assertThat(TestConsole.withToken(hub.hub().httpPort(), lina.token() + "x").get("/api/me").status())
                .isEqualTo(401);
        await().atMost(WAIT).until(() -> hub.hub().people().audit().refusals(Instant.EPOCH, 100).stream()
                .anyMatch(count -> count.reason().equals("login.failed")));

        List<String> lines = new ArrayList<>();
        List<ILoggingEvent> events;
        synchronized (logged) { // the hub goes on logging; the appender adds under this same lock
            events = new ArrayList<>(logged.list);
        }
        for (ILoggingEvent event : events) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        for (AuditLog.Entry entry : hub.hub().people().audit().recent(null, 1000)) {
            lines.add(entry.event() + " " + entry.deviceId() + " " + entry.remote() + " " + entry.reason());
        }
        for (RefusalCounts.Count count : hub.hub().people().audit().refusals(Instant.EPOCH, 1000)) {
            lines.add(count.reason() + " " + count.source() + " " + count.subject() + " " + count.detail());
        }
        assertThat(lines).as("log lines kept").hasSizeGreaterThan(100);
        for (String secret : secrets) {
            assertThat(lines).as("a line with a secret").noneMatch(line -> line.contains(secret));
            String compact = secret.replace("-", "");
            assertThat(lines).as("a line with a secret").noneMatch(line -> line.contains(compact));
        }
        ReliabilityLedger.record(new ReliabilityLedger.Check("no-secret-in-logs", "no device secret, enrolment"
                + " code, staff password or session token in any log line, audit row or refusal count",
                "%d secrets used and misused; %d log lines, audit rows and refusal counts searched".formatted(secrets.size(),
                        lines.size())));
    }
}
