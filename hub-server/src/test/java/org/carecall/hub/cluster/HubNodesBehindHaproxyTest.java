package org.carecall.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.support.Closing;
import org.carecall.hub.support.RawMqtt;
import org.carecall.hub.support.TestCommunity;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One address for a district: Debian's HAProxy in front of two hub nodes on one database, with the
 * configuration docs/deployment.md gives (the PROXY protocol v2, health from /healthz). The hub records
 * the unit's own address, not the balancer's; when the unit's node stops, the unit's next connection to
 * the same address lands on the other node and its calls are RECEIVED there.
 */
class HubNodesBehindHaproxyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestHub nodeA;
    private TestHub nodeB;
    private Process haproxy;
    private TestDevice unit;

    @AfterEach
    void stop() throws Exception {
        Closing.all(unit, nodeA, nodeB);
        if (haproxy != null) {
            haproxy.destroyForcibly().waitFor();
        }
    }

    @Test
    void theUnitsOwnAddressIsKeptAndItsCallsFollowItToTheLivingNode() throws Exception {
        StoreSettings shared = TestHub.sharedStore();
        nodeA = TestHub.node(shared, config -> config.mqtt.proxyProtocol = true);
        TestCommunity community = TestCommunity.create(nodeA.hub());
        nodeB = TestHub.node(shared, config -> config.mqtt.proxyProtocol = true);
        int front = freePort();
        haproxy = startHaproxy(front, List.of(nodeA, nodeB));
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            try (RawMqtt probe = new RawMqtt(front)) {
                probe.send(RawMqtt.connect("probe", "nobody", "nothing", 30));
                return probe.read(4).length == 4; // a CONNACK (refused): the balancer reaches a hub
            }
        });

        String deviceId = community.unit().deviceId();
        try (RawMqtt raw = new RawMqtt(front)) {
            raw.send(RawMqtt.connect(deviceId, deviceId, community.unit().secret(), 30));
            byte[] connAck = raw.read(4);
            assertThat(connAck[3]).as("CONNACK accepted through the balancer").isZero();
            TestHub holder = await().atMost(WAIT).until(() -> nodeA.hub().units().sessions().connected(deviceId) ? nodeA
                    : nodeB.hub().units().sessions().connected(deviceId) ? nodeB : null, held -> held != null);
            assertThat(holder.hub().units().presence().status(deviceId).orElseThrow().remote())
                    .as("the unit's own address and port, as the PROXY header named it")
                    .isEqualTo("/127.0.0.1:" + raw.localPort());
        }

        unit = TestDevice.connect("tcp://127.0.0.1:" + front, deviceId, community.unit().secret());
        unit.send(unit.newAlarm());
        assertThat(unit.receipt(WAIT, AlarmState.RECEIVED)).isNotNull();
        TestHub first = nodeA.hub().units().sessions().connected(deviceId) ? nodeA : nodeB;
        TestHub other = first == nodeA ? nodeB : nodeA;
        unit.close();
        first.close(); // the unit's node stops
        if (first == nodeA) {
            nodeA = null;
        } else {
            nodeB = null;
        }

        unit = await().atMost(WAIT).ignoreExceptions().until(
                () -> TestDevice.connect("tcp://127.0.0.1:" + front, deviceId, community.unit().secret()),
                TestDevice::connected);
        var press = unit.newAlarm();
        unit.send(press);
        assertThat(unit.receipt(WAIT, AlarmState.RECEIVED).alarmId()).isEqualTo(press.id());
        assertThat(other.hub().units().sessions().connected(deviceId)).as("the same address led to the living node").isTrue();
        assertThat(other.hub().calls().alarms().countById(press.id())).isEqualTo(1);
    }

    /** HAProxy as docs/deployment.md configures it, on loopback ports, in the foreground. */
    private static Process startHaproxy(int front, List<TestHub> nodes) throws Exception {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            servers.append("    server hub-").append(i).append(" 127.0.0.1:").append(nodes.get(i).hub().mqttPort())
                    .append(" send-proxy-v2 check port ").append(nodes.get(i).hub().httpPort())
                    .append(" inter 500 fall 2 rise 1\n");
        }
        Path config = Files.createTempDirectory("carecall-haproxy-").resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                    maxconn 1000
                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 10m
                    timeout server 10m
                    retries 3
                    option redispatch
                frontend mqtt
                    bind 127.0.0.1:%d
                    default_backend hubs
                backend hubs
                    balance leastconn
                    option httpchk GET /healthz
                    http-check expect status 200
                %s""".formatted(front, servers));
        return new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(config.resolveSibling("haproxy.log").toFile()).start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
