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
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Given a press that is stored but not yet published (the hub is unreachable), when the agent is killed
 * with kill -9 and started again once the hub is back, then the alarm arrives, once, with the time of
 * the press.
 */
@Tag("chaos")
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
                    List<Alarm> open = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId());
                    assertThat(open).hasSize(1);
                    assertThat(open.getFirst().kind()).isEqualTo(AlarmKind.CALL_BUTTON);
                    assertThat(open.getFirst().raisedAt()).isEqualTo(pressedAt);
                });
                await().atMost(Duration.ofSeconds(15)).until(() -> receivedIn(outbox) == 1);
                String id = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).getFirst().id();
                int copies = hub.hub().calls().alarms().countById(id);
                ReliabilityLedger.record(new ReliabilityLedger.Scenario("agent-killed-before-publish", "the agent"
                        + " killed (kill -9) after storing a press, before the hub could have it", 1, copies > 0 ? 1 : 0,
                        receivedIn(outbox), -1, copies == 0 ? 1 : 0, Math.max(0, copies - 1),
                        "delivered after the restart with the time of the press; outbox integrity ok"));
            } finally {
                second.close();
            }
        }
    }

    /**
     * Given a unit busy writing its outbox (door events and sensor calls as fast as its keyboard types
     * them, sent to the hub as they come), when its process dies at an arbitrary moment, then the outbox
     * passes SQLite's integrity check, and every call and event it held reaches the hub once after the
     * restart. A kill -9 stops the process mid-write but keeps what the kernel already has; a true power
     * cut also drops unwritten disk caches, which synchronous=FULL is there for and this cannot show.
     */
    @Test
    void aProcessDeathInTheMiddleOfWritingLeavesTheOutboxIntactAndLosesNothingItHeld() throws Exception {
        Path hubData = Files.createTempDirectory("carecall-hub-");
        try (TestHub hub = TestHub.start(hubData, Clock.systemUTC(), config -> { })) {
            DeviceRegistry.Enrolled unit = hub.enrol("bed-0001");
            AgentConfig config = TestAgents.config(unit, hub.hub().mqttPort());
            Path outbox = Path.of(config.dataDir).resolve("outbox.db");
            int cuts = ReliabilityLedger.pick(3, 20);
            for (int cut = 0; cut < cuts; cut++) {
                AgentProcess busy = AgentProcess.start(config);
                for (int line = 0; line < 40; line++) {
                    busy.type(line % 4 == 3 ? (line % 8 == 3 ? "hold smoke 0.25" : "hold tamper 0.25") : "hold door 0.12");
                }
                Thread.sleep(700 + (long) (Math.random() * 600));
                busy.kill();
                assertThat(integrity(outbox)).as("outbox integrity after cut %d", cut + 1).isEqualTo("ok");
            }
            List<String> held = alarmIdsIn(outbox);

            AgentProcess again = AgentProcess.start(config);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingIn(outbox) == 0);
            } finally {
                again.close();
            }
            int stored = 0;
            int doubled = 0;
            for (String id : held) {
                int copies = hub.hub().calls().alarms().countById(id);
                stored += Math.min(1, copies);
                doubled += Math.max(0, copies - 1);
            }
            ReliabilityLedger.record(new ReliabilityLedger.Scenario("agent-killed-while-writing", "the agent process"
                    + " killed (kill -9) at a random moment while it writes calls and door events, " + cuts + " times",
                    held.size(), stored, receivedIn(outbox), -1, held.size() - stored, doubled,
                    "outbox integrity_check ok after every cut; every event it held delivered"));
            assertThat(held).isNotEmpty();
            assertThat(stored).isEqualTo(held.size());
            assertThat(doubled).isZero();
        }
    }

    private static int alarmsIn(Path outbox) throws Exception {
        if (!Files.exists(outbox)) {
            return 0;
        }
        return query(outbox, "SELECT COUNT(*) FROM outbox WHERE channel = 'ALARM'", rows -> rows.getInt(1));
    }

    private static int receivedIn(Path outbox) throws Exception {
        return query(outbox, "SELECT COUNT(*) FROM outbox WHERE channel = 'ALARM' AND received_at IS NOT NULL",
                rows -> rows.getInt(1));
    }

    private static int pendingIn(Path outbox) throws Exception {
        return query(outbox, "SELECT COUNT(*) FROM outbox WHERE received_at IS NULL", rows -> rows.getInt(1));
    }

    private static List<String> alarmIdsIn(Path outbox) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + outbox);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM outbox WHERE channel = 'ALARM'")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
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
