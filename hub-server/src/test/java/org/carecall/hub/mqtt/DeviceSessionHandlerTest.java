package org.carecall.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.support.TestHub;
import org.carecall.protocol.AlarmState;
import org.carecall.protocol.MessageIds;
import org.carecall.protocol.message.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session handler alone, in an EmbeddedChannel, with the hub's real collaborators behind it. */
class DeviceSessionHandlerTest {
    private TestHub hub;
    private DeviceRegistry.Enrolled unit;
    private EmbeddedChannel channel;

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.start();
        unit = hub.enrol("bed-0001");
        DeviceSessionHandler handler = new DeviceSessionHandler(hub.hub().units().devices(), hub.hub().units().sessions(),
                hub.hub().units().inbox(), hub.hub().people().audit(), hub.hub().metrics(), 600);
        channel = new EmbeddedChannel();
        channel.pipeline().addLast(MqttEndpointInitializer.IDLE, new IdleStateHandler(10, 0, 0))
                .addLast(DeviceSessionHandler.NAME, handler);
    }

    @AfterEach
    void stop() throws Exception {
        channel.finishAndReleaseAll();
        hub.close();
    }

    @Test
    void aGoodLoginIsAcceptedAndTheIdleLimitBecomesOneAndAHalfKeepAlives() {
        channel.writeInbound(connect(unit.deviceId(), unit.deviceId(), unit.secret(), 40));

        MqttConnAckMessage ack = channel.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        IdleStateHandler idle = (IdleStateHandler) channel.pipeline().get(MqttEndpointInitializer.IDLE);
        assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(60_000);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void aWrongSecretGetsCodeFourAndTheConnectionCloses() {
        channel.writeInbound(connect(unit.deviceId(), unit.deviceId(), "guess", 40));

        MqttConnAckMessage ack = channel.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aPublishBeforeConnectClosesTheConnection() {
        channel.writeInbound(publish("carecall/v1/devices/bed-0001/up/alarm", "{}", 1));

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anAlarmIsAcknowledgedOnlyAfterItIsStored() throws Exception {
        login();
        String id = MessageIds.next();
        String payload = "{\"v\":1,\"id\":\"" + id + "\",\"kind\":\"CALL_BUTTON\",\"raisedAt\":\"2026-11-22T08:00:00.000Z\","
                + "\"seq\":1,\"attempt\":1}";

        channel.writeInbound(publish("carecall/v1/devices/bed-0001/up/alarm", payload, 7));

        MqttMessage pubAck = awaitOutbound();
        assertThat(pubAck.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(((MqttMessageIdVariableHeader) pubAck.variableHeader()).messageId()).isEqualTo(7);
        assertThat(hub.hub().calls().alarms().countById(id)).as("stored before the PUBACK").isEqualTo(1);
    }

    @Test
    void aSubscriptionToItsOwnDownChannelsIsGranted() {
        login();

        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "carecall/v1/devices/bed-0001/down/#").build());

        MqttSubAckMessage subAck = channel.readOutbound();
        assertThat(subAck.payload().grantedQoSLevels()).containsExactly(1);
    }

    @Test
    void aDeviceThatSubscribedAtQosZeroIsSentAtQosZero() {
        login();
        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_MOST_ONCE, "carecall/v1/devices/bed-0001/down/#").build());
        channel.readOutbound(); // SUBACK

        hub.hub().units().sessions().send(unit.deviceId(), Receipt.of(MessageIds.next(), AlarmState.RECEIVED, Instant.now()));

        MqttMessage publish = awaitOutbound();
        assertThat(publish.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBLISH);
        assertThat(publish.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
        ReferenceCountUtil.release(publish);
    }

    @Test
    void aSubscriptionToAnotherDevicesChannelsClosesTheConnection() {
        login();

        channel.writeInbound(MqttMessageBuilders.subscribe().messageId(3)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "carecall/v1/devices/bed-0002/down/#").build());

        Object answer = channel.readOutbound();
        assertThat(answer).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aPingIsAnsweredButIsNotASignOfLife() {
        login();
        var seenBefore = hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt();

        channel.writeInbound(MqttMessage.PINGREQ);

        MqttMessage pong = channel.readOutbound();
        assertThat(pong.fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
        assertThat(hub.hub().units().presence().status(unit.deviceId()).orElseThrow().lastSeenAt()).isEqualTo(seenBefore);
    }

    @Test
    void qosTwoIsRefused() {
        login();

        channel.writeInbound(MqttMessageBuilders.publish().topicName("carecall/v1/devices/bed-0001/up/event")
                .qos(MqttQoS.EXACTLY_ONCE).messageId(9).payload(Unpooled.EMPTY_BUFFER).build());

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void reKeyingAConnectedUnitClosesItsConnectionAtOnce() {
        login();

        hub.hub().units().devices().rotateSecret(unit.deviceId()).join();

        assertThat(channel.isOpen()).as("the connection made with the old secret is closed").isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(hub.hub().people().audit().recent(unit.deviceId(), 10))
                .extracting(org.carecall.hub.audit.AuditLog.Entry::event).contains("connection.credentials-changed"));
    }

    @Test
    void aCallOnAConnectionMadeBeforeAReKeyIsRefusedAndNotStored() throws Exception {
        // Sessions of their own, which the registry does not tell: the check at the PUBLISH alone is at work.
        channel = new EmbeddedChannel();
        channel.pipeline().addLast(MqttEndpointInitializer.IDLE, new IdleStateHandler(10, 0, 0))
                .addLast(DeviceSessionHandler.NAME, new DeviceSessionHandler(hub.hub().units().devices(),
                        new DeviceSessions(100, 100), hub.hub().units().inbox(), hub.hub().people().audit(), hub.hub().metrics(), 600));
        login();
        hub.hub().units().devices().rotateSecret(unit.deviceId()).join();
        String id = MessageIds.next();

        channel.writeInbound(publish("carecall/v1/devices/bed-0001/up/alarm", "{\"v\":1,\"id\":\"" + id
                + "\",\"kind\":\"CALL_BUTTON\",\"raisedAt\":\"2026-11-22T08:00:00.000Z\",\"seq\":1,\"attempt\":1}", 7));

        assertThat((Object) channel.readOutbound()).as("no PUBACK").isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(hub.hub().calls().alarms().countById(id)).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            hub.hub().people().audit().flushRefusals();
            assertThat(hub.hub().people().audit().refusals(Instant.EPOCH, 50)).filteredOn(count -> count.subject() != null
                    && count.subject().equals(unit.deviceId())).extracting(count -> count.reason()).contains("publish.re-keyed");
        });
    }

    private void login() {
        channel.writeInbound(connect(unit.deviceId(), unit.deviceId(), unit.secret(), 30));
        MqttConnAckMessage ack = channel.readOutbound();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @SuppressWarnings("unchecked")
    private <T> T awaitOutbound() {
        Object[] out = new Object[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            channel.runPendingTasks();
            out[0] = channel.readOutbound();
            return out[0] != null;
        });
        return (T) out[0];
    }

    private static MqttMessage connect(String clientId, String username, String password, int keepAliveS) {
        return MqttMessageBuilders.connect().clientId(clientId).username(username)
                .password(password.getBytes(StandardCharsets.UTF_8)).keepAlive(keepAliveS).cleanSession(true)
                .protocolVersion(MqttVersion.MQTT_3_1_1).build();
    }

    private static MqttMessage publish(String topic, String payload, int packetId) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build();
    }
}
