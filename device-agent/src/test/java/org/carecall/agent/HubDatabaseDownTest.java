package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.carecall.hub.support.TestPostgres;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hub's PostgreSQL server stops for 20 s while residents press. Given a hub on a PostgreSQL store,
 * when the server is stopped, then nothing is acknowledged, the units keep their calls and keep trying,
 * and every console shows the "cannot store calls" system alarm; when it is started again, the hub finds
 * it by itself, every call is stored once and RECEIVED at its unit, and the alarm clears.
 */
@Tag("chaos")
class HubDatabaseDownTest {
    private static final int UNITS = 3;
    private static final Duration DOWN = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(40);

    private TestPostgres postgres;
    private TestHub hub;
    private TestLiveConsole console;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, console, hub, postgres);
    }

    @Test
    void aStoppedDatabaseAcknowledgesNothingRaisesASystemAlarmAndTheHubRecoversWhenItReturns() throws Exception {
        postgres = TestPostgres.start();
        String url = postgres.newDatabase();
        hub = TestHub.start(Files.createTempDirectory("carecall-hub-"), Clock.systemUTC(), config -> {
            config.store.url = url;
            config.store.user = TestPostgres.USER;
            config.store.password = TestPostgres.PASSWORD;
        });
        List<DeviceRegistry.Enrolled> units = TestAgents.startUnits(hub, UNITS, agents, WAIT);
        console = new TestLiveConsole(hub.hub().httpPort());
        TestConsole admin = hub.admin();
        console.auth(admin.token());
        assertThat(console.next("ready", WAIT).path("system").path("storeOk").asBoolean()).isTrue();

        postgres.stop();
        long stoppedAt = System.nanoTime();
        for (Agent agent : agents) {
            TestAgents.tap(agent, "call-button");
        }

        JsonNode alarm = console.next("system.status", WAIT);
        assertThat(alarm).as("a system alarm on the console").isNotNull();
        assertThat(alarm.path("system").path("storeOk").asBoolean()).isFalse();
        TestConsole anyone = TestConsole.anonymous(hub.hub().httpPort());
        assertThat(anyone.get("/healthz").status()).isEqualTo(503);
        // A console's page that needs the store says why it cannot be shown, rather than an internal error.
        TestConsole.Answer board = admin.get("/api/alarms");
        assertThat(board.status()).isEqualTo(503);
        assertThat(board.text("error")).isEqualTo("store-unavailable");
        // The units go on trying while nothing can be stored, and hear nothing that is not true.
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> TestAgents.firstCall(agent).attempts() >= 2);
            assertThat(TestAgents.firstCall(agent).received()).as("RECEIVED for a call that was not stored").isFalse();
        }
        Thread.sleep(Math.max(0, DOWN.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
        for (Agent agent : agents) {
            assertThat(TestAgents.firstCall(agent).received()).as("RECEIVED while the database was down").isFalse();
        }
        int attemptsWhileDown = agents.stream().mapToInt(agent -> TestAgents.firstCall(agent).attempts()).min().orElse(0);

        postgres.startAgain();

        JsonNode cleared = console.next("system.status", WAIT);
        assertThat(cleared).as("the system alarm clears").isNotNull();
        assertThat(cleared.path("system").path("storeOk").asBoolean()).isTrue();
        for (Agent agent : agents) {
            await().atMost(WAIT).until(() -> TestAgents.firstCall(agent).received());
            assertThat(TestAgents.firstCall(agent).state()).isIn(AlarmState.RECEIVED, AlarmState.NOTIFIED);
        }
        await().atMost(WAIT).until(() -> console.callsShown().size() >= UNITS);
        List<Alarm> stored = hub.hub().calls().alarms().page(false, Set.of(AlarmKind.CALL_BUTTON), 100, 0);
        ReliabilityLedger.Scenario counted = CallCount.of("hub-database-down", "the hub's PostgreSQL server stopped"
                + " for 20 s while residents press, then started", hub.hub().calls().alarms(), agents, console.callsShown(),
                "%d units; each unit tried %d+ times while it was down; system alarm on the console, the board 503"
                        .formatted(UNITS, attemptsWhileDown));
        ReliabilityLedger.record(counted);
        assertThat(counted.lost()).isZero();
        assertThat(counted.doubled()).isZero();
        assertThat(counted.notified()).isEqualTo(UNITS);
        assertThat(stored).extracting(Alarm::deviceId)
                .containsExactlyInAnyOrderElementsOf(units.stream().map(DeviceRegistry.Enrolled::deviceId).toList());
        await().atMost(WAIT).until(() -> anyone.get("/healthz").status() == 200);
    }

}
