package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.TestConsole;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes on one PostgreSQL database: a unit connected to node B is revoked by a technician on
 * node A. Node B hears of it with the records' news and closes the unit's connection within a second;
 * what the unit sends next is refused, its reconnect too, and no call of it is stored.
 */
class RevokeAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice unitOnB;

    @AfterEach
    void stop() throws Exception {
        Closing.all(unitOnB, nodeA, nodeB);
    }

    @Test
    void aUnitRevokedOnNodeAIsCutOffOnNodeBWithinASecond() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> { });
        DeviceRegistry.Enrolled unit = nodeA.enrol("bed-stolen-01");
        nodeB = TestHub.node(shared, config -> { });
        unitOnB = TestDevice.connect(nodeB.mqttUri(), unit.deviceId(), unit.secret());
        await().atMost(WAIT).until(() -> nodeB.hub().units().sessions().connected(unit.deviceId()));
        // As between nodes that have run a while: A knows B is alive, so its news rings B's doorbell.
        await().atMost(WAIT).until(() -> nodeA.hub().cluster().nodes().othersAlive());
        TestConsole technician = nodeA.admin();

        long revokedAt = System.nanoTime();
        TestConsole.Answer revoked = technician.delete("/api/devices/" + unit.deviceId());
        assertThat(revoked.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> !nodeB.hub().units().sessions().connected(unit.deviceId()));
        long closedMs = (System.nanoTime() - revokedAt) / 1_000_000;
        await().atMost(WAIT).until(() -> !unitOnB.connected());
        var press = unitOnB.newAlarm();
        assertThatThrownBy(() -> unitOnB.send(press)).as("its next PUBLISH goes nowhere")
                .isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> TestDevice.connect(nodeB.mqttUri(), unit.deviceId(), unit.secret()))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertThat(nodeA.hub().calls().alarms().countById(press.id())).isZero();
        await().atMost(WAIT).untilAsserted(() -> {
            nodeB.hub().people().audit().flushRefusals();
            assertThat(nodeB.hub().people().audit().recent(unit.deviceId(), 20)).extracting(AuditLog.Entry::event)
                    .contains("connection.credentials-changed");
            assertThat(nodeB.hub().people().audit().refusals(java.time.Instant.EPOCH, 50))
                    .extracting(count -> count.reason()).contains("connect.revoked");
        });
        ReliabilityLedger.record(new ReliabilityLedger.Check("revoke-across-nodes", "a unit revoked on one hub node"
                + " is cut off at once on the node that holds it", "revoked through node A's API, its connection on"
                + " node B closed after " + closedMs + " ms (limit 1 s); reconnect refused 0x05; nothing stored;"
                + " connection.credentials-changed audited"));
    }
}
