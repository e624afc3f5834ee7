package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.FaultProxy;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.message.AlarmReport;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node A loses its database (its link to PostgreSQL cut; the units still reach it) while node B keeps
 * it. A stops acknowledging, then lets its units go and refuses them, so the unit takes its call to B,
 * where it is stored once and RECEIVED; once A's link is back, A takes units again.
 */
class NodeCutOffFromTheDatabaseTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern PORT = Pattern.compile("//127\\.0\\.0\\.1:(\\d+)/");

    private FaultProxy linkOfA;
    private TestHub nodeA;
    private TestHub nodeB;
    private TestDevice unit;

    @AfterEach
    void stop() throws Exception {
        Closing.all(unit, nodeA, nodeB, linkOfA);
    }

    @Test
    void aNodeThatCannotStoreSendsItsUnitsToOneThatCan() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        Matcher port = PORT.matcher(shared.url());
        assertThat(port.find()).as(shared.url()).isTrue();
        linkOfA = new FaultProxy(Integer.parseInt(port.group(1)));
        StoreSettings throughTheLink = new StoreSettings(port.replaceFirst("//127.0.0.1:" + linkOfA.port() + "/"),
                shared.user(), shared.password());
        nodeA = TestHub.node(throughTheLink, config -> { });
        TestCommunity community = TestCommunity.create(nodeA.hub());
        nodeB = TestHub.node(shared, config -> { });
        await().atMost(WAIT).until(() -> nodeA.hub().cluster().nodes().othersAlive());

        unit = TestDevice.connect(nodeA.mqttUri(), community.unit().deviceId(), community.unit().secret());
        linkOfA.cut();
        AlarmReport press = unit.newAlarm();
        try {
            unit.send(press);
        } catch (MqttException lost) {
            // A could not commit the call: no PUBACK, and the connection is closed for the unit to retry
        }

        await().atMost(WAIT).until(() -> !nodeA.hub().units().sessions().accepting());
        await().atMost(WAIT).until(() -> !unit.connected());
        assertThat(nodeB.hub().calls().alarms().countById(press.id())).as("A stored nothing it could not commit").isZero();
        assertThatThrownBy(() -> TestDevice.connect(nodeA.mqttUri(), community.unit().deviceId(),
                community.unit().secret())).as("A refuses units while it cannot store").isInstanceOf(MqttException.class);

        unit.close();
        unit = TestDevice.connect(nodeB.mqttUri(), community.unit().deviceId(), community.unit().secret());
        unit.send(press); // the agent resends from its outbox, same id
        assertThat(unit.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(press.id());
        assertThat(nodeB.hub().calls().alarms().countById(press.id())).isEqualTo(1);

        linkOfA.heal();
        unit.close();
        unit = await().atMost(WAIT).ignoreExceptions().until(() -> TestDevice.connect(nodeA.mqttUri(),
                community.unit().deviceId(), community.unit().secret()), TestDevice::connected);
        assertThat(nodeA.hub().units().sessions().accepting()).isTrue();
    }
}
