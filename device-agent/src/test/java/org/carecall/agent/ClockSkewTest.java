package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carecall.agent.support.CallCount;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestHub;
import org.carecall.hub.support.TestLiveConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Units whose clocks are hours wrong (no network time after a power cut, a flat clock battery). Given one
 * unit three hours ahead and one right, when the one ahead presses first, then the hub orders the calls by
 * its own time, keeps the unit's own time as reported, and shows staff how far that unit's clock is off.
 */
@Tag("chaos")
class ClockSkewTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration AHEAD = Duration.ofHours(3);

    private TestHub hub;
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        Closing.all(agents, hub);
    }

    @Test
    void callsAreOrderedByTheHubsTimeAndAUnitsWrongClockIsShownToStaff() throws Exception {
        hub = TestHub.start();
        DeviceRegistry.Enrolled fast = hub.enrol("unit-fast");
        DeviceRegistry.Enrolled right = hub.enrol("unit-right");
        Agent ahead = start(fast, Clock.offset(Clock.systemUTC(), AHEAD));
        Agent onTime = start(right, Clock.systemUTC());

        Instant firstPress = Instant.now();
        TestAgents.tap(ahead, "call-button");
        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().openAlarmsOf(fast.deviceId()).size() == 1);
        Thread.sleep(20); // the hub's clock moves on: the second call is later by any measure but the unit's
        TestAgents.tap(onTime, "call-button");
        await().atMost(WAIT).until(() -> hub.hub().calls().alarms().openAlarmsOf(right.deviceId()).size() == 1);

        TestConsole admin = hub.admin();
        JsonNode board = admin.get("/api/alarms?state=open").body().path("items");
        assertThat(board).hasSize(2);
        // The open board puts the longest-waiting call first: the fast unit's, though its own clock says it is
        // three hours the newer.
        JsonNode older = board.get(0);
        JsonNode newest = board.get(1);
        assertThat(older.path("deviceId").asText()).as("oldest first, by the hub's time").isEqualTo(fast.deviceId());
        assertThat(newest.path("deviceId").asText()).isEqualTo(right.deviceId());
        // The unit's own time is kept as it reported it; the hub's receipt time is the hub's.
        Instant raised = Instant.parse(older.path("raisedAt").asText());
        Instant received = Instant.parse(older.path("receivedAt").asText());
        assertThat(Duration.between(received, raised).toMinutes()).isCloseTo(AHEAD.toMinutes(), within(1L));
        assertThat(Duration.between(firstPress, received).abs()).isLessThan(WAIT);
        assertThat(older.path("clockSkewMs").asLong()).isCloseTo(AHEAD.toMillis(), within(5_000L));
        assertThat(Math.abs(newest.path("clockSkewMs").asLong())).isLessThan(5_000L);
        try (TestLiveConsole staff = new TestLiveConsole(hub.hub().httpPort())) {
            staff.auth(admin.token());
            await().atMost(WAIT).until(() -> staff.callsShown().size() == 2);
            ReliabilityLedger.record(CallCount.of("device-clock-skew", "a unit's clock three hours ahead",
                    hub.hub().calls().alarms(), agents, staff.callsShown(), "ordered by the hub's time; staff shown the unit's clock %d ms off"
                            .formatted(older.path("clockSkewMs").asLong())));
        }
    }

    private Agent start(DeviceRegistry.Enrolled unit, Clock clock) throws Exception {
        Agent agent = Agent.start(TestAgents.config(unit, hub.hub().mqttPort()), clock);
        agents.add(agent);
        await().atMost(WAIT).until(() -> agent.link().connected());
        await().atMost(WAIT).until(() -> hub.hub().units().presence().status(unit.deviceId())
                .map(status -> status.clockSkewMs() != null).orElse(false));
        return agent;
    }
}
