package org.carecall.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.carecall.agent.support.TestAgents;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.PowerSource;
import org.carecall.protocol.message.DeviceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sensors other than the call button, each raising its own alarm at the real hub. */
class SensorsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T23:30:00Z"));
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        unit = hub.enrol("bed-0001");
        agent = TestAgents.startConfigured(hub, unit, clock, new DeviceConfig(0, 60, null,
                new DeviceConfig.NightDoor(true, LocalTime.of(23, 0), LocalTime.of(6, 0)), null));
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        hub.close();
    }

    @Test
    void theDoorOpeningAtNightRaisesDoorAtNight() throws Exception {
        agent.board().simulate("door", true);

        await().atMost(WAIT).untilAsserted(() -> assertThat(kinds()).containsExactly(AlarmKind.DOOR_AT_NIGHT));
        agent.board().simulate("door", false);
    }

    @Test
    void theDoorOpeningByDayIsOnlyAnEvent() throws Exception {
        clock.advance(Duration.ofHours(10)); // 09:30

        TestAgents.tap(agent, "door");

        Thread.sleep(800);
        assertThat(kinds()).isEmpty();
        await().atMost(WAIT).until(() -> agent.onLoop(() -> agent.outbox().all().isEmpty()));
    }

    @Test
    void smokeIsItsOwnCallEvenWhileAPressIsOpen() throws Exception {
        clock.advance(Duration.ofHours(10));
        TestAgents.tap(agent, "call-button");
        await().atMost(WAIT).until(() -> kinds().size() == 1);

        agent.board().simulate("smoke", true);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(kinds()).containsExactlyInAnyOrder(AlarmKind.CALL_BUTTON, AlarmKind.SMOKE));
    }

    @Test
    void lossOfPowerIsATechnicalAlarmAndTheHeartbeatSaysBattery() throws Exception {
        clock.advance(Duration.ofHours(10));

        agent.board().simulate("power-fail", true);

        await().atMost(WAIT).untilAsserted(() -> assertThat(kinds()).containsExactly(AlarmKind.POWER_FAILURE));
        Alarm powerFailure = hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).getFirst();
        assertThat(powerFailure.kind().alarmClass().forCareStaff()).isFalse();
        agent.board().simulate("power-fail", false);
        await().atMost(WAIT).until(() -> PowerSource.MAINS == hub.hub().units().presence().status(unit.deviceId())
                .orElseThrow().power());
    }

    @Test
    void theTamperSwitchRaisesTamper() throws Exception {
        agent.board().simulate("tamper", true);

        await().atMost(WAIT).untilAsserted(() -> assertThat(kinds()).containsExactly(AlarmKind.TAMPER));
    }

    private List<AlarmKind> kinds() throws Exception {
        return hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).stream().map(Alarm::kind).toList();
    }
}
