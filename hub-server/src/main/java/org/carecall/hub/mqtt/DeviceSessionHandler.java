package org.carecall.hub.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.List;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.device.Device;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.inbox.DeviceInbox;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.protocol.DeviceIds;
import org.carecall.protocol.ProtocolException;
import org.carecall.protocol.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT conversation with the hub: login, topic permissions, and handing each PUBLISH to
 * the {@link DeviceInbox}.
 *
 * <p>Guarantees: a QoS 1 PUBLISH is acknowledged only when the inbox says it is safe (for an alarm: after
 * the commit); a device touches only its own topics; anything outside the contract (a malformed packet,
 * another device's topic, a subscription to {@code #}, QoS 2, a flood, silence past 1.5 x keep-alive)
 * closes this connection alone and leaves a row in the audit log; so does a PUBLISH after the unit was
 * revoked or re-keyed, which is refused unread, whichever hub node the change was made on.
 */
final class DeviceSessionHandler extends SimpleChannelInboundHandler<MqttMessage> {
    private static final Logger log = LoggerFactory.getLogger(DeviceSessionHandler.class);
    static final String NAME = "device-session";

    private final DeviceRegistry registry;
    private final DeviceSessions sessions;
    private final DeviceInbox inbox;
    private final AuditLog audit;
    private final HubMetrics metrics;
    private final int maxKeepAliveS;
    private DeviceSession session;

    DeviceSessionHandler(DeviceRegistry registry, DeviceSessions sessions, DeviceInbox inbox, AuditLog audit,
                         HubMetrics metrics, int maxKeepAliveS) {
        this.registry = registry;
        this.sessions = sessions;
        this.inbox = inbox;
        this.audit = audit;
        this.metrics = metrics;
        this.maxKeepAliveS = maxKeepAliveS;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            malformed(ctx, message);
            return;
        }
        if (session == null) {
            if (message instanceof MqttConnectMessage connect) {
                connect(ctx, connect);
            } else {
                refuse(ctx, "protocol.not-connected", null, message.fixedHeader().messageType() + " before CONNECT");
            }
            return;
        }
        switch (message.fixedHeader().messageType()) {
            case PUBLISH -> publish(ctx, (MqttPublishMessage) message);
            case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck()
                    .packetId(((MqttUnsubscribeMessage) message).variableHeader().messageId()).build());
            case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
            case PUBACK -> { } // the device received a downward message; durability rests on receipts, not on this
            case DISCONNECT -> ctx.close();
            case CONNECT -> refuse(ctx, "protocol.second-connect", session.deviceId(), "a second CONNECT on one connection");
            default -> refuse(ctx, "protocol.unexpected", session.deviceId(),
                    message.fixedHeader().messageType() + " is not used by CareCall devices");
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        String username = connect.payload().userName();
        // Nothing a stranger typed is kept unless it is shaped like a unit's id: a 15 KB name stays out of the log.
        String subject = DeviceIds.isValid(username) ? username : null;
        if (!sessions.accepting()) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "connect.handed-over",
                    subject, "this hub node cannot store calls now; the unit is to use another node");
            return;
        }
        byte[] password = connect.payload().passwordInBytes();
        int version = connect.variableHeader().version();
        if (version != MqttVersion.MQTT_3_1_1.protocolLevel() && version != MqttVersion.MQTT_3_1.protocolLevel()) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "connect.protocol-version", subject, "MQTT protocol level " + version + "; use 3.1.1");
            return;
        }
        if (username == null || password == null) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "connect.anonymous", null, "no user name or password");
            return;
        }
        if (subject == null) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "connect.bad-id", null, "a user name that is not shaped like a unit's id");
            return;
        }
        if (!username.equals(clientId)) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "connect.id-mismatch", username, "the client id differs from the user name");
            return;
        }
        DeviceRegistry.Admission admission = registry.admit(username, password, AuditLog.source(remote(ctx)));
        switch (admission.outcome()) {
            case ACCEPTED -> accept(ctx, connect, username, admission.credential());
            case UNKNOWN_DEVICE -> connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "connect.unknown-device", username, "no such device");
            case WRONG_SECRET -> connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    "connect.bad-secret", username, "wrong secret");
            case THROTTLED -> connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "connect.throttled", username, "too many wrong secrets or unknown ids from this address; not checked");
            case REVOKED -> connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "connect.revoked", username, "the device has been revoked");
        }
    }

    private void accept(ChannelHandlerContext ctx, MqttConnectMessage connect, String deviceId, String credential) {
        session = new DeviceSession(deviceId, remote(ctx), credential);
        ctx.channel().attr(DeviceSession.KEY).set(session);
        Channel replaced = sessions.register(deviceId, ctx.channel());
        if (replaced != null) {
            log.info("device {} connected again from {}; closing its previous connection", deviceId, session.remote());
            replaced.close();
        }
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        int limitS = keepAlive == 0 ? maxKeepAliveS : (int) Math.ceil(Math.min(keepAlive, maxKeepAliveS) * 1.5);
        ctx.pipeline().replace(MqttEndpointInitializer.IDLE, MqttEndpointInitializer.IDLE,
                new IdleStateHandler(limitS, 0, 0));
        MqttConnAckMessage accepted = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false).build();
        ctx.writeAndFlush(accepted);
        inbox.connected(deviceId, session.remote());
        log.info("device {} connected from {} (keep-alive {} s)", deviceId, session.remote(), keepAlive);
    }

    private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        long arrived = System.nanoTime();
        String deviceId = session.deviceId();
        if (!registry.holds(deviceId, session.credential())) {
            // Revoked or re-keyed since this connection logged in: whoever holds the old secret speaks for nobody.
            boolean revoked = registry.find(deviceId).map(Device::revoked).orElse(true);
            refuse(ctx, revoked ? "publish.revoked" : "publish.re-keyed", deviceId, (revoked
                    ? "the unit was revoked" : "the unit was given a new secret") + " after this connection logged in;"
                    + " its message on " + publish.variableHeader().topicName() + " was refused");
            return;
        }
        String topicName = publish.variableHeader().topicName();
        Topic topic;
        try {
            topic = Topic.parse(topicName);
        } catch (ProtocolException e) {
            refuse(ctx, "publish.bad-topic", deviceId, e.getMessage());
            return;
        }
        if (!topic.mayBePublishedBy(deviceId)) {
            refuse(ctx, "publish.forbidden-topic", deviceId, "publish to '" + topicName + "', which is not its own");
            return;
        }
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            refuse(ctx, "publish.qos2", deviceId, "QoS 2 is not used; send with QoS 1");
            return;
        }
        if (!sessions.allow(deviceId)) {
            refuse(ctx, "publish.flood", deviceId, "more messages than the per-device limit allows");
            return;
        }
        int packetId = publish.variableHeader().packetId();
        byte[] payload = ByteBufUtil.getBytes(publish.payload());
        Channel channel = ctx.channel();
        inbox.accept(deviceId, topic.channel(), payload, session.remote()).whenComplete((done, failure) ->
                channel.eventLoop().execute(() -> {
                    if (failure != null) {
                        // Not stored: no PUBACK. Closing makes the device resend from its outbox.
                        log.error("could not take {} from {}: {}", topic.channel().suffix(), deviceId, failure.getMessage());
                        channel.close();
                        return;
                    }
                    if (qos == MqttQoS.AT_LEAST_ONCE) {
                        channel.writeAndFlush(MqttMessageBuilders.pubAck().packetId(packetId).build());
                    }
                    if (topic.channel() == org.carecall.protocol.Channel.ALARM) {
                        metrics.receiptLatency(System.nanoTime() - arrived);
                    }
                }));
    }

    private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<MqttQoS> granted = new ArrayList<>();
        for (MqttTopicSubscription subscription : subscribe.payload().topicSubscriptions()) {
            if (!Topic.mayDeviceSubscribe(session.deviceId(), subscription.topicFilter())) {
                refuse(ctx, "subscribe.forbidden", session.deviceId(),
                        "subscribe to '" + subscription.topicFilter() + "', which is not its own down/#");
                return;
            }
            granted.add(subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
        }
        session.listen(granted.contains(MqttQoS.AT_LEAST_ONCE) ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE);
        ctx.writeAndFlush(MqttMessageBuilders.subAck()
                .packetId(subscribe.variableHeader().messageId())
                .addGrantedQoses(granted.toArray(MqttQoS[]::new))
                .build());
    }

    private void malformed(ChannelHandlerContext ctx, MqttMessage message) {
        Throwable cause = message.decoderResult().cause();
        String deviceId = session == null ? null : session.deviceId();
        if (session == null && cause instanceof MqttUnacceptableProtocolVersionException) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "connect.protocol-version", null, cause.getMessage());
        } else if (session == null && cause instanceof MqttIdentifierRejectedException) {
            connAckAndClose(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "connect.bad-client-id", null, cause.getMessage());
        } else {
            refuse(ctx, "protocol.malformed", deviceId, "malformed MQTT packet: " + cause);
        }
    }

    private void connAckAndClose(ChannelHandlerContext ctx, MqttConnectReturnCode code, String event, String deviceId,
                                 String reason) {
        audit.record(event, deviceId, remote(ctx), reason);
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(ChannelHandlerContext ctx, String event, String deviceId, String reason) {
        audit.record(event, deviceId, remote(ctx), reason);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            String deviceId = session == null ? null : session.deviceId();
            refuse(ctx, session == null ? "connect.timeout" : "keepalive.expired", deviceId,
                    session == null ? "no CONNECT in time" : "silent for longer than 1.5 x its keep-alive");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null && sessions.unregister(session.deviceId(), ctx.channel())) {
            inbox.disconnected(session.deviceId());
            log.info("device {} disconnected", session.deviceId());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String deviceId = session == null ? null : session.deviceId();
        audit.record("connection.error", deviceId, remote(ctx), String.valueOf(cause));
        ctx.close();
    }

    private static String remote(ChannelHandlerContext ctx) {
        return ProxiedAddress.of(ctx.channel());
    }
}
