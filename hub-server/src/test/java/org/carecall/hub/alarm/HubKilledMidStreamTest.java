package org.carecall.hub.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.HubProcess;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.message.AlarmReport;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.Test;

/**
 * Given devices pressing as fast as the hub answers, when the hub process is killed with kill -9 and
 * started again, then every alarm that was acknowledged before the kill is in the store exactly once,
 * and the ones that were not are stored exactly once when the devices send them again.
 */
class HubKilledMidStreamTest {
    private static final int DEVICES = 4;

    @Test
    void everyAcknowledgedAlarmSurvivesAKillAndNothingIsStoredTwice() throws Exception {
        Path dataDir = Files.createTempDirectory("carecall-kill-");
        List<DeviceRegistry.Enrolled> units = TestHub.enrolInto(dataDir, "bed-%04d", DEVICES);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> received = ConcurrentHashMap.newKeySet();
        Map<String, List<AlarmReport>> sent = new ConcurrentHashMap<>();

        HubProcess hub = HubProcess.start(dataDir);
        CountDownLatch running = new CountDownLatch(DEVICES * 20);
        List<Thread> presses = new ArrayList<>();
        for (DeviceRegistry.Enrolled unit : units) {
            List<AlarmReport> sentByUnit = Collections.synchronizedList(new ArrayList<>());
            sent.put(unit.deviceId(), sentByUnit);
            presses.add(Thread.ofPlatform().start(
                    () -> pressUntilTheHubDies(hub, unit, sentByUnit, acknowledged, received, running)));
        }
        assertThat(running.await(20, TimeUnit.SECONDS)).as("alarms flowing before the kill").isTrue();
        hub.kill();
        for (Thread press : presses) {
            press.join(20_000);
        }

        try (TestHub restarted = TestHub.start(dataDir, Clock.systemUTC(), config -> { })) {
            AlarmStore store = restarted.hub().calls().alarms();
            for (String id : acknowledged) {
                assertThat(store.countById(id)).as("acknowledged alarm %s", id).isEqualTo(1);
            }
            for (String id : received) {
                assertThat(store.countById(id)).as("RECEIVED alarm %s", id).isEqualTo(1);
            }
            // The devices resend everything they sent, as their outboxes would: nothing is stored twice.
            for (DeviceRegistry.Enrolled unit : units) {
                try (TestDevice device = TestDevice.connect(restarted.mqttUri(), unit.deviceId(), unit.secret())) {
                    for (AlarmReport report : List.copyOf(sent.get(unit.deviceId()))) {
                        device.send(report.resent());
                    }
                }
            }
            int total = 0;
            for (List<AlarmReport> reports : sent.values()) {
                for (AlarmReport report : List.copyOf(reports)) {
                    assertThat(store.countById(report.id())).as("alarm %s after resend", report.id()).isEqualTo(1);
                    total++;
                }
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(DEVICES * 20);
            System.out.printf("kill -9 mid-stream: %d sent, %d acknowledged before the kill, %d with RECEIVED;"
                    + " all stored exactly once after restart and resend%n", total, acknowledged.size(), received.size());
        }
    }

    private static void pressUntilTheHubDies(HubProcess hub, DeviceRegistry.Enrolled unit, List<AlarmReport> sent,
                                             Set<String> acknowledged, Set<String> received, CountDownLatch running) {
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            Thread.ofVirtual().start(() -> {
                try {
                    Receipt receipt;
                    while ((receipt = device.next(Receipt.class, Duration.ofSeconds(30))) != null) {
                        received.add(receipt.alarmId());
                    }
                } catch (InterruptedException ignored) {
                    // done
                }
            });
            for (int i = 0; i < 100_000; i++) {
                AlarmReport report = device.newAlarm();
                sent.add(report);
                device.send(report); // returns once the PUBACK has arrived
                acknowledged.add(report.id());
                running.countDown();
            }
        } catch (Exception hubGone) {
            // expected: the hub was killed under us
        }
    }
}
