package org.carecall.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.MutableClock;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.PowerSource;
import org.carecall.protocol.message.DeviceConfig;
import org.carecall.protocol.message.Heartbeat;
import org.carecall.protocol.message.Hello;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence follows real messages, silence becomes a technical alarm, and config follows its version. */
class SupervisionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;
    private TestDevice device;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(Files.createTempDirectory("carecall-supervision-"), clock, config -> {
            config.supervision.offlineAfterS = 180;
            config.supervision.sweepS = 3600; // the test sweeps by hand
        });
        unit = hub.enrol("bed-0001");
        device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret());
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        hub.close();
    }

    @Test
    void aHeartbeatUpdatesTheDevicesHealth() throws Exception {
        device.send(new Heartbeat(clock.instant(), 3600, "0.4.0", 1, 2, PowerSource.BATTERY, 76, 48.5, -63, null));

        await().atMost(WAIT).untilAsserted(() -> {
            DeviceStatus status = hub.hub().units().presence().status(unit.deviceId()).orElseThrow();
            assertThat(status.online()).isTrue();
            assertThat(status.power()).isEqualTo(PowerSource.BATTERY);
            assertThat(status.batteryPct()).isEqualTo(76);
            assertThat(status.outbox()).isEqualTo(2);
            assertThat(status.wifiRssi()).isEqualTo(-63);
            assertThat(status.lastSeenAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aConnectedDeviceThatStopsSendingHeartbeatsBecomesADeviceOfflineAlarm() throws Exception {
        device.send(new Heartbeat(clock.instant(), 60, null, null, null, null, null, null, null, null));
        await().atMost(WAIT).until(() -> hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt() != null);

        clock.advance(Duration.ofSeconds(181)); // MQTT pings may still flow: they do not count as a sign of life
        hub.hub().units().supervision().sweep();
        hub.hub().units().supervision().sweep(); // a second sweep must not raise a second alarm

        await().atMost(WAIT).untilAsserted(() -> assertThat(offlineAlarms()).hasSize(1));
        assertThat(device.connected()).isTrue();
        Alarm offline = offlineAlarms().getFirst();
        assertThat(offline.kind().alarmClass().forCareStaff()).isFalse();
        assertThat(offline.problem()).contains("window 180 s");
    }

    @Test
    void whenTheDeviceSpeaksAgainItsOfflineAlarmIsResolved() throws Exception {
        device.send(new Heartbeat(clock.instant(), 60, null, null, null, null, null, null, null, null));
        await().atMost(WAIT).until(() -> hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt() != null);
        clock.advance(Duration.ofMinutes(10));
        hub.hub().units().supervision().sweep();
        await().atMost(WAIT).until(() -> offlineAlarms().size() == 1);
        String alarmId = offlineAlarms().getFirst().id();

        device.send(new Heartbeat(clock.instant(), 660, null, null, null, null, null, null, null, null));
        await().atMost(WAIT).until(() -> clock.instant().equals(
                hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt()));
        hub.hub().units().supervision().sweep();

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().calls().alarms().find(alarmId).orElseThrow().state())
                .isEqualTo(AlarmState.RESOLVED));
        assertThat(offlineAlarms()).isEmpty();
    }

    @Test
    void aDeviceNeverSeenIsNotSupervised() throws Exception {
        hub.enrol("bed-0099");
        clock.advance(Duration.ofHours(5));

        hub.hub().units().supervision().sweep();

        Thread.sleep(200);
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0099")).isEmpty();
    }

    @Test
    void aDeviceBehindOnConfigurationGetsTheNewVersionAfterItsHello() throws Exception {
        DeviceConfig current = hub.hub().units().devices().find(unit.deviceId()).orElseThrow().config();
        DeviceConfig updated = hub.hub().units().devices().updateConfig(unit.deviceId(), new DeviceConfig(0, 30,
                new DeviceConfig.Inactivity(true, 8, LocalTime.of(8, 0), LocalTime.of(21, 0)),
                current.nightDoor(), new DeviceConfig.Feedback("en", 60))).join();

        device.send(new Hello("0.4.0", "rpi4b", "boot-1", current.version(), 0, clock.instant()));

        DeviceConfig received = device.next(DeviceConfig.class, WAIT);
        assertThat(received).isEqualTo(updated);
        assertThat(received.version()).isEqualTo(current.version() + 1);
        assertThat(received.heartbeatS()).isEqualTo(30);
    }

    @Test
    void aDeviceUpToDateOnConfigurationIsNotSentItAgain() throws Exception {
        int version = hub.hub().units().devices().find(unit.deviceId()).orElseThrow().config().version();

        device.send(new Hello("0.4.0", "rpi4b", "boot-1", version, 0, clock.instant()));

        assertThat(device.next(DeviceConfig.class, Duration.ofMillis(700))).isNull();
    }

    private java.util.List<Alarm> offlineAlarms() throws Exception {
        return hub.hub().calls().alarms().openAlarmsOf(unit.deviceId()).stream()
                .filter(alarm -> alarm.kind() == AlarmKind.DEVICE_OFFLINE).toList();
    }
}
