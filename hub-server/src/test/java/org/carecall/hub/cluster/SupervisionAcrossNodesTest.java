package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.message.Heartbeat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes supervise one district's units. A unit that keeps talking to node A is never taken for
 * silent by node B, which hears of it only through the store; a unit that falls silent is one
 * DEVICE_OFFLINE call, not one per node.
 */
class SupervisionAcrossNodesTest {
    private static final int WINDOW_S = 5;

    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice talking;
    private TestDevice silent;

    @AfterEach
    void stop() throws Exception {
        Closing.all(talking, silent, nodeA, nodeB);
    }

    @Test
    void aUnitTalkingToOneNodeIsNotSilentForTheOtherAndASilenceIsOneAlarm() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, SupervisionAcrossNodesTest::shortWindow);
        DeviceRegistry.Enrolled chatty = nodeA.hub().units().devices().create("bed-0001", "bedroom", null).join();
        DeviceRegistry.Enrolled quiet = nodeA.hub().units().devices().create("bed-0002", "bedroom", null).join();
        nodeB = TestHub.node(shared, SupervisionAcrossNodesTest::shortWindow);

        talking = TestDevice.connect(nodeA.mqttUri(), chatty.deviceId(), chatty.secret());
        silent = TestDevice.connect(nodeB.mqttUri(), quiet.deviceId(), quiet.secret());
        silent.send(beat());
        Instant quietSince = Instant.now();
        silent.close(); // gone for good: a silence both nodes could tell of

        Instant until = Instant.now().plusSeconds(3L * WINDOW_S);
        while (Instant.now().isBefore(until)) {
            talking.send(beat());
            Thread.sleep(1_000);
        }

        assertThat(offlineCalls(chatty.deviceId())).as("the unit talking to node A, seen from both").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> offlineCalls(quiet.deviceId()) >= 1);
        Thread.sleep(3_000); // both nodes sweep every second: a second alarm would be here by now
        assertThat(offlineCalls(quiet.deviceId())).as("one silence, one DEVICE_OFFLINE across both nodes")
                .isEqualTo(1);
        assertThat(Duration.between(quietSince, Instant.now()).toSeconds()).isGreaterThan(WINDOW_S);
    }

    private long offlineCalls(String deviceId) throws Exception {
        return nodeA.hub().calls().alarms().openAlarmsOf(deviceId).stream().map(Alarm::kind)
                .filter(kind -> kind == AlarmKind.DEVICE_OFFLINE).count();
    }

    private static Heartbeat beat() {
        return new Heartbeat(Instant.now(), 60, null, null, null, null, null, null, null, null);
    }


    private static void shortWindow(org.carecall.hub.config.HubConfig config) {
        config.supervision.offlineAfterS = WINDOW_S;
        config.supervision.sweepS = 1;
    }
}
