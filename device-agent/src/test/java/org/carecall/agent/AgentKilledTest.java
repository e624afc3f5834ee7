package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.carecall.agent.config.AgentConfig;
import org.carecall.agent.support.AgentProcess;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.Test;

/**
 * Given a press that is stored but not yet published (the hub is unreachable), when the agent is killed
 * with kill -9 and started again once the hub is back, then the alarm arrives, once, with the time of
 * the press.
 */
class AgentKilledTest {

    @Test
    void aPressStoredBeforeAKillIsDeliveredAfterTheRestart() throws Exception {
        int port = TestAgents.freePort();
        Path hubData = Files.createTempDirectory("carecall-hub-");
        DeviceRegistry.Enrolled unit;
        try (TestHub enrolling = TestHub.start(hubData, Clock.systemUTC(), config -> { })) {
            unit = enrolling.enrol("bed-0001");
        }
        AgentConfig config = TestAgents.config(unit, port);
        Path outbox = Path.of(config.dataDir).resolve("outbox.db");

        AgentProcess first = AgentProcess.start(config);
        first.type("tap call-button");
        await().atMost(Duration.ofSeconds(10)).until(() -> alarmsIn(outbox) == 1);
        Instant pressedAt = firstAlarmCreatedAt(outbox);
        first.kill();

        assertThat(integrity(outbox)).isEqualTo("ok");
        try (TestHub hub = TestHub.start(hubData, Clock.systemUTC(), settings -> settings.mqtt.port = port)) {
            AgentProcess second = AgentProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    List<Alarm> open = hub.hub().alarms().openAlarmsOf(unit.deviceId());
                    assertThat(open).hasSize(1);
                    assertThat(open.getFirst().kind()).isEqualTo(AlarmKind.CALL_BUTTON);
                    assertThat(open.getFirst().raisedAt()).isEqualTo(pressedAt);
                });
            } finally {
                second.close();
            }
        }
    }

    private static int alarmsIn(Path outbox) throws Exception {
        if (!Files.exists(outbox)) {
            return 0;
        }
        return query(outbox, "SELECT COUNT(*) FROM outbox WHERE channel = 'ALARM'", rows -> rows.getInt(1));
    }

    private static Instant firstAlarmCreatedAt(Path outbox) throws Exception {
        return query(outbox, "SELECT created_at FROM outbox WHERE channel = 'ALARM'",
                rows -> Instant.ofEpochMilli(rows.getLong(1)));
    }

    private static String integrity(Path outbox) throws Exception {
        return query(outbox, "PRAGMA integrity_check", rows -> rows.getString(1));
    }

    private interface Row<T> {
        T read(ResultSet rows) throws Exception;
    }

    private static <T> T query(Path db, String sql, Row<T> row) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? row.read(rows) : null;
        }
    }
}
