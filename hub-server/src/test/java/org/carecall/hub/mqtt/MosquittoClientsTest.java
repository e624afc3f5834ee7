package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carecall.hub.alarm.Alarm;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.Command;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmKind;
import org.carecall.protocol.CommandName;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.Topic;
import org.carecall.protocol.WireTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub speaks plain MQTT 3.1.1: Debian's mosquitto_pub and mosquitto_sub work as devices. */
class MosquittoClientsTest {
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        unit = hub.enrol("bed-0001");
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void mosquittoPubRaisesAnAlarmThatIsStoredOnce() throws Exception {
        String id = MessageIds.next();
        String payload = "{\"v\":1,\"id\":\"" + id + "\",\"kind\":\"PULL_CORD\",\"source\":\"pull-cord\",\"raisedAt\":\""
                + WireTime.format(Instant.now()) + "\",\"seq\":1,\"attempt\":1}";

        Command first = Command.run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-q", "1",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", unit.secret(),
                "-t", "carecall/v1/devices/bed-0001/up/alarm", "-m", payload);
        Command second = Command.run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-q", "1",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", unit.secret(),
                "-t", "carecall/v1/devices/bed-0001/up/alarm", "-m", payload);

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(second.exit()).as(second.output()).isZero();
        Alarm stored = hub.hub().calls().alarms().find(id).orElseThrow();
        assertThat(stored.kind()).isEqualTo(AlarmKind.PULL_CORD);
        assertThat(hub.hub().calls().alarms().countById(id)).isEqualTo(1);
    }

    @Test
    void mosquittoPubWithAWrongSecretIsRefused() throws Exception {
        Command result = Command.run("mosquitto_pub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311", "-q", "1",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", "wrong",
                "-t", "carecall/v1/devices/bed-0001/up/alarm", "-m", "{}");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output().toLowerCase()).contains("bad user name or password");
        assertThat(hub.hub().calls().alarms().openAlarmsOf(unit.deviceId())).isEmpty();
    }

    @Test
    void mosquittoSubListeningAsTheDeviceReceivesItsCommands() throws Exception {
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", unit.secret(),
                "-t", Topic.downFilter(unit.deviceId()), "-q", "1", "-C", "1", "-W", "10", "-v")
                .redirectErrorStream(true).start();
        // Nothing is queued for a device that is not yet listening, so send until mosquitto_sub has one.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            hub.hub().units().commands().send(unit.deviceId(), CommandName.LOCATE, Map.of()).join();
            return !sub.isAlive();
        });

        assertThat(sub.exitValue()).isZero();
        String output = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).startsWith("carecall/v1/devices/bed-0001/down/cmd ").contains("\"cmd\":\"LOCATE\"");
    }

    @Test
    void mosquittoSubToEverythingIsRefusedAndAudited() throws Exception {
        Command result = Command.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-V", "mqttv311",
                "-i", unit.deviceId(), "-u", unit.deviceId(), "-P", unit.secret(), "-t", "#", "-C", "1", "-W", "5");

        assertThat(result.exit()).isNotZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 20))
                        .filteredOn(count -> unit.deviceId().equals(count.subject()))
                        .extracting(count -> count.reason()).contains("subscribe.forbidden"));
    }

    private String port() {
        return String.valueOf(hub.hub().mqttPort());
    }
}
