package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.audit.RefusalCounts;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.ReliabilityLedger;
import org.carecall.hub.support.RawMqtt;
import org.carecall.hub.support.TestDevice;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.Channel;
import org.carecall.protocol.message.Receipt;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every way a device can get the contract wrong gets its documented answer, is counted among the
 * refusals, and leaves the hub serving everyone else.
 */
@Tag("security")
class DeviceEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TestHub hub;
    private DeviceRegistry.Enrolled unit;
    private DeviceRegistry.Enrolled neighbour;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start(config -> {
            config.limits.messageBurst = 30;
            config.limits.messagesPerSecond = 5;
            config.mqtt.connectTimeoutS = 2;
        });
        unit = hub.enrol("bed-0001");
        neighbour = hub.enrol("bed-0002");
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    @Test
    void aWrongSecretIsRefusedWithBadUserNameOrPassword() {
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), unit.deviceId(), "not-the-secret"))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertRefused("connect.bad-secret", unit.deviceId());
        assertTheHubStillServes();
    }

    @Test
    void anUnknownDeviceIsRefusedWithBadUserNameOrPassword() {
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), "bed-9999", unit.secret()))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertRefused("connect.unknown-device", "bed-9999");
    }

    @Test
    void aRevokedDeviceIsRefusedAsNotAuthorised() {
        hub.hub().units().devices().revoke(unit.deviceId()).join();

        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret()))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertRefused("connect.revoked", unit.deviceId());
    }

    @Test
    void aClientIdThatDiffersFromTheUserNameIsRejected() {
        assertThatThrownBy(() -> TestDevice.connectOnly(hub.mqttUri(), "someone-else", unit.deviceId(), unit.secret(), 30))
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));
        assertRefused("connect.id-mismatch", unit.deviceId());
    }

    @Test
    void aRotatedSecretLocksOutTheOldOne() throws Exception {
        String fresh = hub.hub().units().devices().rotateSecret(unit.deviceId()).join();

        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret()))
                .isInstanceOf(MqttException.class);
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), fresh)) {
            assertThat(device.connected()).isTrue();
        }
    }

    @Test
    void aStrangerGuessingAUnitsSecretCannotLockTheUnitOut() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (RawMqtt stranger = new RawMqtt(hub.hub().mqttPort())) {
                stranger.send(RawMqtt.connect(unit.deviceId(), unit.deviceId(), "guess-" + i, 30));
                assertThat(stranger.read(4)[3]).as("refused: bad user name or password, or wait").isIn((byte) 4, (byte) 3);
            }
        }
        // At once, while the guessing address still waits (its waits start at a second and grow).
        assertThatThrownBy(() -> TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret()))
                .as("the guessing address itself waits, even with the right secret")
                .isInstanceOfSatisfying(MqttException.class, e ->
                        assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));
        assertThat(hub.hub().metrics().scrape()).containsPattern("carecall_throttled_sources\\{target=\"unit\"\\} [1-9]");

        try (TestDevice real = TestDevice.connectFrom("127.0.0.2", hub.mqttUri(), unit.deviceId(), unit.secret())) {
            real.send(real.newAlarm());
            Receipt receipt = real.next(Receipt.class, WAIT);
            assertThat(receipt).isNotNull();
            assertThat(receipt.state()).isEqualTo(AlarmState.RECEIVED);
        }
        assertRefused("connect.bad-secret", unit.deviceId());
        assertRefused("connect.throttled", unit.deviceId());
        ReliabilityLedger.record(new ReliabilityLedger.Check("device-secret-guessing", "a stranger guessing a unit's"
                + " secret slows only the guessing address; the unit's right secret from its own address connects",
                "100 wrong secrets from 127.0.0.1: that address waits (CONNACK 3, connect.throttled counted); the right"
                + " secret from 127.0.0.2 connects at once and its call is RECEIVED"));
    }

    @Test
    void publishingOnAnotherDevicesTopicClosesTheConnection() throws Exception {
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            assertThatThrownBy(() -> device.publish("carecall/v1/devices/bed-0002/up/alarm", "{}".getBytes()))
                    .isInstanceOf(MqttException.class);
            await().atMost(WAIT).until(() -> !device.connected());
        }
        assertRefused("publish.forbidden-topic", unit.deviceId());
        assertThat(hub.hub().calls().alarms().openAlarmsOf("bed-0002")).isEmpty();
        assertTheHubStillServes();
    }

    @Test
    void subscribingToEverythingClosesTheConnection() throws Exception {
        try (TestDevice device = TestDevice.connectOnly(hub.mqttUri(), unit.deviceId(), unit.deviceId(), unit.secret(), 30)) {
            assertThatThrownBy(() -> device.subscribe("#")).isInstanceOf(MqttException.class);
            await().atMost(WAIT).until(() -> !device.connected());
        }
        assertRefused("subscribe.forbidden", unit.deviceId());
        assertTheHubStillServes();
    }

    @Test
    void aPacketLargerThanTheLimitClosesTheConnection() throws Exception {
        try (RawMqtt raw = new RawMqtt(hub.hub().mqttPort())) {
            raw.send(RawMqtt.connect(unit.deviceId(), unit.deviceId(), unit.secret(), 30));
            raw.send(RawMqtt.publish("carecall/v1/devices/bed-0001/up/event", new byte[40_000]));
            raw.readUntilClosed();
        }
        assertRefused("protocol.malformed", unit.deviceId());
        assertTheHubStillServes();
    }

    @Test
    void garbageBytesInsteadOfMqttAreRefused() throws Exception {
        try (RawMqtt raw = new RawMqtt(hub.hub().mqttPort())) {
            raw.send("GET / HTTP/1.1\r\nHost: hub\r\n\r\n".getBytes());
            raw.readUntilClosed();
        }
        assertRefusedEvent("protocol.malformed");
        assertTheHubStillServes();
    }

    @Test
    void aClientThatNeverSendsConnectIsClosed() throws Exception {
        try (RawMqtt raw = new RawMqtt(hub.hub().mqttPort())) {
            raw.readUntilClosed();
        }
        assertRefusedEvent("connect.timeout");
    }

    @Test
    void aClientThatGoesSilentIsClosedAfterOneAndAHalfKeepAlives() throws Exception {
        long started = System.nanoTime();
        try (RawMqtt raw = new RawMqtt(hub.hub().mqttPort())) {
            raw.send(RawMqtt.connect(unit.deviceId(), unit.deviceId(), unit.secret(), 1));
            byte[] answer = raw.readUntilClosed();
            assertThat(answer).startsWith(0x20, 0x02, 0x00, 0x00); // CONNACK accepted, then silence until closed
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertRefused("keepalive.expired", unit.deviceId());
        await().atMost(WAIT).until(() -> !hub.hub().units().presence().status(unit.deviceId()).orElseThrow().online());
    }

    @Test
    void aDeviceThatFloodsIsCutOffAndOthersAreNotHeldUp() throws Exception {
        try (TestDevice device = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 200; i++) {
                    device.publish(Channel.EVENT, "{\"v\":1,\"id\":\"01JDB6Y8Q3K5W9Z2N4P6R8T0VX\",\"kind\":\"MOTION\","
                            + "\"at\":\"2026-11-22T08:00:00.000Z\"}");
                }
            }).isInstanceOf(MqttException.class);
        }
        assertRefused("publish.flood", unit.deviceId());
        assertTheHubStillServes();
    }

    @Test
    void aSecondConnectionOfTheSameDeviceReplacesTheFirst() throws Exception {
        try (TestDevice first = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret());
             TestDevice second = TestDevice.connect(hub.mqttUri(), unit.deviceId(), unit.secret())) {
            await().atMost(WAIT).until(() -> !first.connected());
            assertThat(second.connected()).isTrue();
            second.send(second.newAlarm());
            assertThat(second.next(Receipt.class, WAIT)).isNotNull();
            assertThat(hub.hub().units().sessions().count()).isEqualTo(1);
        }
    }

    /** The neighbour can still connect and raise a call, answered RECEIVED. */
    private void assertTheHubStillServes() {
        try (TestDevice other = TestDevice.connect(hub.mqttUri(), neighbour.deviceId(), neighbour.secret())) {
            other.send(other.newAlarm());
            Receipt receipt = other.next(Receipt.class, WAIT);
            assertThat(receipt).isNotNull();
            assertThat(receipt.state()).isEqualTo(AlarmState.RECEIVED);
        } catch (MqttException | InterruptedException e) {
            throw new AssertionError("the hub stopped serving other devices", e);
        }
    }

    private void assertRefused(String event, String deviceId) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 50))
                .filteredOn(count -> count.reason().equals(event))
                .anySatisfy(count -> {
                    assertThat(count.subject()).isEqualTo(deviceId);
                    assertThat(count.source()).isEqualTo("127.0.0.1");
                }));
    }

    private void assertRefusedEvent(String event) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 50))
                .extracting(RefusalCounts.Count::reason).contains(event));
    }
}
